/**
 * Canned responses in the agent composer, as pure functions over the
 * composer's text and caret (UTF-16 offsets, as `selectionStart` gives them):
 *
 * - `/word` expands a canned response by shortcut;
 * - `#words` searches canned responses by title (or shortcut).
 *
 * A trigger counts only at the start of the text or after whitespace, so
 * URLs (`https://…`), paths (`a/b`) and `C#` never open the picker.
 */

/** A trigger under the caret: what the picker should look for and which text it replaces. */
export type ComposerTrigger =
  | { kind: 'shortcut'; query: string; start: number; end: number }
  | { kind: 'search'; query: string; start: number; end: number };

/** The longest `#` search the API accepts (`q`). */
export const MAX_SEARCH_LENGTH = 100;

/** The longest shortcut (`^[a-z0-9_-]{1,32}$`). */
export const MAX_SHORTCUT_LENGTH = 32;

const SHORTCUT_CHAR = /[A-Za-z0-9_-]/;
const BLANK = /\s/;

function isBlank(ch: string | undefined): boolean {
  return ch !== undefined && BLANK.test(ch);
}

/** Whether position i (of a `/` or `#`) starts a token: text start or after whitespace. */
function startsToken(text: string, i: number): boolean {
  return i === 0 || isBlank(text[i - 1]);
}

/**
 * The trigger the caret is in, or null.
 *
 * - `shortcut`: a `/` followed by shortcut characters (letters, digits, `-`,
 *   `_`) up to the caret; `query` is what was typed after the `/`, lower-cased
 *   (possibly empty: a bare `/` lists every response). `end` also covers the
 *   rest of the word after the caret, so expanding replaces the whole word.
 * - `search`: a `#` followed by words up to the caret on the same line;
 *   `query` is the text after `#` (single spaces allowed, not starting with
 *   a blank, no double blank, at most {@link MAX_SEARCH_LENGTH} characters).
 *   `end` also covers the rest of the word after the caret.
 *
 * `start` is the offset of the `/` or `#`; `text.slice(start, end)` is what
 * {@link applyExpansion} replaces. A shortcut wins over a search that
 * contains it (`#refund /greet|` is the shortcut `greet`).
 */
export function composerTrigger(text: string, caret: number): ComposerTrigger | null {
  if (!Number.isInteger(caret) || caret < 0 || caret > text.length) return null;

  // /shortcut: walk back over shortcut characters to the slash.
  let i = caret;
  while (i > 0 && SHORTCUT_CHAR.test(text[i - 1]) && caret - i < MAX_SHORTCUT_LENGTH + 1) i--;
  if (i > 0 && text[i - 1] === '/' && startsToken(text, i - 1) && caret - i <= MAX_SHORTCUT_LENGTH) {
    let end = caret;
    while (end < text.length && SHORTCUT_CHAR.test(text[end])) end++;
    return { kind: 'shortcut', query: text.slice(i, caret).toLowerCase(), start: i - 1, end };
  }

  // #search: the nearest '#' that starts a token on this line, within reach.
  for (let j = caret - 1; j >= 0 && caret - j - 1 <= MAX_SEARCH_LENGTH; j--) {
    const ch = text[j];
    if (ch === '\n' || ch === '\r') break;
    if (ch !== '#' || !startsToken(text, j)) continue;
    const query = text.slice(j + 1, caret);
    if (isBlank(query[0]) || /\s\s/.test(query)) return null;
    let end = caret;
    while (end < text.length && !isBlank(text[end])) end++;
    return { kind: 'search', query, start: j, end };
  }
  return null;
}

/** The composer's text and caret after an expansion. */
export interface Expansion {
  text: string;
  caret: number;
}

/**
 * Replaces the trigger's text (`/greet`, `#refund pol`) with the rendered
 * body and puts the caret right after it. Throws a RangeError when the
 * trigger does not fit the text (it was computed for another text).
 */
export function applyExpansion(text: string, trigger: ComposerTrigger, body: string): Expansion {
  const { start, end } = trigger;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > text.length) {
    throw new RangeError(`trigger ${start}..${end} is outside a text of length ${text.length}`);
  }
  return { text: text.slice(0, start) + body + text.slice(end), caret: start + body.length };
}
