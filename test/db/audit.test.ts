import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { freshDatabase, onPostgres, type TestDatabase } from '../helpers/db.js';
import { appendAudit, auditTrail, ensureAuditHead, sealAudit, verifyAuditChain } from '../../db/repos/audit.js';
import { rowsOf } from '../../db/database.js';
import { organisations } from '../../db/schema/index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  for (const id of ['org_a', 'org_b', 'org_c', 'org_d']) {
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
  it('leaves appended rows unsealed until the sealer chains them, keeping organisations apart', async () => {
    for (let i = 1; i <= 5; i++) await t.db.transaction((tx) => appendAudit(tx, entry('org_a', i)).then(() => undefined));
    await appendAudit(t.db, entry('org_b', 1));
    expect(await verifyAuditChain(t.db, 'org_a')).toEqual({ ok: true, rows: 0, unsealed: 5 });
    expect(await sealAudit(t.db)).toBe(6);
    expect(await verifyAuditChain(t.db, 'org_a')).toEqual({ ok: true, rows: 5, unsealed: 0 });
    expect(await verifyAuditChain(t.db, 'org_b')).toEqual({ ok: true, rows: 1, unsealed: 0 });
    const trail = await auditTrail(t.db, 'org_a', 'approval', 'apr_3');
    expect(trail.map((r) => [r.actorId, r.seq])).toEqual([['emp_3', 3]]);
  });

  it('chains concurrent appends and concurrent sealers into one unbroken chain, each row once', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => t.db.transaction((tx) => appendAudit(tx, entry('org_b', 100 + i)))));
    const sealed = await Promise.all([sealAudit(t.db, { batch: 7 }), sealAudit(t.db, { batch: 7 }), sealAudit(t.db, { batch: 7 })]);
    // A sealer that found the head locked skipped it; whatever is left, one more pass picks up.
    const total = sealed.reduce((a, b) => a + b, 0) + (await sealAudit(t.db));
    expect(total).toBe(40);
    expect(await verifyAuditChain(t.db, 'org_b')).toEqual({ ok: true, rows: 41, unsealed: 0 });
  });

  it('seals a row that commits after a later row was sealed, with the next seq', async () => {
    // The row with the lower id is still uncommitted while the sealer runs (a transaction held open).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const didInsert = new Promise<void>((r) => (inserted = r));
    const slow = onPostgres
      ? t.db.transaction(async (tx) => {
          await appendAudit(tx, entry('org_c', 1));
          inserted();
          await held;
        })
      : undefined;
    if (slow) await didInsert;
    await appendAudit(t.db, entry('org_c', 2));
    expect(await sealAudit(t.db, { orgId: 'org_c' })).toBe(1);
    release();
    await slow;
    if (!slow) await appendAudit(t.db, entry('org_c', 1)); // PGlite has one connection: append it after instead
    expect(await sealAudit(t.db, { orgId: 'org_c' })).toBe(1);
    const trail = rowsOf<{ actor_id: string; seq: number | string }>(
      await t.db.execute(sql`SELECT actor_id, seq FROM audit_log WHERE org_id = 'org_c' ORDER BY seq`),
    ).map((r) => [r.actor_id, Number(r.seq)]);
    expect(trail).toEqual([
      ['emp_2', 1],
      ['emp_1', 2],
    ]);
    expect(await verifyAuditChain(t.db, 'org_c')).toEqual({ ok: true, rows: 2, unsealed: 0 });
  });

  it('detects an edited row', async () => {
    await t.db.execute(sql`UPDATE audit_log SET after = jsonb_set(after, '{status}', '"rejected"') WHERE org_id = 'org_a' AND seq = 3`);
    const v = await verifyAuditChain(t.db, 'org_a');
    expect(v.ok).toBe(false);
    expect(v.firstBad).toEqual({ seq: 3, reason: 'row content does not match its hash' });
  });

  it('detects a sealed row pushed back into the unsealed queue to be re-chained with new content', async () => {
    await t.db.execute(sql`UPDATE audit_log SET seq = NULL, prev_hash = NULL, hash = NULL, actor_id = 'mallory' WHERE org_id = 'org_b' AND seq = 5`);
    await sealAudit(t.db, { orgId: 'org_b' });
    expect((await verifyAuditChain(t.db, 'org_b')).firstBad).toEqual({ seq: 5, reason: 'row 5 is missing' });
  });

  it('detects a deleted row in the middle and at the tip', async () => {
    for (let i = 1; i <= 4; i++) await appendAudit(t.db, entry('org_d', i));
    await sealAudit(t.db, { orgId: 'org_d' });
    await t.db.execute(sql`DELETE FROM audit_log WHERE org_id = 'org_d' AND seq = 4`);
    expect((await verifyAuditChain(t.db, 'org_d')).firstBad).toEqual({ seq: 4, reason: 'rows after 3 were deleted (head is at 4)' });
    await t.db.execute(sql`DELETE FROM audit_log WHERE org_id = 'org_d' AND seq = 2`);
    expect((await verifyAuditChain(t.db, 'org_d')).firstBad).toEqual({ seq: 2, reason: 'row 2 is missing' });
  });
});
