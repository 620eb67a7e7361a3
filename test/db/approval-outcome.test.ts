// The hot path's load: one query per event-loop turn on a PostgreSQL pool, one per call elsewhere; same answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInstanceForAction } from '../../db/repos/approval-outcome.js';
import { expense, testApp, type TestApp } from '../helpers/app.js';

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
