/**
 * The dashboard's period: the last 7, 30 or 90 days (today included) or a
 * custom range, kept in the URL (`?period=7`, `?period=custom&from=…&to=…`,
 * `&team=<id>`) so a reload or a shared link shows the same figures.
 * Days are `YYYY-MM-DD` strings in the browser's time zone.
 */

export type PeriodKind = '7' | '30' | '90' | 'custom';

export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
}

export const PRESETS: { kind: PeriodKind; label: string }[] = [
  { kind: '7', label: 'Last 7 days' },
  { kind: '30', label: 'Last 30 days' },
  { kind: '90', label: 'Last 90 days' },
  { kind: 'custom', label: 'Custom' },
];

/** The longest period the API answers, both ends counted. */
export const MAX_DAYS = 366;

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** Today in the browser's time zone. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Milliseconds of a day's UTC midnight, or NaN for anything but a real `YYYY-MM-DD`. */
function dayMs(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return NaN;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day ? NaN : ms;
}

/** `day` moved by `n` days (calendar arithmetic, no DST surprises). */
export function addDays(day: string, n: number): string {
  return new Date(dayMs(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** How many days from `from` to `to`, both included. */
export function dayCount(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS) + 1;
}

/** Why a custom range cannot be asked for, or null when it can. */
export function rangeError(from: string, to: string): string | null {
  if (Number.isNaN(dayMs(from)) || Number.isNaN(dayMs(to))) return 'Enter a first and a last day.';
  if (from > to) return 'The first day must not be after the last day.';
  if (dayCount(from, to) > MAX_DAYS) return `Choose at most ${MAX_DAYS} days.`;
  return null;
}

/** The period a dashboard URL asks for; the last 30 days when it asks for nothing valid. */
export function periodFromQuery(query: URLSearchParams, today: string): Period {
  const kind = query.get('period');
  if (kind === 'custom') {
    const from = query.get('from') ?? '';
    const to = query.get('to') ?? '';
    if (!rangeError(from, to)) return { kind, from, to };
  }
  const days = kind === '7' || kind === '90' ? kind : '30';
  return { kind: days, from: addDays(today, 1 - Number(days)), to: today };
}

/** The dashboard URL for a period and a team ('' for all teams). */
export function dashboardURL(period: Period, team: string): string {
  const params = new URLSearchParams();
  if (period.kind !== '30') params.set('period', period.kind);
  if (period.kind === 'custom') {
    params.set('from', period.from);
    params.set('to', period.to);
  }
  if (team) params.set('team', team);
  const qs = params.toString();
  return qs ? `/?${qs}` : '/';
}

/** The browser's IANA time zone, e.g. "Europe/Berlin". */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
