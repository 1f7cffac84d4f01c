/** Checks of a canned response before it is sent, the same the server makes. */

export const MAX_SHORTCUT = 32;
export const MAX_TITLE = 100;
export const MAX_BODY = 4000;

const SHORTCUT = /^[a-z0-9_-]{1,32}$/;
// Unicode control characters (category Cc), as Go's unicode.IsControl sees them.
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_BREAKS = /[^\P{Cc}\n\r\t]/u;

/** A shortcut as typed → as stored: surrounding blanks and one leading "/" dropped, lower-cased. */
export function normalizeShortcut(value: string): string {
  const trimmed = value.trim();
  return (trimmed.startsWith('/') ? trimmed.slice(1) : trimmed).toLowerCase();
}

export interface CannedErrors {
  shortcut?: string;
  title?: string;
  body?: string;
}

const length = (s: string) => [...s].length;

export function checkCanned(input: { shortcut: string; title: string; body: string }): CannedErrors {
  const errors: CannedErrors = {};
  const shortcut = normalizeShortcut(input.shortcut);
  if (!shortcut) errors.shortcut = 'Enter a shortcut.';
  else if (!SHORTCUT.test(shortcut)) errors.shortcut = `Use 1 to ${MAX_SHORTCUT} lower-case letters, digits, - or _.`;
  const title = input.title.trim();
  if (!title) errors.title = 'Enter a title.';
  else if (length(title) > MAX_TITLE) errors.title = `Use at most ${MAX_TITLE} characters.`;
  else if (CONTROL.test(title)) errors.title = 'Use one line without control characters.';
  const body = input.body.trim();
  if (!body) errors.body = 'Enter the text.';
  else if (length(body) > MAX_BODY) errors.body = `Use at most ${MAX_BODY} characters.`;
  else if (CONTROL_BUT_BREAKS.test(body)) errors.body = 'Remove the control characters (line breaks and tabs are fine).';
  return errors;
}
