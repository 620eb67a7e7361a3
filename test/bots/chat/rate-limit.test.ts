// The platform rate limiter: token buckets per app / chat / message on an injected clock, platform "wait" answers,
// and the header parsing for Retry-After / x-ogw-ratelimit-reset.
import { describe, expect, it } from 'vitest';
import { acquire, PLATFORM_LIMITS, RateLimited, RateLimiter, scaleRules, secondsHeader } from '../../../bots/chat/rate-limit.js';

const clockAt = (start = 0) => {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe('rate limiter', () => {
  it('lets a chat have Feishu’s 5 messages a second, then says how long to wait', () => {
    const c = clockAt();
    const l = new RateLimiter(PLATFORM_LIMITS.feishu, c.now);
    const keys = [{ scope: 'app' as const, key: 'cli_a' }, { scope: 'chat' as const, key: 'open_id:ou_1' }];
    for (let i = 0; i < 5; i++) expect(l.take(keys)).toBe(0);
    expect(l.take(keys)).toBe(200);
    // Another chat of the same app is not held back by the first one's limit.
    expect(l.take([{ scope: 'app', key: 'cli_a' }, { scope: 'chat', key: 'open_id:ou_2' }])).toBe(0);
    c.advance(200);
    expect(l.take(keys)).toBe(0);
  });

  it('holds the whole app to 50 calls a second across chats', () => {
    const c = clockAt();
    const l = new RateLimiter(PLATFORM_LIMITS.feishu, c.now);
    for (let i = 0; i < 50; i++) expect(l.take([{ scope: 'app', key: 'cli_a' }, { scope: 'chat', key: `chat_${i}` }])).toBe(0);
    expect(l.take([{ scope: 'app', key: 'cli_a' }, { scope: 'chat', key: 'chat_new' }])).toBe(20);
    // A refused call takes no token from the chat it named.
    c.advance(20);
    expect(l.take([{ scope: 'app', key: 'cli_a' }, { scope: 'chat', key: 'chat_new' }])).toBe(0);
  });

  it('keeps a key blocked for the time the platform gave', () => {
    const c = clockAt();
    const l = new RateLimiter(PLATFORM_LIMITS.dingtalk, c.now);
    const app = { scope: 'app' as const, key: 'ding' };
    l.block(app, 7000);
    expect(l.take([app])).toBe(7000);
    c.advance(6999);
    expect(l.take([app])).toBe(1);
    c.advance(1);
    expect(l.take([app])).toBe(0);
  });

  it('waits out a short limit, and hands a long one back to the outbox as RateLimited', async () => {
    const c = clockAt();
    const l = new RateLimiter(PLATFORM_LIMITS.slack, c.now);
    const chat = [{ scope: 'chat' as const, key: 'C1' }];
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
      c.advance(ms);
    };
    await acquire(l, chat, 'post', 1000, sleep);
    await acquire(l, chat, 'post', 1000, sleep);
    expect(slept).toEqual([1000]);
    l.block(chat[0]!, 30_000);
    const e = await acquire(l, chat, 'post', 1000, sleep).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RateLimited);
    expect((e as RateLimited).retryAfterMs).toBe(30_000);
  });

  it('divides an app’s quota among instances, never below one call per window', () => {
    expect(scaleRules(PLATFORM_LIMITS.feishu, 4).app).toEqual([
      { count: 12, perMs: 1000 },
      { count: 250, perMs: 60_000 },
    ]);
    expect(scaleRules(PLATFORM_LIMITS.slack, 10).chat).toEqual([{ count: 1, perMs: 1000 }]);
  });

  it('reads seconds headers, falling back when absent or malformed', () => {
    expect(secondsHeader('7', 1000)).toBe(7000);
    expect(secondsHeader(['3'], 1000)).toBe(3000);
    expect(secondsHeader(undefined, 1000)).toBe(1000);
    expect(secondsHeader('soon', 500)).toBe(500);
  });
});
