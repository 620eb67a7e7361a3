// Platform rate limits: the documented limits as a table (with where each number comes from), a token-bucket limiter
// per app and per chat that messengers consult before each call, and `RateLimited`, the error that tells the outbox
// "not now, try again after this long" (a rate-limited delivery is retried later without spending an attempt).

/** Thrown by a messenger when the platform (or our own limiter) says to wait; the outbox defers the message. */
export class RateLimited extends Error {
  constructor(
    readonly retryAfterMs: number,
    what: string,
  ) {
    super(`rate limited: ${what} (retry after ${Math.ceil(retryAfterMs)} ms)`);
  }
}

/** At most `count` calls per `perMs`, per key (an app, a chat, a message). */
export interface Rule {
  readonly count: number;
  readonly perMs: number;
}

/**
 * The limits we keep to without being told. Where a platform documents several windows (Feishu: 1000/min and 50/s),
 * both apply. Sources:
 *
 * | platform | scope | limit | source |
 * | --- | --- | --- | --- |
 * | Feishu | per app, im.v1.message.create and .patch | 50/s and 1000/min | open.feishu.cn "Rate limits" (server-docs/api-call-guide/frequency-control: "1000次/分&50次/秒" tiers; 429 + code 99991400 + `x-ogw-ratelimit-reset` seconds); per-API tier from the im/v1/message create and patch pages (UNCONFIRMED here: those pages were not in the reference library) |
 * | Feishu | per chat (one user or group) | 5/s | im/v1/message create page: "向同一用户发送消息的限频为 5 QPS、向同一群组…共享 5 QPS" (UNCONFIRMED, as above) |
 * | Feishu | per message, patch | 5/s | im/v1/message patch page: "单条消息更新频控为 5 QPS" (UNCONFIRMED, as above) |
 * | DingTalk | per app | 20/s | developer.aliyun.com/ask/615474 (DingTalk developer community: standard 20 QPS, professional 40, dedicated 60); over it: HTTP 403 with code `Forbidden.AccessDenied.QpsLimitForApi` / `…QpsLimitForAppkeyAndApi` (UNCONFIRMED: code names from the brief, not a DingTalk page) |
 * | Slack | per channel, chat.postMessage | 1/s | api.slack.com/docs/rate-limits: "chat.postMessage generally allows posting one message per second per channel"; 429 + `Retry-After` seconds |
 * | Slack | per workspace, chat.update | 50/min | api.slack.com/docs/rate-limits: Tier 3 "50+ per minute" (chat.update is Tier 3 per its method page, UNCONFIRMED here) |
 */
export const PLATFORM_LIMITS = {
  feishu: {
    app: [
      { count: 50, perMs: 1000 },
      { count: 1000, perMs: 60_000 },
    ],
    chat: [{ count: 5, perMs: 1000 }],
    message: [{ count: 5, perMs: 1000 }],
  },
  dingtalk: { app: [{ count: 20, perMs: 1000 }], chat: [] as Rule[], message: [] as Rule[] },
  slack: { app: [{ count: 50, perMs: 60_000 }], chat: [{ count: 1, perMs: 1000 }], message: [] as Rule[] },
} as const satisfies Record<string, { app: readonly Rule[]; chat: readonly Rule[]; message: readonly Rule[] }>;

export type LimitScope = 'app' | 'chat' | 'message';
export type PlatformRules = Readonly<Record<LimitScope, readonly Rule[]>>;

/** One thing a call counts against: a scope's rules and the key (app id, chat id, message id) they apply to. */
export interface LimitKey {
  readonly scope: LimitScope;
  readonly key: string;
}

/**
 * Token buckets per (scope, key, rule), and keys the platform told us to leave alone until a time. In-process: each
 * instance keeps its own share (a deployment of N instances sets limits to 1/N, see `scaleRules`).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly blocked = new Map<string, number>();

  constructor(
    private readonly rules: PlatformRules,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Takes one token from every bucket of `keys`, or none: answers 0 when the call may go now, else how many
   * milliseconds until it could (nothing is taken then).
   */
  take(keys: readonly LimitKey[]): number {
    const now = this.now();
    let wait = 0;
    const touched: { id: string; b: { tokens: number; at: number } }[] = [];
    for (const k of keys) {
      const until = this.blocked.get(`${k.scope}:${k.key}`);
      if (until !== undefined) {
        if (until > now) wait = Math.max(wait, until - now);
        else this.blocked.delete(`${k.scope}:${k.key}`);
      }
      this.rules[k.scope].forEach((r, i) => {
        const id = `${k.scope}:${i}:${k.key}`;
        const b = this.refill(id, r, now);
        if (b.tokens < 1) wait = Math.max(wait, Math.ceil(((1 - b.tokens) * r.perMs) / r.count));
        touched.push({ id, b });
      });
    }
    if (wait > 0) return wait;
    for (const t of touched) t.b.tokens -= 1;
    if (this.buckets.size > 50_000) this.forgetFull(now);
    return 0;
  }

  /** The platform answered "rate limited, retry after `ms`": nothing more for this key until then. */
  block(key: LimitKey, ms: number): void {
    const id = `${key.scope}:${key.key}`;
    this.blocked.set(id, Math.max(this.blocked.get(id) ?? 0, this.now() + ms));
  }

  private refill(id: string, r: Rule, now: number) {
    let b = this.buckets.get(id);
    if (!b) this.buckets.set(id, (b = { tokens: r.count, at: now }));
    else {
      b.tokens = Math.min(r.count, b.tokens + ((now - b.at) * r.count) / r.perMs);
      b.at = now;
    }
    return b;
  }

  /** Drops buckets that are full again (they hold nothing a fresh bucket would not). */
  private forgetFull(now: number) {
    for (const [id, b] of this.buckets) if (now - b.at > 60_000) this.buckets.delete(id);
  }
}

/** Limits for one of `instances` instances sharing an app's quota (at least one call per window each). */
export function scaleRules(rules: PlatformRules, instances: number): PlatformRules {
  const n = Math.max(1, instances);
  const scale = (rs: readonly Rule[]) => rs.map((r) => ({ count: Math.max(1, Math.floor(r.count / n)), perMs: r.perMs }));
  return { app: scale(rules.app), chat: scale(rules.chat), message: scale(rules.message) };
}

/** No proactive limit (a loopback fake, or a platform plan with its own quota); 429s are still honoured. */
export const UNLIMITED: PlatformRules = { app: [], chat: [], message: [] };

/**
 * Waits for the limiter when the wait is short (at most `maxWaitMs`), else throws `RateLimited` so the outbox puts the
 * message back for later instead of holding a delivery slot.
 */
export async function acquire(limiter: RateLimiter, keys: readonly LimitKey[], what: string, maxWaitMs = 1000, sleep = defaultSleep): Promise<void> {
  for (;;) {
    const wait = limiter.take(keys);
    if (wait === 0) return;
    if (wait > maxWaitMs) throw new RateLimited(wait, what);
    await sleep(wait);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Parses a seconds header (`Retry-After`, `x-ogw-ratelimit-reset`) into milliseconds, with a fallback. */
export function secondsHeader(value: unknown, fallbackMs: number): number {
  const v = Array.isArray(value) ? value[0] : value;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.max(1, n * 1000) : fallbackMs;
}
