// What a click's answer reads in one round trip: the request's label (number, type, submitter's name) and, when asked,
// the clicker's card copy, people's names and the organisation's time zone. Concurrent reads share one query on a
// PostgreSQL pool and each still gets its own request; another organisation's request, card or people are not found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickAnswerFacts, getRequest } from '../../db/repos/approvals.js';
import { recordCardAnswered, upsertCards, cardsByKey } from '../../db/repos/chat.js';
import { getEmployee } from '../../db/repos/org.js';
import { expense, testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('reading what a click answer names', () => {
  it('names each request by its number, type and submitter, concurrent reads included', async () => {
    const requestIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await t.call('POST', '/api/v1/requests', expense({ title: `label ${i}` }));
      expect(s.status).toBe(201);
      requestIds.push(s.body.request.id);
    }
    const read = (org: string, id: string) => clickAnswerFacts(t.database.db, org, id);
    const facts = await Promise.all([...requestIds.map((id) => read('demo', id)), read('demo', 'req_nope'), read('other_org', requestIds[0]!)]);
    for (const [i, id] of requestIds.entries()) {
      const r = (await getRequest(t.database.db, 'demo', id))!;
      const submitter = await getEmployee(t.database.db, 'demo', r.submitterId);
      expect(submitter?.name).toBeTruthy();
      expect(facts[i]?.label).toEqual({ number: r.number, type: 'expense', submitterId: r.submitterId, submitterName: submitter!.name });
      expect(facts[i]?.card).toBeUndefined();
      expect(facts[i]?.timeZone).toBeUndefined();
    }
    expect(new Set(facts.slice(0, 3).map((l) => l?.label.number)).size).toBe(3);
    expect(facts.slice(3)).toEqual([undefined, undefined]);
  });

  it('reads the clicker’s copy and the names asked, within the organisation only; a copy answered moves on once', async () => {
    const s = await t.call('POST', '/api/v1/requests', expense({ title: 'copy' }));
    const r = (await getRequest(t.database.db, 'demo', s.body.request.id))!;
    const now = new Date('2026-12-07T01:00:00Z');
    const copy = { cardKey: `approval:test-${r.id}`, channel: 'feishu', recipientId: r.submitterId };
    await upsertCards(t.database.db, [{ orgId: 'demo', ...copy, address: 'open_id:ou_x', messageId: 'om_copy', locale: 'en', view: { kind: 'approval', n: 1 }, updatedAt: now }]);
    const asked = { card: copy, names: [r.submitterId, 'e_nobody'] };
    const [mine, theirs] = await Promise.all([clickAnswerFacts(t.database.db, 'demo', r.id, asked), clickAnswerFacts(t.database.db, 'other_org', r.id, asked)]);
    expect(theirs).toBeUndefined();
    expect(mine?.card).toEqual({ view: { kind: 'approval', n: 1 }, version: 1, deliveredVersion: 0, messageId: 'om_copy', locale: 'en' });
    expect([...mine!.names.keys()]).toEqual([r.submitterId]);
    expect(mine?.timeZone).toBe('Asia/Shanghai');

    // Recorded as shown in the answer: the view and version move on and count as delivered; a stale version, another
    // message or another organisation changes nothing.
    const answered = { orgId: 'demo', ...copy, version: 1, messageId: 'om_copy', view: { kind: 'approval', n: 2 }, at: now };
    const results = await Promise.all([recordCardAnswered(t.database.db, { ...answered, orgId: 'other_org' }), recordCardAnswered(t.database.db, { ...answered, messageId: 'om_other' })]);
    expect(results).toEqual([false, false]);
    expect(await recordCardAnswered(t.database.db, answered)).toBe(true);
    expect(await recordCardAnswered(t.database.db, answered)).toBe(false);
    const [row] = await cardsByKey(t.database.db, 'demo', copy.cardKey);
    expect(row).toMatchObject({ view: { kind: 'approval', n: 2 }, version: 2, deliveredVersion: 2, messageId: 'om_copy' });
  });
});
