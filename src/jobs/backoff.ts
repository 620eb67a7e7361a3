// Exponential backoff with full jitter for outbox retries.

/**
 * Delay before retry number `attempt` (1-based): base·2^(attempt−1), capped, then a random point in [cap/2, cap]
 * so that many failed deliveries do not retry in lockstep.
 */
export function backoffMs(attempt: number, baseMs = 1000, capMs = 3_600_000, random: () => number = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
