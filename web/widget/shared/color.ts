/** The widget's colour: validation and a readable text colour on it. */

/** The colour used when the configured one is not "#rrggbb". */
export const DEFAULT_COLOR = '#2563eb';

/** Dark text used on light colours. */
export const DARK_TEXT = '#111827';

/** `color` when it is "#rrggbb", else the default. */
export function safeColor(color: unknown): string {
  return typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color) ? color : DEFAULT_COLOR;
}

/** WCAG relative luminance of "#rrggbb". */
export function luminance(color: string): number {
  const hex = safeColor(color);
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * White or dark text on `color`, whichever contrasts more (WCAG contrast
 * ratio: (L1 + 0.05) / (L2 + 0.05)).
 */
export function textOn(color: string): string {
  const l = luminance(color);
  const dark = luminance(DARK_TEXT);
  return 1.05 / (l + 0.05) >= (l + 0.05) / (dark + 0.05) ? '#ffffff' : DARK_TEXT;
}
