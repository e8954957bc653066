/**
 * When a failed delivery is tried again: 30 s after the first failure, then four times longer
 * each time, capped at 12 hours. With the default 8 attempts the last one is made about 23 hours
 * after the first, so a receiver can be down for most of a day without losing an event.
 */

export const FIRST_RETRY_MS = 30_000;
export const RETRY_FACTOR = 4;
export const MAX_RETRY_DELAY_MS = 12 * 3_600_000;

/** The wait after the `attempt`-th failed attempt of a round (attempt ≥ 1). */
export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * RETRY_FACTOR ** Math.max(attempt - 1, 0), MAX_RETRY_DELAY_MS);
}

/** The waits between the attempts of one round, for documentation and the API. */
export function retrySchedule(maxAttempts: number): number[] {
  return Array.from({ length: Math.max(maxAttempts - 1, 0) }, (_, i) => retryDelayMs(i + 1));
}
