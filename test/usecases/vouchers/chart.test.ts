// The chart of accounts an organisation books with: the default until finance saves its own, replaced as a whole and
// checked (the field at fault named), versioned, audited with before and after, and used by the next voucher booked.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import { getVoucherChart, saveVoucherChart } from '../../../db/repos/vouchers.js';
import { ok } from '../../../domain/shared/index.js';
import { DEFAULT_CHART } from '../../../domain/voucher/index.js';
import { command } from '../../../src/usecases/unit-of-work.js';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

async function approveAll(requestId: string) {
  for (let i = 0; i < 4; i++) {
    const r = await t.call('GET', `/api/v1/requests/${requestId}`);
    if (r.body.approval.status !== 'pending') return;
    await t.call('POST', `/api/v1/approvals/${r.body.approval.id}/actions`, { actorId: r.body.approval.progress.pending[0], action: 'approve' });
  }
}

describe('the chart of accounts', () => {
  it('starts as the default, is replaced as a whole by finance only, and a stale or broken chart is refused naming why', async () => {
    const read = await t.call('GET', '/api/v1/vouchers/chart?actorId=e_sarah');
    expect(read.body).toEqual({ chart: DEFAULT_CHART, version: 0 });
    expect((await t.call('GET', '/api/v1/vouchers/chart?actorId=e_zhangwei')).status).toBe(403);
    const mine = { ...DEFAULT_CHART, expense: { ...DEFAULT_CHART.expense, byDepartment: { d_sales: { transport: '66020201' } } } };
    expect((await t.call('PUT', '/api/v1/vouchers/chart', { actorId: 'e_zhangwei', version: 0, chart: mine })).status).toBe(403);
    const broken = await t.call('PUT', '/api/v1/vouchers/chart', { actorId: 'e_sarah', version: 0, chart: { ...mine, inputVat: '  ' } });
    expect([broken.status, broken.body.error.code, broken.body.error.details.field]).toEqual([422, 'VOUCHER.CHART_INVALID', 'inputVat']);
    const saved = await t.call('PUT', '/api/v1/vouchers/chart', { actorId: 'e_sarah', version: 0, chart: mine });
    expect([saved.status, saved.body.version]).toEqual([200, 1]);
    const stale = await t.call('PUT', '/api/v1/vouchers/chart', { actorId: 'e_zhaomin', version: 0, chart: DEFAULT_CHART });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'CONFLICT.VERSION']);
    expect((await t.call('GET', '/api/v1/vouchers/chart?actorId=e_sarah')).body).toEqual({ chart: mine, version: 1 });
    const audit = rowsOf<{ before: unknown; after: { version: number } }>(await t.database.db.execute(sql`SELECT before, after FROM audit_log WHERE org_id = 'demo' AND action = 'voucher.chart_changed'`));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toEqual(DEFAULT_CHART);
    expect(audit[0]!.after.version).toBe(1);
  });

  it('books the next claim with the chart in force: the sales department’s taxi on its own account', async () => {
    const line = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'transport', amount: { minor: 4_500, currency: 'CNY' }, date: '2026-11-17', merchant: '滴滴出行' });
    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [line.body.id] });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    await approveAll(claim.body.request.id);
    const v = ((await t.call('GET', '/api/v1/vouchers?actorId=e_sarah')).body.vouchers as { kind: string; source: { id: string }; lines: { account: string; debitMinor: number; costCentre?: string }[] }[]).find((x) => x.kind === 'reimbursement_approved' && x.source.id === claim.body.request.id)!;
    expect(v.lines.filter((l) => l.debitMinor > 0 && l.costCentre)).toEqual([expect.objectContaining({ account: '66020201', costCentre: 'd_sales', debitMinor: 4_500 })]);
  });

  it('is read once per transaction (a statement books a voucher per payment), and a save in it is seen', async () => {
    await command(t.database.db, async (tx) => {
      const first = getVoucherChart(tx, 'demo');
      expect(getVoucherChart(tx, 'demo')).toBe(first);
      const version = (await first)!.version;
      const next = { ...DEFAULT_CHART, fees: '66030101' };
      expect(await saveVoucherChart(tx, 'demo', next, version + 1, 'e_sarah', t.clock.now())).toBe(true);
      expect((await getVoucherChart(tx, 'demo'))!.chart).toEqual(next);
      return ok(undefined);
    });
    // Outside a transaction every read goes to the database.
    expect(getVoucherChart(t.database.db, 'demo')).not.toBe(getVoucherChart(t.database.db, 'demo'));
    expect((await getVoucherChart(t.database.db, 'demo'))!.chart).toMatchObject({ fees: '66030101' });
  });
});
