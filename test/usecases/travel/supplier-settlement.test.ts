// Importing the travel supplier's monthly statement: fetched over signed HTTP from the loopback fake supplier, matched
// with the orders our app booked through the real flow, one payable made for the matched total, on PGlite and
// PostgreSQL. Each test builds its own world.
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import { listPayables } from '../../../db/repos/advances.js';
import { createHttpSupplier } from '../../../src/integrations/travel/http-supplier.js';
import { employeeActor } from '../../../src/usecases/authorise.js';
import { drainOutbox } from '../../helpers/console.js';
import { supplierStatementDetail } from '../../../src/usecases/travel/settlement-queries.js';
import { importSupplierStatement } from '../../../src/usecases/travel/supplier-settlement.js';
import { bookedTrip, otherOrgOrder, settlementDeps } from '../../helpers/settlement.js';
import { travelWorld, type TravelWorld } from '../../helpers/travel.js';
import { addOrganisation, fingerprint } from '../../helpers/two-orgs.js';

const finance = employeeActor('e_sarah');
let world: TravelWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function count(w: TravelWorld, table: string, orgId = 'demo'): Promise<number> {
  const rows = rowsOf<{ n: string | number }>(await w.t.database.db.execute(sql`SELECT count(*) AS n FROM ${sql.identifier(table)} WHERE org_id = ${orgId}`));
  return Number(rows[0]!.n);
}

describe('importing a supplier statement', () => {
  it('settles a clean statement (every line matched, one payable to the supplier for the total, audited), takes it again without change and refuses a changed one (PERIOD_SETTLED)', async () => {
    world = await travelWorld();
    const w = world;
    const { orders } = await bookedTrip(w, '2026-11-24', '2026-11-26');
    const total = orders.reduce((s, o) => s + o.amount.minor, 0);
    w.t.clock.set('2026-11-28T02:00:00.000Z');

    const r = await importSupplierStatement(settlementDeps(w), 'demo', finance, '2026-11');
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.value.created).toBe(true);
    expect(r.value.statement).toMatchObject({ month: '2026-11', status: 'settled', lineCount: 3, exceptionCount: 0, matched: [{ minor: total, currency: 'CNY' }], billed: [{ minor: total, currency: 'CNY' }] });
    const payables = await listPayables(w.t.database.db, 'demo', {});
    const mine = payables.filter((p) => p.sourceType === 'supplier_settlement');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ payeeType: 'supplier', payeeId: 'travel-supplier', amountMinor: total, currency: 'CNY', status: 'open', sourceId: `${r.value.statement!.id}:CNY`, dueOn: '2026-11-28' }); // 10:00 in Shanghai, no payment terms
    expect(r.value.statement!.payableIds).toEqual([mine[0]!.id]);
    const audit = rowsOf<{ action: string; actor_id: string }>(await w.t.database.db.execute(sql`SELECT action, actor_id FROM audit_log WHERE org_id = 'demo' AND subject_id = ${r.value.statement!.id}`));
    expect(audit).toEqual([{ action: 'supplier_settlement.imported', actor_id: 'e_sarah' }]);
    expect(w.supplier.calls.filter((c) => c.path === '/v1/settlements')).toEqual([{ method: 'GET', path: '/v1/settlements', status: 200 }]);

    // The same statement again: the first answer, and nothing of the organisation changes.
    const before = await fingerprint(w.t.database.db, 'demo');
    const again = await importSupplierStatement(settlementDeps(w), 'demo', finance, '2026-11');
    expect(again.ok && again.value.created).toBe(false);
    expect(again.ok && again.value.statement!.id).toBe(r.value.statement!.id);
    expect(await fingerprint(w.t.database.db, 'demo')).toEqual(before);

    // A different statement for the settled month is refused, and nothing changes either.
    w.supplier.tamperSettlement({ kind: 'amount', orderId: orders[0]!.orderId, minor: orders[0]!.offer.price.minor + 100 });
    const changed = await importSupplierStatement(settlementDeps(w), 'demo', finance, '2026-11');
    expect(changed.ok).toBe(false);
    if (!changed.ok) expect(changed.error).toMatchObject({ code: 'SETTLEMENT.PERIOD_SETTLED', details: { month: '2026-11', statementId: r.value.statement!.id } });
    expect(await fingerprint(w.t.database.db, 'demo')).toEqual(before);
  });

  it('refuses a changed statement for a month imported with nothing to pay (STATEMENT_CHANGED)', async () => {
    world = await travelWorld();
    const w = world;
    w.t.clock.set('2027-01-20T02:00:00.000Z');
    const empty = await importSupplierStatement(settlementDeps(w), 'demo', finance, '2027-01');
    expect(empty.ok && empty.value.statement).toMatchObject({ status: 'open', lineCount: 0, payableIds: [] });
    w.supplier.tamperSettlement({ kind: 'add_unknown', supplierOrderRef: 'SO-GHOST', clientRef: 'ghost:out', minor: 99_000, date: '2027-01-05' });
    const changed = await importSupplierStatement(settlementDeps(w), 'demo', finance, '2027-01');
    expect(changed.ok).toBe(false);
    if (!changed.ok) expect(changed.error.code).toBe('SETTLEMENT.STATEMENT_CHANGED');
    expect(await count(w, 'supplier_statement_lines')).toBe(0);
  });

  it('turns every kind of difference into an exception with its reason and pays only what matched', async () => {
    world = await travelWorld();
    const w = world;
    const b = (await bookedTrip(w, '2026-12-07', '2026-12-09')).orders;
    const c = (await bookedTrip(w, '2026-12-14', '2026-12-16')).orders;
    // A trip cancelled before travelling: its orders are cancelled with the supplier through the outbox.
    const d = await bookedTrip(w, '2026-12-21', '2026-12-23', { complete: false });
    expect((await w.t.call('POST', `/api/v1/trips/${d.tripId}/cancel`, { actorId: 'e_zhangwei' })).status).toBe(200);
    await drainOutbox(w.t);
    expect(w.supplier.orders().filter((o) => o.tripRef === d.tripId).every((o) => o.status === 'cancelled')).toBe(true);

    const [b1, b2, b3] = b;
    const [c1, c2, c3] = c;
    w.supplier.tamperSettlement({ kind: 'add_unknown', supplierOrderRef: 'SO-GHOST', clientRef: 'ghost:out', minor: 99_000, date: '2026-12-05' });
    w.supplier.tamperSettlement({ kind: 'amount', orderId: b1!.orderId, minor: b1!.amount.minor + 5_000 });
    w.supplier.tamperSettlement({ kind: 'drop', orderId: b2!.orderId });
    w.supplier.tamperSettlement({ kind: 'duplicate', orderId: b3!.orderId });
    w.supplier.tamperSettlement({ kind: 'currency', orderId: c1!.orderId, currency: 'USD' });
    w.supplier.tamperSettlement({ kind: 'bill', orderId: d.orders[0]!.orderId });
    w.t.clock.set('2027-01-02T02:00:00.000Z');

    const r = await importSupplierStatement(settlementDeps(w), 'demo', finance, '2026-12');
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    const detail = await supplierStatementDetail(w.t.deps, 'demo', finance, r.value.statement!.id);
    expect(detail.ok).toBe(true);
    if (!detail.ok) return;
    const byKind = Object.fromEntries(detail.value.exceptions.map((e) => [e.kind, e]));
    expect(Object.keys(byKind).sort()).toEqual(['amount_mismatch', 'currency_mismatch', 'duplicate_line', 'missing_order', 'not_billable', 'unknown_order']);
    expect(byKind.unknown_order!.reason.en).toBe('order SO-GHOST is not an order we booked');
    expect(byKind.amount_mismatch).toMatchObject({ supplierOrderRef: b1!.orderId, billed: { minor: b1!.amount.minor + 5_000 }, expected: { minor: b1!.amount.minor } });
    expect(byKind.missing_order).toMatchObject({ supplierOrderRef: b2!.orderId, lineNos: [], expected: { minor: b2!.amount.minor, currency: 'CNY' } });
    expect(byKind.missing_order!.reason.zh).toContain('不在对账单上');
    expect(byKind.duplicate_line!.supplierOrderRef).toBe(b3!.orderId);
    expect(byKind.currency_mismatch!.reason.en).toBe(`order ${c1!.orderId} is in CNY, the statement bills it in USD`);
    expect(byKind.not_billable!.reason.en).toBe(`order ${d.orders[0]!.orderId} was cancelled`);
    // Every line is stored with its outcome; only b3 (once), c2 and c3 are paid.
    expect(detail.value.lines).toHaveLength(r.value.statement!.lineCount);
    const paid = b3!.amount.minor + c2!.amount.minor + c3!.amount.minor;
    expect(detail.value.matched).toEqual([{ minor: paid, currency: 'CNY' }]);
    expect(detail.value.lines.filter((l) => l.status === 'matched').map((l) => l.supplierOrderRef).sort()).toEqual([b3!.orderId, c2!.orderId, c3!.orderId].sort());
    const payables = (await listPayables(w.t.database.db, 'demo', {})).filter((p) => p.sourceType === 'supplier_settlement');
    expect(payables.map((p) => p.amountMinor)).toEqual([paid]);
    // The differences wait in finance's exceptions queue with their reasons.
    const queue = await w.t.call('GET', '/api/v1/reconciliation/exceptions?actorId=e_sarah');
    expect(queue.status).toBe(200);
    expect((queue.body.supplier as { kind: string; month: string }[]).map((d) => d.kind).sort()).toEqual(Object.keys(byKind).sort());
    expect(queue.body.supplier.find((d: { kind: string }) => d.kind === 'unknown_order')).toMatchObject({ month: '2026-12', supplierOrderRef: 'SO-GHOST', reason: 'order SO-GHOST is not an order we booked', billed: { minor: 99_000, currency: 'CNY' } });
  });

  it('answers SUPPLIER.UNAVAILABLE when the supplier fails, and writes nothing', async () => {
    world = await travelWorld();
    const w = world;
    await bookedTrip(w, '2026-11-24', '2026-11-26');
    const before = await fingerprint(w.t.database.db, 'demo');
    w.supplier.failNext(503);
    const r = await importSupplierStatement(settlementDeps(w), 'demo', finance, '2026-11');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('SUPPLIER.UNAVAILABLE');
    expect(await fingerprint(w.t.database.db, 'demo')).toEqual(before);
    // Unreachable altogether: the same answer.
    const gone = await importSupplierStatement({ ...settlementDeps(w), supplier: createHttpSupplier({ baseUrl: 'http://127.0.0.1:9', appKey: 'k', appSecret: 's', timeoutMs: 2000 }) }, 'demo', finance, '2026-11');
    expect(!gone.ok && gone.error.code).toBe('SUPPLIER.UNAVAILABLE');
    // The next attempt, with the supplier back, settles.
    const retry = await importSupplierStatement(settlementDeps(w), 'demo', finance, '2026-11');
    expect(retry.ok && retry.value.created).toBe(true);
  });

  it('refuses anyone but finance, a malformed month and a month that has not begun, before calling the supplier', async () => {
    world = await travelWorld();
    const w = world;
    const employee = await importSupplierStatement(settlementDeps(w), 'demo', employeeActor('e_zhangwei'), '2026-11');
    expect(!employee.ok && employee.error.code).toBe('AUTH.FORBIDDEN');
    const bad = await importSupplierStatement(settlementDeps(w), 'demo', finance, '2026-13');
    expect(!bad.ok && bad.error.code).toBe('VALIDATION.INVALID');
    const future = await importSupplierStatement(settlementDeps(w), 'demo', finance, '2026-12');
    expect(!future.ok && future.error.code).toBe('VALIDATION.INVALID');
    expect(w.supplier.calls.filter((c) => c.path === '/v1/settlements')).toEqual([]);
  });

  it("splits one supplier account's statement by organisation: each settles its own orders and never sees the other's", async () => {
    world = await travelWorld();
    const w = world;
    const acme = await addOrganisation(w.t);
    const demoTrip = await bookedTrip(w, '2026-11-24', '2026-11-26');
    const theirs = await otherOrgOrder(w, acme.orgId, '2026-11-25');
    w.t.clock.set('2026-11-28T02:00:00.000Z');
    expect(w.supplier.settlement('2026-11')).toHaveLength(4);

    const demo = await importSupplierStatement(settlementDeps(w), 'demo', finance, '2026-11');
    expect(demo.ok && demo.value.statement).toMatchObject({ lineCount: 3, exceptionCount: 0, matched: [{ minor: demoTrip.orders.reduce((s, o) => s + o.amount.minor, 0), currency: 'CNY' }] });
    const demoDetail = await supplierStatementDetail(w.t.deps, 'demo', finance, demo.ok ? demo.value.statement!.id : '');
    expect(JSON.stringify(demoDetail)).not.toContain(theirs.orderId);

    const other = await importSupplierStatement(settlementDeps(w), acme.orgId, employeeActor(acme.finance), '2026-11');
    expect(other.ok && other.value.statement).toMatchObject({ lineCount: 1, exceptionCount: 0, matched: [{ minor: theirs.amount.minor, currency: 'CNY' }] });
    const acmePayables = (await listPayables(w.t.database.db, acme.orgId, {})).filter((p) => p.sourceType === 'supplier_settlement');
    expect(acmePayables.map((p) => p.amountMinor)).toEqual([theirs.amount.minor]);
    // Demo's statement is not found from the other organisation.
    const cross = await supplierStatementDetail(w.t.deps, acme.orgId, employeeActor(acme.finance), demo.ok ? demo.value.statement!.id : '');
    expect(!cross.ok && cross.error.code).toBe('NOT_FOUND');
  });
});
