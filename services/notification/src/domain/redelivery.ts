/**
 * When a job handed to the delivery queue counts as lost if its row is still not done: the sweeper
 * hands it over again then. A job is due at once when handed over, or after its retry's delay
 * when an attempt failed; `redeliverAfterMs` past that, nothing consumed it: the broker lost it.
 * Null when no retry follows (the row is failed, nothing to hand over again).
 */
export function redeliveryDue(
  now: Date,
  options: { redeliverAfterMs: number; retryDelaysMs: readonly number[] },
  failedAttempt?: number,
): Date | null {
  if (failedAttempt === undefined) return new Date(now.getTime() + options.redeliverAfterMs);
  const retryDelay = options.retryDelaysMs[failedAttempt - 1];
  if (retryDelay === undefined) return null;
  return new Date(now.getTime() + retryDelay + options.redeliverAfterMs);
}
