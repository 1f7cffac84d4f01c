/**
 * How a widget looks to visitors (the colour of its button and header, the
 * panel's title and greeting, the corner it sits in and the language of its
 * texts): the defaults, the choices, the checks the server also makes, and
 * what a form changed.
 */
import { safeColor, textOn } from '../../widget/shared/color';
import type { Widget, WidgetAppearance, WidgetLanguage, WidgetPosition } from '../api/management';

export const APPEARANCE_KEYS = ['color', 'title', 'greeting', 'position', 'language'] as const;

export const DEFAULT_APPEARANCE: WidgetAppearance = {
  color: '#2563eb',
  title: 'Chat with us',
  greeting: 'Hi! How can we help you today?',
  position: 'right',
  language: 'en',
};

export const TITLE_MAX = 60;
export const GREETING_MAX = 500;

/** The widget's languages, named in English with their own name. */
export const LANGUAGES: { value: WidgetLanguage; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'fr', label: 'French (français)' },
  { value: 'de', label: 'German (Deutsch)' },
  { value: 'es', label: 'Spanish (español)' },
  { value: 'nl', label: 'Dutch (Nederlands)' },
  { value: 'pt', label: 'Portuguese (português)' },
];

export const POSITIONS: { value: WidgetPosition; label: string }[] = [
  { value: 'right', label: 'Bottom right' },
  { value: 'left', label: 'Bottom left' },
];

const COLOR = /^#[0-9a-f]{6}$/i;

export function isColor(value: string): boolean {
  return COLOR.test(value.trim());
}

/** The widget's appearance (the defaults for a new widget). */
export function appearanceOf(widget?: Widget): WidgetAppearance {
  if (!widget) return { ...DEFAULT_APPEARANCE };
  const { color, title, greeting, position, language } = widget;
  return { color, title, greeting, position, language };
}

/** The draft as it is sent: colour in lower case, title and greeting trimmed. */
export function normalizeAppearance(draft: WidgetAppearance): WidgetAppearance {
  return {
    ...draft,
    color: draft.color.trim().toLowerCase(),
    title: draft.title.trim(),
    greeting: draft.greeting.trim(),
  };
}

/** Characters as the server counts them (code points, not UTF-16 units). */
function length(text: string): number {
  return [...text].length;
}

/** The draft's problems by field name ({} when it can be sent). */
export function checkAppearance(draft: WidgetAppearance): Record<string, string> {
  const found: Record<string, string> = {};
  const { color, title, greeting } = normalizeAppearance(draft);
  if (!isColor(color)) found.color = 'Enter a colour as #rrggbb, e.g. #2563eb.';
  if (!title) found.title = 'Enter a title.';
  else if (length(title) > TITLE_MAX) found.title = `Use at most ${TITLE_MAX} characters.`;
  if (length(greeting) > GREETING_MAX) found.greeting = `Use at most ${GREETING_MAX} characters.`;
  return found;
}

/** The fields of `next` that differ from the widget's current appearance. */
export function appearanceChanges(widget: Widget, next: WidgetAppearance): Partial<WidgetAppearance> {
  const current = appearanceOf(widget);
  const patch: Partial<WidgetAppearance> = {};
  for (const key of APPEARANCE_KEYS) {
    if (next[key] !== current[key]) (patch as Record<string, string>)[key] = next[key];
  }
  return patch;
}

/** Dark or white text, whichever contrasts more with `color` (as the widget itself picks it). */
export function contrastOn(color: string): string {
  return textOn(safeColor(color.trim().toLowerCase()));
}

/** The label of a corner ("Bottom right"). */
export function positionName(position: WidgetPosition): string {
  return POSITIONS.find((p) => p.value === position)?.label ?? position;
}

/** The label of a language ("French (français)"). */
export function languageName(language: WidgetLanguage): string {
  return LANGUAGES.find((l) => l.value === language)?.label ?? language;
}
