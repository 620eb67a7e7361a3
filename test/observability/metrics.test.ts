import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../db/repos/outbox.js';
import { METRICS_TOKEN, obsApp, parseExposition, valueOf, type ObsApp } from './obs-app.js';
import { bearerMatches } from '../../src/observability/http.js';
import { onPostgres } from '../helpers/db.js';
import { waitFor } from '../helpers/wait-for.js';
import { createMetrics, publishToRequestThread } from '../../src/observability/metrics.js';

let t: ObsApp;
beforeAll(async () => {
  t = await obsApp();
});
afterAll(() => t.close());

const scrape = async () => {
  const r = await t.call('GET', '/metrics', undefined, { authorization: `Bearer ${METRICS_TOKEN}` });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(r.body as string);
};

describe('GET /metrics', () => {
  it('counts a REST approval, its request by route pattern, and the delivery of what it published', async () => {
    const approvalId = await t.approveOne();
    // Something that will never be delivered: a topic without a handler is dead-lettered at once.
    await enqueue(t.database.db, [{ orgId: 'demo', topic: 'test.nowhere', payload: {}, key: `nowhere:${approvalId}` }]);
    const before = await scrape();
    expect(valueOf(before, 'spendbot_outbox_backlog', { topic: 'event.publish', state: 'pending' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(before, 'spendbot_outbox_oldest_age_seconds', { topic: 'event.publish', state: 'pending' })).toBeGreaterThanOrEqual(0);

    await t.drain();
    const s = await scrape();
    expect(valueOf(s, 'spendbot_approvals_total', { outcome: 'approved' })).toBe(1);
    const route = { method: 'POST', route: '/api/v1/approvals/:id/actions' };
    expect(valueOf(s, 'spendbot_http_requests_total', { ...route, status: '200' })).toBe(1);
    expect(valueOf(s, 'spendbot_http_requests_total', { method: 'POST', route: '/api/v1/requests', status: '201' })).toBe(1);
    expect(valueOf(s, 'spendbot_http_request_duration_seconds_count', route)).toBe(1);
    expect(valueOf(s, 'spendbot_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(1);
    expect(valueOf(s, 'spendbot_outbox_deliveries_total', { topic: 'event.publish' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(s, 'spendbot_outbox_failures_total', { topic: 'test.nowhere', outcome: 'dead' })).toBe(1);
    // Delivered: no longer pending; the dead one is in the backlog as dead.
    expect(valueOf(s, 'spendbot_outbox_backlog', { topic: 'event.publish', state: 'pending' })).toBeUndefined();
    expect(valueOf(s, 'spendbot_outbox_backlog', { topic: 'test.nowhere', state: 'dead' })).toBe(1);
    // The request pool's use on PostgreSQL; PGlite has no pool, so no pool gauge.
    if (onPostgres) {
      expect(valueOf(s, 'spendbot_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      expect(valueOf(s, 'spendbot_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
      expect(valueOf(s, 'spendbot_db_pool_connections', { state: 'waiting' })).toBe(0);
    } else expect(s.some((x) => x.name === 'spendbot_db_pool_connections')).toBe(false);
  });

  it('labels requests by route pattern, never by a path with ids in it', async () => {
    await t.call('GET', '/api/v1/requests/r_does_not_exist_123');
    await t.call('GET', '/no/such/page/4711');
    const s = await scrape();
    const routes = new Set(s.filter((x) => x.name === 'spendbot_http_requests_total').map((x) => x.labels.route!));
    expect(routes).toContain('/api/v1/requests/:id');
    expect(routes).toContain('unmatched');
    for (const r of routes) expect(r).not.toMatch(/r_does_not_exist|4711|ap_|req_/);
  });

  it('counts a freeze the budget refuses (BUDGET.EXCEEDED), and not one it takes', async () => {
    const b = await t.call('POST', '/api/v1/budgets', { departmentId: 'd_rd', category: 'books', periodKey: '2026-11', amount: { minor: 10_000, currency: 'CNY' }, allowOverrun: false });
    expect(b.status).toBe(200);
    const entry = (minor: number, id: string) => t.call('POST', `/api/v1/budgets/${b.body.id}/entries`, { kind: 'freeze', amountMinor: minor, ref: { type: 'request', id } });
    expect((await entry(6_000, 'r1')).status).toBe(200);
    expect(valueOf(await scrape(), 'spendbot_budget_refusals_total', { where: 'entry' })).toBeUndefined();
    const refused = await entry(6_000, 'r2');
    expect(refused.body.error.code).toBe('BUDGET.EXCEEDED');
    expect(valueOf(await scrape(), 'spendbot_budget_refusals_total', { where: 'entry' })).toBe(1);
  });

  it('answers 401 without the token or with another one', async () => {
    expect((await t.call('GET', '/metrics', undefined, { authorization: '' })).status).toBe(401);
    const wrong = await t.call('GET', '/metrics', undefined, { authorization: `Bearer ${METRICS_TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('AUTH.UNAUTHENTICATED');
    // An organisation's API key is not the metrics token.
    expect((await t.call('GET', '/metrics')).status).toBe(401);
  });

  it('compares the bearer token whatever its length', () => {
    expect(bearerMatches(`Bearer ${METRICS_TOKEN}`, METRICS_TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${METRICS_TOKEN}`, METRICS_TOKEN)).toBe(true);
    expect(bearerMatches(METRICS_TOKEN, METRICS_TOKEN)).toBe(false);
    expect(bearerMatches('Bearer x', METRICS_TOKEN)).toBe(false);
    expect(bearerMatches(undefined, METRICS_TOKEN)).toBe(false);
  });
});

describe('without METRICS_TOKEN', () => {
  it('answers 404 at /metrics and counts nothing', async () => {
    const off = await obsApp({});
    try {
      expect(off.metrics).toBeUndefined();
      const r = await off.call('GET', '/metrics', undefined, { authorization: `Bearer ${METRICS_TOKEN}` });
      expect(r.status).toBe(404);
      await off.approveOne();
    } finally {
      await off.close();
    }
  });
});

describe("the workers' thread", () => {
  it("adds the thread's published counts to the request thread's /metrics", async () => {
    const requestThread = createMetrics({ processMetrics: false, threads: true });
    const workersThread = createMetrics({ processMetrics: false });
    requestThread.outboxDeliveries.inc({ topic: 'chat.send' }, 2);
    workersThread.outboxDeliveries.inc({ topic: 'chat.send' }, 3);
    workersThread.approvals.inc({ outcome: 'approved' });
    const stop = publishToRequestThread(workersThread);
    await stop(); // publishes once more on stop
    const s = await waitFor(async () => {
      const x = parseExposition((await requestThread.render()).body);
      return valueOf(x, 'spendbot_outbox_deliveries_total', { topic: 'chat.send' }) === 5 ? x : undefined;
    }, { what: "the thread's counts in the request thread's exposition" });
    expect(valueOf(s, 'spendbot_approvals_total', { outcome: 'approved' })).toBe(1);
  });
});
