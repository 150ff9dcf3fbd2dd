import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App, queryClient } from './app/App';
import { session } from './auth/session';
import { prefetchBoard } from './features/board/queries';
import { ready } from './i18n';
import './styles.css';

// A visitor landing on the public board (`/` leads an anonymous one there) should not wait
// for the board's chunk before its requests start: they start now, and the chunk is asked
// for at the same time instead of after the first render.
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
