// Slack Web API errors as the outbox understands them.
import { RateLimited } from '../chat/rate-limit.js';

/** The WebClient's rate-limit error (thrown with `rejectRateLimitedCalls`), as `RateLimited`; other errors as they are. */
export function rateLimitedOf(e: unknown, what: string): unknown {
  const err = e as { code?: string; retryAfter?: number };
  return err?.code === 'slack_webapi_rate_limited_error' ? new RateLimited(Math.max(1, err.retryAfter ?? 1) * 1000, `Slack ${what}`) : e;
}
