/**
 * Chart scales. A plot is a viewBox of SLOT units per day by HEIGHT units, so
 * a value's height is its share of the axis maximum in percent.
 */

/** Width of one day in viewBox units. */
export const SLOT = 10;
/** Height of the plot in viewBox units. */
export const HEIGHT = 100;

/** The height of `value` on an axis from 0 to `max`, clamped to [0, height]. */
export function scale(value: number, max: number, height = HEIGHT): number {
  if (!(max > 0) || !(value > 0)) return 0;
  return Math.min(height, (value / max) * height);
}

/** The smallest "round" axis maximum (1, 2, 4, 6, 8 × 10ⁿ) at or above `value`, and at least `floor`. */
export function niceMax(value: number, floor = 1): number {
  const v = Math.max(value, floor);
  const power = 10 ** Math.floor(Math.log10(v));
  const step = [1, 2, 4, 6, 8, 10].find((s) => s * power >= v * (1 - 1e-9))!;
  return step * power;
}

/** A round axis maximum for durations in seconds, in whole seconds, minutes, hours or days. */
export function durationMax(seconds: number): number {
  const unit = seconds <= 60 ? 1 : seconds <= 3_600 ? 60 : seconds <= 86_400 ? 3_600 : 86_400;
  return niceMax(seconds / unit, 2) * unit;
}

/** A line through the values, lifted at nulls so a day without data is a gap. */
export function linePath(values: (number | null)[], max: number): string {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${i * SLOT + SLOT / 2} ${round(HEIGHT - scale(v, max))}`;
    pen = true;
  });
  return d;
}

/** Two decimals are plenty for SVG coordinates. */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
