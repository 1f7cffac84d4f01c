/**
 * Durations in forms: shown in seconds, minutes or hours, sent to the API in
 * seconds.
 */

export type DurationUnit = 'seconds' | 'minutes' | 'hours';

export const UNIT_SECONDS: Record<DurationUnit, number> = { seconds: 1, minutes: 60, hours: 3600 };

export const UNITS: DurationUnit[] = ['seconds', 'minutes', 'hours'];

/** A duration as a form shows it: the amount typed and its unit. */
export interface DurationDraft {
  amount: string;
  unit: DurationUnit;
}

/** Seconds in the largest unit that shows them exactly: 7200 → 2 hours, 90 → 90 seconds, 5400 → 90 minutes. */
export function splitDuration(seconds: number): DurationDraft {
  if (seconds > 0 && seconds % 3600 === 0) return { amount: String(seconds / 3600), unit: 'hours' };
  if (seconds % 60 === 0) return { amount: String(seconds / 60), unit: 'minutes' };
  return { amount: String(seconds), unit: 'seconds' };
}

/** The seconds a draft stands for (rounded to whole seconds), or null when the amount is not a number. */
export function toSeconds(draft: DurationDraft): number | null {
  const text = draft.amount.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(text)) return null;
  return Math.round(Number(text) * UNIT_SECONDS[draft.unit]);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** 3600 → "1 hour", 5400 → "1 hour 30 minutes", 90 → "1 minute 30 seconds", 0 → "0 seconds". */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return '0 seconds';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts: string[] = [];
  if (h) parts.push(plural(h, 'hour'));
  if (m) parts.push(plural(m, 'minute'));
  if (s) parts.push(plural(s, 'second'));
  return parts.join(' ');
}

/** An error for a duration outside [min, max] seconds (or not a number), or null. */
export function checkDuration(seconds: number | null, min: number, max: number): string | null {
  if (seconds === null) return 'Enter a number.';
  if (seconds < min || seconds > max) return `Between ${formatDuration(min)} and ${formatDuration(max)}.`;
  return null;
}

/** The server's "between 5 and 3600" (seconds) in words; other messages unchanged. */
export function humanizeRangeMessage(message: string): string {
  const match = /^between (\d+) and (\d+)$/.exec(message);
  if (!match) return message;
  return `Between ${formatDuration(Number(match[1]))} and ${formatDuration(Number(match[2]))}.`;
}
