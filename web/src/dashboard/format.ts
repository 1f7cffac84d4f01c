/** How the dashboard writes numbers, durations and days. */

/** 1234 → "1,234" (in the browser's locale). */
export function formatCount(n: number): string {
  return n.toLocaleString();
}

/**
 * A duration in human units, to at most two of them: "45 s", "2 min 5 s",
 * "1 h 20 min", "2 d 3 h"; "—" for no value.
 */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const units: [number, string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  // Round to the smaller of the two units shown, then split.
  const big = units.findIndex(([size]) => seconds >= size);
  if (big < 0) return seconds > 0 ? '< 1 s' : '0 s';
  const small = units[Math.min(big + 1, units.length - 1)][0];
  const total = Math.round(seconds / small) * small;
  const [size, unit] = units[units.findIndex(([s]) => total >= s)];
  const whole = Math.floor(total / size);
  const rest = total - whole * size;
  const next = units.find(([s]) => s < size);
  return rest && next ? `${whole} ${unit} ${Math.round(rest / next[0])} ${next[1]}` : `${whole} ${unit}`;
}

/** "2026-11-01" → "1 Nov" (with the year: "1 Nov 2026"). */
export function formatDay(day: string, withYear = false): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: withYear ? 'numeric' : undefined,
    timeZone: 'UTC',
  });
}

/** "1 Nov – 30 Nov 2026". */
export function formatRange(from: string, to: string): string {
  return from === to ? formatDay(to, true) : `${formatDay(from)} – ${formatDay(to, true)}`;
}
