// The scheduled import of last month's supplier statement: each organisation's last month in its own calendar, the
// statement fetched once per run over signed HTTP, idempotent from one run to the next, and a changed or unreachable
// statement left alone and reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPayables } from '../../db/repos/advances.js';
import { runSupplierSettlement } from '../../src/jobs/supplier-settlement.js';
import { tick } from '../../src/jobs/scheduler.js';
import { silentLogger } from '../../src/log.js';
import { scheduledJobs } from '../../src/services.js';
import { bookedTrip, settlementDeps } from '../helpers/settlement.js';
import { travelWorld, type TravelWorld } from '../helpers/travel.js';
import { testApp } from '../helpers/app.js';
import { addOrganisation, type OtherOrg } from '../helpers/two-orgs.js';
import { supplierStatementsOf } from '../../src/usecases/travel/settlement-queries.js';
import { employeeActor } from '../../src/usecases/authorise.js';

let w: TravelWorld;
let acme: OtherOrg;
let total = 0;
let orderIds: string[] = [];
beforeAll(async () => {
  w = await travelWorld();
  acme = await addOrganisation(w.t);
  const { orders } = await bookedTrip(w, '2026-11-24', '2026-11-26');
  total = orders.reduce((s, o) => s + o.amount.minor, 0);
  orderIds = orders.map((o) => o.orderId);
});
afterAll(() => w.close());

const job = () => ({ ...settlementDeps(w), supplier: settlementDeps(w).supplier!, log: silentLogger });

describe('the supplier settlement job', { shuffle: false }, () => {
  it("imports last month in the organisation's calendar (Beijing's 1 December is still 30 November in UTC), once per run", async () => {
    const now = new Date('2026-11-30T17:00:00.000Z');
    w.t.clock.set(now.toISOString());
    const supplierCalls = w.supplier.calls.length;
    const r = await runSupplierSettlement(job(), now);
    expect(r).toEqual({ imported: ['demo'], refused: [] });
    // Two organisations, one month: one fetch.
    expect(w.supplier.calls.slice(supplierCalls).filter((c) => c.path === '/v1/settlements')).toHaveLength(1);
    const payables = (await listPayables(w.t.database.db, 'demo', {})).filter((p) => p.sourceType === 'supplier_settlement');
    expect(payables.map((p) => [p.payeeId, p.amountMinor])).toEqual([['travel-supplier', total]]);
    // The other organisation had nothing that month: no statement is recorded for it.
    const theirs = await supplierStatementsOf(w.t.deps, acme.orgId, employeeActor(acme.finance));
    expect(theirs.ok && theirs.value).toEqual([]);
    const ours = await supplierStatementsOf(w.t.deps, 'demo', employeeActor('e_sarah'));
    expect(ours.ok && ours.value.map((s) => [s.month, s.importedBy])).toEqual([['2026-11', 'job:supplier-settlement']]);
  });

  it('changes nothing when it runs again', async () => {
    const r = await runSupplierSettlement(job(), new Date('2026-12-01T08:00:00.000Z'));
    expect(r).toEqual({ imported: [], refused: [] });
    expect((await listPayables(w.t.database.db, 'demo', {})).filter((p) => p.sourceType === 'supplier_settlement')).toHaveLength(1);
  });

  it('leaves a settled month alone when the statement changed, and reports a supplier that is down', async () => {
    w.supplier.tamperSettlement({ kind: 'drop', orderId: orderIds[0]! });
    expect(await runSupplierSettlement(job(), new Date('2026-12-01T14:00:00.000Z'))).toEqual({ imported: [], refused: [{ orgId: 'demo', code: 'SETTLEMENT.PERIOD_SETTLED' }] });
    w.supplier.resetSettlement();
    w.supplier.failNext(503);
    const down = await runSupplierSettlement(job(), new Date('2026-12-01T20:00:00.000Z'));
    expect(down.refused.map((x) => x.code)).toEqual(['SUPPLIER.UNAVAILABLE', 'SUPPLIER.UNAVAILABLE']);
    expect((await listPayables(w.t.database.db, 'demo', {})).filter((p) => p.sourceType === 'supplier_settlement')).toHaveLength(1);
  });

  it('is scheduled every SUPPLIER_SETTLEMENT_MS when a supplier is configured, and runs once per period', async () => {
    const jobs = scheduledJobs({ ...w.t.deps });
    const settlement = jobs.find((j) => j.name === 'supplier.settlement');
    expect(settlement?.everyMs).toBe(6 * 3_600_000);
    const at = new Date('2026-12-02T00:00:00.000Z');
    expect(await tick(w.t.database.db, [settlement!], at, silentLogger)).toEqual(['supplier.settlement']);
    expect(await tick(w.t.database.db, [settlement!], new Date(at.getTime() + 3_600_000), silentLogger)).toEqual([]);
    const plain = await testApp();
    try {
      expect(scheduledJobs({ ...plain.deps }).some((j) => j.name === 'supplier.settlement')).toBe(false);
    } finally {
      await plain.close();
    }
  });
});
