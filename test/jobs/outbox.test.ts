import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.js';
import { enqueue, outboxStats } from '../../db/repos/outbox.js';
import { dispatchOnce, startDispatcher, type OutboxBatchHandler, type OutboxHandler } from '../../src/jobs/dispatcher.js';
import { backoffMs } from '../../src/jobs/backoff.js';
import { outboxHandlers } from '../../src/services.js';
import { silentLogger } from '../../src/log.js';
import { RateLimited } from '../../bots/chat/rate-limit.js';
import { expense, testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let server: Server;
let url: string;
let failNext = 0;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

// Each test gets a service and database of its own (its own outbox, clock and subscriptions), so the tests run in
// any order; the receiver is shared and forgets what it received before each test.
beforeEach(async () => {
  // The receiver listens on loopback, which webhooks may only reach when allow-listed (development and tests).
  t = await testApp({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
  received.length = 0;
  failNext = 0;
});
afterEach(async () => {
  await t?.close();
});
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  server.close();
});

// Due times follow the test's clock: a retry becomes due when the test moves the clock, never by sleeping.
const clock = { now: () => t.clock.now() };
const opts = { batch: 100, maxAttempts: 3, concurrency: 8, clock };
const HOUR = 3_600_000;
/** Polls `done` until it holds or `ms` pass (for the background dispatcher, which runs on its own). */
const until = async (done: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  return done();
};
const drain = async () => {
  for (let i = 0; i < 10; i++) {
    const r = await dispatchOnce(t.database.db, outboxHandlers(t.deps), opts, silentLogger);
    if (r.claimed === 0) return;
  }
};

describe('outbox and signed webhooks', () => {
  it('delivers every status change to a subscriber, HMAC-signed, once', async () => {
    const hook = await t.call('POST', '/api/v1/webhooks', { url, events: ['approval.*', 'request.submitted'] });
    expect(hook.status).toBe(201);
    const s = await t.call('POST', '/api/v1/requests', expense());
    await t.call('POST', `/api/v1/approvals/${s.body.approvalId}/actions`, { actorId: 'e_wangqiang', action: 'approve' });
    await drain();
    const types = received.map((r) => r.headers['x-spend-event']);
    expect(types).toEqual(expect.arrayContaining(['request.submitted', 'approval.submitted', 'approval.step_activated', 'approval.approved']));
    for (const r of received) {
      const [tPart, vPart] = String(r.headers['x-spend-signature']).split(',');
      const ts = tPart!.slice(2);
      expect(vPart).toBe(`v1=${createHmac('sha256', hook.body.secret).update(`${ts}.${r.body}`).digest('hex')}`);
    }
    const keys = received.map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(keys.length);
    expect(JSON.parse(received.find((r) => r.headers['x-spend-event'] === 'approval.approved')!.body)).toMatchObject({
      type: 'approval.approved',
      orgId: 'demo',
      payload: { subject: { id: s.body.request.id } },
    });
  });

  it('retries a failed delivery and succeeds later', async () => {
    expect((await t.call('POST', '/api/v1/webhooks', { url, events: ['request.submitted'] })).status).toBe(201);
    failNext = 1;
    await t.call('POST', '/api/v1/requests', expense());
    await drain();
    // The failed message waits for its backoff: not due until the clock passes it.
    expect((await outboxStats(t.database.db, 'demo')).pending ?? 0).toBeGreaterThan(0);
    t.clock.advance(HOUR);
    await drain();
    expect(received.map((r) => r.headers['x-spend-event'])).toEqual(['request.submitted']);
    const stats = await outboxStats(t.database.db, 'demo');
    expect(stats.pending ?? 0).toBe(0);
  });

  it('moves a message that keeps failing to dead-letter after the maximum attempts', async () => {
    let calls = 0;
    const failing: OutboxHandler = async () => {
      calls++;
      throw new Error('receiver down');
    };
    await enqueue(t.database.db, [{ orgId: 'demo', topic: 'test.fail', key: `fail-${randomBytes(4).toString('hex')}`, payload: {} }]);
    const handlers = new Map([['test.fail', failing]]);
    for (let i = 0; i < 5; i++) {
      await dispatchOnce(t.database.db, handlers, opts, silentLogger);
      t.clock.advance(HOUR);
    }
    expect(calls).toBe(3);
    const [row] = rowsOf<{ status: string; last_error: string }>(await t.database.db.execute(sql`SELECT status, last_error FROM outbox WHERE topic = 'test.fail'`));
    expect(row).toEqual({ status: 'dead', last_error: 'receiver down' });
  });

  it('sends nothing twice when several dispatchers run at once', async () => {
    const seen = new Map<string, number>();
    const counting: OutboxHandler = async (m) => {
      seen.set(m.key, (seen.get(m.key) ?? 0) + 1);
    };
    await enqueue(t.database.db, Array.from({ length: 300 }, (_, i) => ({ orgId: 'demo', topic: 'test.count', key: `count-${i}`, payload: { i } })));
    const handlers = new Map([['test.count', counting]]);
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 10; i++) await dispatchOnce(t.database.db, handlers, { ...opts, batch: 20 }, silentLogger);
    }));
    expect(seen.size).toBe(300);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('hands a batch handler all its messages at once, and retries them all when it fails', async () => {
    const calls: number[] = [];
    let failFirst = true;
    const batchHandler: OutboxBatchHandler = {
      async batch(msgs) {
        calls.push(msgs.length);
        if (failFirst) {
          failFirst = false;
          throw new Error('subscriptions unavailable');
        }
      },
    };
    await enqueue(t.database.db, Array.from({ length: 7 }, (_, i) => ({ orgId: 'demo', topic: 'test.batch', key: `batch-${i}`, payload: { i } })));
    const handlers = new Map([['test.batch', batchHandler]]);
    expect(await dispatchOnce(t.database.db, handlers, opts, silentLogger)).toEqual({ claimed: 7, delivered: 0, failed: 7, dead: 0, deferred: 0 });
    expect((await dispatchOnce(t.database.db, handlers, opts, silentLogger)).claimed).toBe(0);
    t.clock.advance(HOUR);
    expect(await dispatchOnce(t.database.db, handlers, opts, silentLogger)).toEqual({ claimed: 7, delivered: 7, failed: 0, dead: 0, deferred: 0 });
    expect(calls).toEqual([7, 7]);
    const statuses = rowsOf<{ status: string; n: number | string }>(
      await t.database.db.execute(sql`SELECT status, count(*) AS n FROM outbox WHERE topic = 'test.batch' GROUP BY status`),
    );
    expect(statuses.map((r) => [r.status, Number(r.n)])).toEqual([['delivered', 7]]);
  });

  it('wakes on a kick instead of waiting for the poll, and gathers the kicks of a burst into one pass', async () => {
    const passes: number[] = [];
    let primed = false;
    const handlers = new Map<string, OutboxHandler | OutboxBatchHandler>([
      ['test.kick', { batch: async (msgs: { key: string }[]) => void passes.push(msgs.length) }],
      ['test.prime', async () => void (primed = true)],
    ]);
    await enqueue(t.database.db, [{ orgId: 'demo', topic: 'test.prime', key: `prime-${randomBytes(4).toString('hex')}`, payload: {} }]);
    const d = startDispatcher(t.database.db, handlers, { ...opts, pollMs: 60_000, kickDelayMs: 50 }, silentLogger);
    try {
      // The first pass delivered the primer; from now on the dispatcher sleeps for a minute unless kicked.
      expect(await until(() => primed)).toBe(true);
      // Five commits, then their five kicks in one burst (as five requests answered in one turn): one pass takes all.
      // The kicks come after the commits so that a slow commit on a busy machine cannot split the burst.
      for (let i = 0; i < 5; i++) await enqueue(t.database.db, [{ orgId: 'demo', topic: 'test.kick', key: `kick-${i}`, payload: {} }]);
      for (let i = 0; i < 5; i++) d.kick();
      expect(await until(() => passes.reduce((a, b) => a + b, 0) >= 5)).toBe(true);
      expect(passes).toEqual([5]);
    } finally {
      await d.stop();
    }
  });

  it('runs a lane apart: a platform that hangs holds up its own topic, not the others', async () => {
    let release!: () => void;
    const hanging = new Promise<void>((r) => (release = r));
    let slowStarted = false;
    let fastDone = false;
    const handlers = new Map<string, OutboxHandler | OutboxBatchHandler>([
      ['test.lane-slow', async () => {
        slowStarted = true;
        await hanging;
      }],
      ['test.lane-fast', async () => void (fastDone = true)],
    ]);
    const d = startDispatcher(t.database.db, handlers, { ...opts, pollMs: 20, lanes: [['test.lane-slow']] }, silentLogger);
    try {
      await enqueue(t.database.db, [{ orgId: 'demo', topic: 'test.lane-slow', key: `lane-slow-${randomBytes(4).toString('hex')}`, payload: {} }]);
      expect(await until(() => slowStarted)).toBe(true);
      await enqueue(t.database.db, [{ orgId: 'demo', topic: 'test.lane-fast', key: `lane-fast-${randomBytes(4).toString('hex')}`, payload: {} }]);
      d.kick();
      expect(await until(() => fastDone)).toBe(true);
    } finally {
      release();
      await d.stop();
    }
  });

  it('puts a rate-limited message back for the time the platform gave, without spending an attempt', async () => {
    let calls = 0;
    const limited: OutboxHandler = async () => {
      calls++;
      if (calls <= 3) throw new RateLimited(30_000, 'test platform');
    };
    const key = `limited-${randomBytes(4).toString('hex')}`;
    await enqueue(t.database.db, [{ orgId: 'demo', topic: 'test.limited', key, payload: {} }]);
    const handlers = new Map([['test.limited', limited]]);
    // One attempt allowed: an ordinary failure would dead-letter it at once; three rate limits must not.
    const strict = { ...opts, maxAttempts: 1 };
    for (let i = 0; i < 3; i++) {
      expect(await dispatchOnce(t.database.db, handlers, strict, silentLogger)).toEqual({ claimed: 1, delivered: 0, failed: 0, dead: 0, deferred: 1 });
      const [row] = rowsOf<{ status: string; attempts: number; next_attempt_at: string | Date }>(
        await t.database.db.execute(sql`SELECT status, attempts, next_attempt_at FROM outbox WHERE key = ${key}`),
      );
      expect(row!.status).toBe('pending');
      expect(row!.attempts).toBe(0);
      expect(new Date(row!.next_attempt_at).getTime()).toBeGreaterThanOrEqual(t.clock.now().getTime() + 30_000);
      // Not due before the retry-after has passed on the clock.
      t.clock.advance(29_000);
      expect((await dispatchOnce(t.database.db, handlers, strict, silentLogger)).claimed).toBe(0);
      t.clock.advance(1_100);
    }
    expect(await dispatchOnce(t.database.db, handlers, strict, silentLogger)).toEqual({ claimed: 1, delivered: 1, failed: 0, dead: 0, deferred: 0 });
    expect(calls).toBe(4);
  });

  it('takes due times from the clock, not the database: a message whose retry is due by the clock is claimed', async () => {
    const seen: string[] = [];
    const key = `clock-${randomBytes(4).toString('hex')}`;
    let fail = true;
    const handlers = new Map([['test.clock', (async (m) => {
      seen.push(m.key);
      if (fail) {
        fail = false;
        throw new Error('once');
      }
    }) as OutboxHandler]]);
    await enqueue(t.database.db, [{ orgId: 'demo', topic: 'test.clock', key, payload: {} }]);
    await dispatchOnce(t.database.db, handlers, { ...opts, baseDelayMs: 10 * 60_000 }, silentLogger);
    // The backoff (5–10 minutes) is measured from the test clock, whatever SQL now() says: not due until it passes.
    expect((await dispatchOnce(t.database.db, handlers, opts, silentLogger)).claimed).toBe(0);
    t.clock.advance(10 * 60_000 + 1);
    expect((await dispatchOnce(t.database.db, handlers, opts, silentLogger)).delivered).toBe(1);
    expect(seen).toEqual([key, key]);
  });

  it('backs off exponentially with jitter and a cap', () => {
    const mid = () => 0.5;
    expect(backoffMs(1, 1000, 3_600_000, mid)).toBe(750);
    expect(backoffMs(4, 1000, 3_600_000, mid)).toBe(6000);
    expect(backoffMs(40, 1000, 3_600_000, () => 1)).toBe(3_600_000);
    expect(backoffMs(3, 1000, 3_600_000, () => 0)).toBe(2000);
  });
});
