// Where one's own password is changed, and where to go on from there. No React and no antd:
// the layout, drawn on the public board before antd loads, links here.

export const CHANGE_PASSWORD_PATH = '/account/password';

/** Where to go on after the change: a path of this app, never back here nor to another site. */
export function nextAfterPassword(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return null;
  return next.split('?')[0] === CHANGE_PASSWORD_PATH ? null : next;
}

/** The change-password page's address, remembering where the reader was going. */
export function changePasswordHref(from: string): string {
  const next = nextAfterPassword(from);
  return next ? `${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(next)}` : CHANGE_PASSWORD_PATH;
}
