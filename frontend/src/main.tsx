import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App, queryClient } from './app/App';
import { session } from './auth/session';
import { prefetchBoard } from './features/board/api';
import { ready } from './i18n';
import './styles.css';

// A visitor landing on the public board (`/` leads an anonymous one there) should not wait
// for the board's chunk before its requests start. The unfiltered first page may be on its
// way already (early.ts); the unit lists, or a filtered board's page, start now under the
// board's query keys; and the board's chunk (which the shell preloads) runs now too,
// instead of after the first render.
const path = window.location.pathname;
if (path === '/board' || (path === '/' && !session.current())) {
  prefetchBoard(queryClient, path === '/board' ? window.location.search : '');
  void import('./features/board/BoardPage').catch(() => undefined);
}

const root = document.getElementById('root');
if (root) {
  void ready.then(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}
