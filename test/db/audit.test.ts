import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { appendAudit, auditTrail, ensureAuditHead, verifyAuditChain } from '../../db/repos/audit.js';
import { organisations } from '../../db/schema/index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  for (const id of ['org_a', 'org_b']) {
    await t.db.insert(organisations).values({ id, name: id });
    await ensureAuditHead(t.db, id);
  }
});
afterAll(() => t.close());

const entry = (orgId: string, i: number) => ({
  orgId,
  actorId: `emp_${i}`,
  action: 'approval.approve',
  subjectType: 'approval',
  subjectId: `apr_${i}`,
  before: { status: 'pending', version: i },
  after: { status: 'approved', version: i + 1, note: '已批准 ✓', nested: { b: 1, a: [1, 2] } },
  at: new Date(Date.UTC(2026, 10, 22, 8, 0, i, 123)),
});

describe('audit hash chain', () => {
  it('verifies an untouched chain and keeps organisations apart', async () => {
    for (let i = 1; i <= 5; i++) await t.db.transaction((tx) => appendAudit(tx, entry('org_a', i)).then(() => undefined));
    await appendAudit(t.db, entry('org_b', 1));
    expect(await verifyAuditChain(t.db, 'org_a')).toEqual({ ok: true, rows: 5 });
    expect(await verifyAuditChain(t.db, 'org_b')).toEqual({ ok: true, rows: 1 });
    const trail = await auditTrail(t.db, 'org_a', 'approval', 'apr_3');
    expect(trail.map((r) => r.actorId)).toEqual(['emp_3']);
  });

  it('orders concurrent appends into one unbroken chain', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => t.db.transaction((tx) => appendAudit(tx, entry('org_b', 100 + i)))));
    expect(await verifyAuditChain(t.db, 'org_b')).toEqual({ ok: true, rows: 21 });
  });

  it('detects an edited row', async () => {
    await t.db.execute(sql`UPDATE audit_log SET after = jsonb_set(after, '{status}', '"rejected"') WHERE org_id = 'org_a' AND seq = 3`);
    const v = await verifyAuditChain(t.db, 'org_a');
    expect(v.ok).toBe(false);
    expect(v.firstBad).toEqual({ seq: 3, reason: 'row content does not match its hash' });
  });

  it('detects a deleted row in the middle and at the tip', async () => {
    await t.db.execute(sql`DELETE FROM audit_log WHERE org_id = 'org_b' AND seq = 21`);
    expect((await verifyAuditChain(t.db, 'org_b')).firstBad?.reason).toMatch(/deleted/);
    await t.db.execute(sql`DELETE FROM audit_log WHERE org_id = 'org_b' AND seq = 10`);
    expect((await verifyAuditChain(t.db, 'org_b')).firstBad).toEqual({ seq: 10, reason: 'row 10 is missing' });
  });
});
