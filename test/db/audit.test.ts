import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { freshDatabase, onPostgres, type TestDatabase } from '../helpers/db.js';
import { appendAudit, auditTrail, ensureAuditHead, sealAudit, verifyAuditChain } from '../../db/repos/audit.js';
import { rowsOf } from '../../db/database.js';
import { organisations } from '../../db/schema/index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.close());

// Each test chains its own organisations, so the tests run alone and in any order.
let orgs = 0;
const newOrg = async (name: string) => {
  const id = `${name}_${++orgs}`;
  await t.db.insert(organisations).values({ id, name: id });
  await ensureAuditHead(t.db, id);
  return id;
};
/** A new organisation with `n` sealed rows (seq 1..n). */
const sealedOrg = async (name: string, n: number) => {
  const org = await newOrg(name);
  for (let i = 1; i <= n; i++) await appendAudit(t.db, entry(org, i));
  expect(await sealAudit(t.db, { orgId: org })).toBe(n);
  return org;
};

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
    const [a, b] = [await newOrg('org_a'), await newOrg('org_b')];
    await sealAudit(t.db); // whatever other tests left: the count below is this test's rows only
    for (let i = 1; i <= 5; i++) await t.db.transaction((tx) => appendAudit(tx, entry(a, i)).then(() => undefined));
    await appendAudit(t.db, entry(b, 1));
    expect(await verifyAuditChain(t.db, a)).toEqual({ ok: true, rows: 0, unsealed: 5 });
    expect(await sealAudit(t.db)).toBe(6);
    expect(await verifyAuditChain(t.db, a)).toEqual({ ok: true, rows: 5, unsealed: 0 });
    expect(await verifyAuditChain(t.db, b)).toEqual({ ok: true, rows: 1, unsealed: 0 });
    const trail = await auditTrail(t.db, a, 'approval', 'apr_3');
    expect(trail.map((r) => [r.actorId, r.seq])).toEqual([['emp_3', 3]]);
  });

  it('chains concurrent appends and concurrent sealers into one unbroken chain, each row once', async () => {
    const b = await newOrg('org_b');
    await sealAudit(t.db); // whatever other tests left: the total below is this test's rows only
    await Promise.all(Array.from({ length: 40 }, (_, i) => t.db.transaction((tx) => appendAudit(tx, entry(b, 100 + i)))));
    const sealed = await Promise.all([sealAudit(t.db, { batch: 7 }), sealAudit(t.db, { batch: 7 }), sealAudit(t.db, { batch: 7 })]);
    // A sealer that found the head locked skipped it; whatever is left, one more pass picks up.
    const total = sealed.reduce((a, b) => a + b, 0) + (await sealAudit(t.db));
    expect(total).toBe(40);
    expect(await verifyAuditChain(t.db, b)).toEqual({ ok: true, rows: 40, unsealed: 0 });
  });

  it('seals a row that commits after a later row was sealed, with the next seq', async () => {
    const c = await newOrg('org_c');
    // The row with the lower id is still uncommitted while the sealer runs (a transaction held open).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const didInsert = new Promise<void>((r) => (inserted = r));
    const slow = onPostgres
      ? t.db.transaction(async (tx) => {
          await appendAudit(tx, entry(c, 1));
          inserted();
          await held;
        })
      : undefined;
    if (slow) await didInsert;
    await appendAudit(t.db, entry(c, 2));
    expect(await sealAudit(t.db, { orgId: c })).toBe(1);
    release();
    await slow;
    if (!slow) await appendAudit(t.db, entry(c, 1)); // PGlite has one connection: append it after instead
    expect(await sealAudit(t.db, { orgId: c })).toBe(1);
    const trail = rowsOf<{ actor_id: string; seq: number | string }>(
      await t.db.execute(sql`SELECT actor_id, seq FROM audit_log WHERE org_id = ${c} ORDER BY seq`),
    ).map((r) => [r.actor_id, Number(r.seq)]);
    expect(trail).toEqual([
      ['emp_2', 1],
      ['emp_1', 2],
    ]);
    expect(await verifyAuditChain(t.db, c)).toEqual({ ok: true, rows: 2, unsealed: 0 });
  });

  it('the regular pass seals only above the chain\'s last sealed id; the full pass also takes a late, lower id', async () => {
    const e = await sealedOrg('org_e', 2);
    await appendAudit(t.db, entry(e, 3));
    // A row whose id is below the last sealed one, as a transaction that took its id early and committed late leaves it.
    const lateId = await appendAudit(t.db, entry(e, 4));
    await t.db.execute(sql`UPDATE audit_log SET id = (SELECT min(id) - 1 FROM audit_log) WHERE id = ${lateId}`);
    expect(await sealAudit(t.db, { orgId: e, aboveLastSealed: true })).toBe(1);
    expect(await sealAudit(t.db, { orgId: e, aboveLastSealed: true })).toBe(0);
    expect((await verifyAuditChain(t.db, e)).unsealed).toBe(1);
    expect(await sealAudit(t.db, { orgId: e })).toBe(1);
    const trail = rowsOf<{ actor_id: string }>(await t.db.execute(sql`SELECT actor_id FROM audit_log WHERE org_id = ${e} ORDER BY seq`)).map((r) => r.actor_id);
    expect(trail).toEqual(['emp_1', 'emp_2', 'emp_3', 'emp_4']);
    expect(await verifyAuditChain(t.db, e)).toEqual({ ok: true, rows: 4, unsealed: 0 });
  });

  it('detects an edited row', async () => {
    const a = await sealedOrg('org_a', 5);
    await t.db.execute(sql`UPDATE audit_log SET after = jsonb_set(after, '{status}', '"rejected"') WHERE org_id = ${a} AND seq = 3`);
    const v = await verifyAuditChain(t.db, a);
    expect(v.ok).toBe(false);
    expect(v.firstBad).toEqual({ seq: 3, reason: 'row content does not match its hash' });
  });

  it('detects a sealed row pushed back into the unsealed queue to be re-chained with new content', async () => {
    const b = await sealedOrg('org_b', 6);
    await t.db.execute(sql`UPDATE audit_log SET seq = NULL, prev_hash = NULL, hash = NULL, actor_id = 'mallory' WHERE org_id = ${b} AND seq = 5`);
    await sealAudit(t.db, { orgId: b });
    expect((await verifyAuditChain(t.db, b)).firstBad).toEqual({ seq: 5, reason: 'row 5 is missing' });
  });

  it('detects a deleted row in the middle and at the tip', async () => {
    const d = await sealedOrg('org_d', 4);
    await t.db.execute(sql`DELETE FROM audit_log WHERE org_id = ${d} AND seq = 4`);
    expect((await verifyAuditChain(t.db, d)).firstBad).toEqual({ seq: 4, reason: 'rows after 3 were deleted (head is at 4)' });
    await t.db.execute(sql`DELETE FROM audit_log WHERE org_id = ${d} AND seq = 2`);
    expect((await verifyAuditChain(t.db, d)).firstBad).toEqual({ seq: 2, reason: 'row 2 is missing' });
  });
});
