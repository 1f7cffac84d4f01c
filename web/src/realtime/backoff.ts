/** Reconnect delays: exponential growth with jitter, capped. */

/** First delay (before jitter). */
export const BACKOFF_BASE_MS = 1_000;
/** No delay is longer than this. */
export const BACKOFF_CAP_MS = 30_000;

/**
 * Milliseconds to wait before reconnect attempt `attempt` (0 for the first
 * retry): the exponential step min(cap, base·2^attempt), of which the upper
 * half is random ("equal jitter"), so a fleet of consoles that lost the server
 * together does not come back in lockstep, yet nobody retries in a tight loop.
 */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  base = BACKOFF_BASE_MS,
  cap = BACKOFF_CAP_MS,
): number {
  const n = Math.max(0, Math.floor(attempt));
  // 2^n overflows to Infinity for huge n; min() keeps it at the cap.
  const step = Math.min(cap, base * 2 ** n);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(step / 2 + (step / 2) * r);
}
