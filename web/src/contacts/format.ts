/** Display helpers of the contact screens. */
import { ApiError } from '../api/client';
import { STATUS_LABELS } from '../chat/format';

/** "ended" → "Ended"; unknown statuses are shown as sent. */
export function chatStatusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

/** A date without the time, e.g. "3 Mar 2026"; the input when unreadable. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** A time of day, e.g. "14:05"; the input when unreadable. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString(undefined, { timeStyle: 'short' });
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bSamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/\b(?:Chrome|CriOS)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)[^ ]*(?: Mobile\/\S+)? Safari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

/** A user agent as people say it: "Firefox 128 on Windows"; "Unknown browser" when empty. */
export function describeBrowser(userAgent: string): string {
  const ua = userAgent.trim();
  if (!ua) return 'Unknown browser';
  let browser: string | null = null;
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(ua);
    if (match) {
      browser = `${name} ${match[1]}`;
      break;
    }
  }
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  if (!browser) return system ? `Other browser on ${system}` : ua.length > 60 ? `${ua.slice(0, 57)}…` : ua;
  return system ? `${browser} on ${system}` : browser;
}

/**
 * The message to show for a failed call about `field`: the server's message
 * for that field (or for one of its parts, e.g. "custom_fields.plan"), else
 * the error's message.
 */
export function errorFor(err: unknown, ...fields: string[]): string {
  if (err instanceof ApiError) {
    for (const field of fields) {
      if (err.fields[field]) return err.fields[field];
      const part = Object.keys(err.fields).find((name) => name.startsWith(`${field}.`) || name.startsWith(`${field}[`));
      if (part) return err.fields[part];
    }
    return err.message;
  }
  return 'Something went wrong. Please try again.';
}
