/**
 * Exponential backoff with FULL jitter (AWS architecture blog, "Exponential Backoff And
 * Jitter"): a uniformly random delay in [0, min(cap, base * 2^attempt)). Spreading retries over
 * the whole window keeps many clients from hammering a recovering server in lockstep.
 */
export function fullJitterDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
