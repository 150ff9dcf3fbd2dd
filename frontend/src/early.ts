// The first script of the shell, with no imports: for an anonymous visitor opening the
// unfiltered public board (or `/`, which leads them there) it asks for the board's first
// page at once, while React and the app are still arriving, and leaves the answer for the
// board (features/board/api.ts takes it). Anything else is left to the app.

/** `session.ts`'s key: a signed-in browser is not a first-time visitor (a test pins it). */
export const SESSION_KEY = 'gongzhi.session';
/** What `fetchBoardPage` asks for an unfiltered board's first page (a test pins it). */
export const BOARD_FIRST_PAGE = '/api/v1/public/demands?limit=20';

declare global {
  interface Window {
    /** The board's first page, asked for by early.ts; taken (and cleared) by the board. */
    gongzhiBoardFirstPage?: Promise<Response>;
  }
}

function anonymous(): boolean {
  try {
    return !localStorage.getItem(SESSION_KEY);
  } catch {
    return true;
  }
}

const { pathname, search } = window.location;
if ((pathname === '/board' || pathname === '/') && !search && anonymous()) {
  window.gongzhiBoardFirstPage = fetch(BOARD_FIRST_PAGE, { credentials: 'same-origin', headers: { accept: 'application/json' } });
}
