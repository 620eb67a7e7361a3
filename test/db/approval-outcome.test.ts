// The hot path's load and save: one query per event-loop turn on a PostgreSQL pool, one per call elsewhere; same answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.js';
import { getInstanceForAction, saveApprovalOutcome } from '../../db/repos/approval-outcome.js';
import { decide } from '../../domain/approval/index.js';
import { randomIds } from '../../src/runtime.js';
import { saveOutcome } from '../../src/usecases/approval-state.js';
import { expense, testApp, type TestApp } from '../helpers/app.js';
import { onPostgres } from '../helpers/db.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('loading approvals for an action', () => {
  it('answers concurrent loads each with its own approval, its replay, or nothing', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await t.call('POST', '/api/v1/requests', expense({ title: `coalesced load ${i}` }));
      ids.push(s.body.approvalId);
    }
    const acted = await t.call('POST', `/api/v1/approvals/${ids[0]}/actions`, { actorId: 'e_wangqiang', action: 'approve' }, { 'idempotency-key': 'k-0' });
    expect(acted.status).toBe(200);
    const source = `approval:demo:${ids[0]}:e_wangqiang`;
    const [a, b, c, d, missing, otherOrg, replay, noReplay] = await Promise.all([
      getInstanceForAction(t.database.db, 'demo', ids[0]!),
      getInstanceForAction(t.database.db, 'demo', ids[1]!),
      getInstanceForAction(t.database.db, 'demo', ids[2]!),
      getInstanceForAction(t.database.db, 'demo', ids[3]!),
      getInstanceForAction(t.database.db, 'demo', 'apr_nope'),
      getInstanceForAction(t.database.db, 'other_org', ids[1]!),
      getInstanceForAction(t.database.db, 'demo', ids[0]!, { source, eventId: 'k-0' }),
      getInstanceForAction(t.database.db, 'demo', ids[0]!, { source, eventId: 'k-unused' }),
    ]);
    expect([a, b, c, d].map((x) => x?.instance.id)).toEqual(ids);
    expect([a?.instance.status, b?.instance.status, a?.version, b?.version]).toEqual(['approved', 'pending', 2, 1]);
    expect(a).not.toHaveProperty('replay');
    expect([missing, otherOrg]).toEqual([undefined, undefined]);
    expect(replay?.replay).toMatchObject({ approvalId: ids[0], status: 'approved', replayed: false });
    expect(noReplay).not.toHaveProperty('replay');
  });
});

describe('saving decisions that arrive together', () => {
  /** The names of the prepared statements the pool runs while `fn` runs (PostgreSQL; PGlite has no pool). */
  const statementsDuring = async <T>(fn: () => Promise<T>): Promise<{ value: T; names: string[] }> => {
    const pool = (t.database.db as unknown as { $client: { query: (...a: unknown[]) => unknown; totalCount?: number } }).$client;
    if (!onPostgres) return { value: await fn(), names: [] };
    const names: string[] = [];
    const query = pool.query;
    pool.query = function (this: unknown, ...a: unknown[]) {
      const q = a[0] as { name?: string };
      if (q && typeof q === 'object' && q.name) names.push(q.name);
      return query.apply(this, a);
    };
    try {
      return { value: await fn(), names };
    } finally {
      pool.query = query;
    }
  };

  it('saves each with all its effects, in one statement on a pool; a lost race and a replay answer as they would alone', async () => {
    const submitted: { approvalId: string; requestId: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const s = await t.call('POST', '/api/v1/requests', expense({ title: `together ${i}`, amount: { minor: 1000 + i, currency: 'CNY' } }));
      expect(s.status, JSON.stringify(s.body)).toBe(201);
      submitted.push({ approvalId: s.body.approvalId as string, requestId: s.body.request.id as string });
    }
    const act = (approvalId: string, action: 'approve' | 'reject', key: string) =>
      t.call('POST', `/api/v1/approvals/${approvalId}/actions`, { actorId: 'e_wangqiang', action, ...(action === 'reject' ? { comment: 'no receipt' } : {}) }, { 'idempotency-key': key });
    const { value: answers, names } = await statementsDuring(() =>
      Promise.all([
        ...submitted.slice(0, 5).map((s, i) => act(s.approvalId, 'approve', `together-${i}`)),
        act(submitted[5]!.approvalId, 'reject', 'together-5'),
        // The same approval twice at once: one decides, the other finds it decided.
        act(submitted[0]!.approvalId, 'approve', 'together-0-again'),
      ]),
    );
    if (onPostgres) expect(names).toContain('approval_outcomes');
    const statuses = answers.map((a) => a.status);
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers[6]!.status, JSON.stringify(answers[6]!.body)).toBe(409);
    expect(answers[6]!.body.error.code).toBe('APPROVAL.NOT_PENDING');
    expect(answers.slice(0, 6).map((a) => a.body.status)).toEqual(['approved', 'approved', 'approved', 'approved', 'approved', 'rejected']);

    for (const [i, s] of submitted.entries()) {
      const detail = await t.call('GET', `/api/v1/requests/${s.requestId}`);
      expect(detail.body.request.status).toBe(i < 5 ? 'approved' : 'rejected');
      expect(detail.body.audit.filter((a: { action: string }) => a.action.startsWith('approval.')).map((a: { action: string }) => a.action)).toEqual([i < 5 ? 'approval.approve' : 'approval.reject']);
      const lines = rowsOf<{ id: string; amount_minor: number }>(await t.database.db.execute(sql`SELECT id, amount_minor FROM expense_lines WHERE org_id = 'demo' AND source = 'request' AND source_ref = ${s.requestId}`));
      expect(lines.map((l) => Number(l.amount_minor))).toEqual(i < 5 ? [1000 + i] : []);
      if (lines[0]) {
        const audits = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE org_id = 'demo' AND action = 'expense_line.created' AND subject_id = ${lines[0].id}`));
        expect(Number(audits[0]!.n)).toBe(1);
      }
      const events = rowsOf<{ topic: string }>(await t.database.db.execute(sql`SELECT topic FROM outbox WHERE org_id = 'demo' AND key LIKE ${`%${s.approvalId}@2%`}`));
      expect(events.length).toBeGreaterThan(0);
    }
    // Each key's answer was kept: sent again, it is replayed, not decided again.
    const replays = await Promise.all(submitted.map((s, i) => act(s.approvalId, i < 5 ? 'approve' : 'reject', `together-${i}`)));
    expect(replays.map((r) => [r.status, r.body.replayed])).toEqual(submitted.map(() => [200, true]));
  });

  it('saves the decisions of one turn with one statement on a pool, one each elsewhere', async () => {
    const submitted: string[] = [];
    for (let i = 0; i < 3; i++) submitted.push((await t.call('POST', '/api/v1/requests', expense({ title: `one turn ${i}` }))).body.approvalId as string);
    const loaded = await Promise.all(submitted.map((id) => getInstanceForAction(t.database.db, 'demo', id)));
    const now = t.clock.now();
    const { value, names } = await statementsDuring(() =>
      Promise.all(
        loaded.map((stored) => {
          const outcome = decide(stored!.instance, { type: 'approve' }, 'e_wangqiang', now);
          if (!outcome.ok) throw new Error(outcome.error.message);
          return saveOutcome(t.database.db, randomIds, stored!, outcome.value, 'e_wangqiang', 'approval.approve', now);
        }),
      ),
    );
    expect(value).toEqual([true, true, true]);
    if (onPostgres) expect(names).toEqual(['approval_outcomes']);
    const after = await Promise.all(submitted.map((id) => getInstanceForAction(t.database.db, 'demo', id)));
    expect(after.map((a) => [a?.instance.status, a?.version])).toEqual([['approved', 2], ['approved', 2], ['approved', 2]]);
  });

  it('when the shared statement fails, saves the others one by one and fails only the one at fault', async () => {
    const submitted: string[] = [];
    for (let i = 0; i < 3; i++) submitted.push((await t.call('POST', '/api/v1/requests', expense({ title: `fault ${i}` }))).body.approvalId as string);
    const loaded = await Promise.all(submitted.map((id) => getInstanceForAction(t.database.db, 'demo', id)));
    const now = t.clock.now();
    const results = await Promise.allSettled(
      loaded.map((stored, i) => {
        const outcome = decide(stored!.instance, { type: 'approve' }, 'e_wangqiang', now);
        if (!outcome.ok) throw new Error(outcome.error.message);
        // The second one's event has no topic: the outbox refuses it (NOT NULL), and with it the shared statement.
        return i === 1
          ? saveApprovalOutcome(t.database.db, { orgId: 'demo', instance: outcome.value.instance, version: stored!.version, assignees: [], nextDueAt: null, now, requestId: stored!.requestId, requestStatus: 'approved', outbox: [{ orgId: 'demo', topic: null as unknown as string, key: `broken-${randomIds.next('k')}`, payload: {} }], audit: { orgId: 'demo', actorId: 'e_wangqiang', action: 'approval.approve', subjectType: 'approval', subjectId: stored!.instance.id, before: null, after: null, at: now } })
          : saveOutcome(t.database.db, randomIds, stored!, outcome.value, 'e_wangqiang', 'approval.approve', now);
      }),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<boolean>).value)).toEqual([true, true]);
    const after = await Promise.all(submitted.map((id) => getInstanceForAction(t.database.db, 'demo', id)));
    expect(after.map((a) => a?.instance.status)).toEqual(['approved', 'pending', 'approved']);
  });
});
