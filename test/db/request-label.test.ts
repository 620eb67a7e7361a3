// A request's label (number, type, submitter's name) in one read: concurrent reads share one query on a PostgreSQL
// pool, and each still gets its own request; another organisation's request is not found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequest, requestLabelOf } from '../../db/repos/approvals.js';
import { getEmployee } from '../../db/repos/org.js';
import { expense, testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('reading a request label', () => {
  it('names each request by its number, type and submitter, concurrent reads included', async () => {
    const requestIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await t.call('POST', '/api/v1/requests', expense({ title: `label ${i}` }));
      expect(s.status).toBe(201);
      requestIds.push(s.body.request.id);
    }
    const labels = await Promise.all([...requestIds.map((id) => requestLabelOf(t.database.db, 'demo', id)), requestLabelOf(t.database.db, 'demo', 'req_nope'), requestLabelOf(t.database.db, 'other_org', requestIds[0]!)]);
    for (const [i, id] of requestIds.entries()) {
      const r = (await getRequest(t.database.db, 'demo', id))!;
      const submitter = await getEmployee(t.database.db, 'demo', r.submitterId);
      expect(submitter?.name).toBeTruthy();
      expect(labels[i]).toEqual({ number: r.number, type: 'expense', submitterId: r.submitterId, submitterName: submitter!.name });
    }
    expect(new Set(labels.slice(0, 3).map((l) => l?.number)).size).toBe(3);
    expect(labels.slice(3)).toEqual([undefined, undefined]);
  });
});
