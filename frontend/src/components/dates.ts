// Every date and time on screen, in one format whatever the language or the screen (the
// admin's tables, a timeline, the public board): 2026-12-06 and 2026-12-06 12:49, in the
// reader's time zone. Plain functions, no dayjs: the public board draws dates before any
// antd (or dayjs) has loaded. A value that is not a time is shown as it came.
const pad = (n: number) => String(n).padStart(2, '0');

function parsed(at: string): Date | null {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? null : date;
}

const day = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const clock = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** `2026-12-06`. */
export function formatDate(at: string): string {
  const d = parsed(at);
  return d ? day(d) : at;
}

/** `2026-12-06 12:49`. */
export function formatDateTime(at: string): string {
  const d = parsed(at);
  return d ? `${day(d)} ${clock(d)}` : at;
}

/** `12:49`, for the end of a span that starts the same day. */
export function formatClock(at: string): string {
  const d = parsed(at);
  return d ? clock(d) : at;
}

/** "2026-03-10 09:00–13:00" within one day, "2026-03-10 09:00 – 2026-03-11 12:00" across days. */
export function formatSpan(from: string, to: string): string {
  return formatDate(from) === formatDate(to) ? `${formatDateTime(from)}–${formatClock(to)}` : `${formatDateTime(from)} – ${formatDateTime(to)}`;
}
