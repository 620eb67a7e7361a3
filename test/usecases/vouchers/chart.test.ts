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
import { addOrganisation } from '../../helpers/two-orgs.js';

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

  it('a claim its chart cannot map waits with the reason; the chart saved with the account books it, numbered and sent to the ERP', async () => {
    const read = await t.call('GET', '/api/v1/vouchers/chart?actorId=e_sarah');
    const { meal: _meal, ...byCategory } = DEFAULT_CHART.expense.byCategory as Record<string, string>;
    const lacking = { ...DEFAULT_CHART, expense: { byCategory, byDepartment: {} } };
    const saved = await t.call('PUT', '/api/v1/vouchers/chart', { actorId: 'e_sarah', version: read.body.version, chart: lacking });
    expect([saved.status, saved.body.rebooked, saved.body.waiting]).toEqual([200, 0, 0]);
    const line = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'meal', amount: { minor: 12_800, currency: 'CNY' }, date: '2026-11-18', merchant: '海底捞' });
    expect(line.status, JSON.stringify(line.body)).toBe(201);
    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [line.body.id] });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    await approveAll(claim.body.request.id);
    type V = { id: string; kind: string; status: string; number: string | null; reason: string | null; source: { id: string }; lines: { account: string; debitMinor: number }[] };
    const voucher = async () => ((await t.call('GET', '/api/v1/vouchers?actorId=e_sarah')).body.vouchers as V[]).find((x) => x.kind === 'reimbursement_approved' && x.source.id === claim.body.request.id)!;
    const waiting = await voucher();
    expect([waiting.status, waiting.number]).toEqual(['waiting', null]);
    expect(waiting.reason).toContain('meal');
    const published = async () => rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM outbox WHERE org_id = 'demo' AND key = ${`voucher:${waiting.id}#0`}`))[0]!.n;
    expect(await published()).toBe(0);
    // Saving a chart that still lacks it books nothing and says it still waits.
    const still = await t.call('PUT', '/api/v1/vouchers/chart', { actorId: 'e_sarah', version: saved.body.version, chart: { ...lacking, fees: '66030102' } });
    expect([still.status, still.body.rebooked, still.body.waiting]).toEqual([200, 0, 1]);
    const numbers = rowsOf<{ number: string }>(await t.database.db.execute(sql`SELECT number FROM vouchers WHERE org_id = 'demo' AND period = '2026-11' AND number IS NOT NULL`)).map((r) => Number(r.number.slice(8)));
    const fixed = await t.call('PUT', '/api/v1/vouchers/chart', { actorId: 'e_sarah', version: still.body.version, chart: { ...lacking, expense: { byCategory: { ...byCategory, meal: '66020301' }, byDepartment: {} } } });
    expect([fixed.status, fixed.body.rebooked, fixed.body.waiting]).toEqual([200, 1, 0]);
    const booked = await voucher();
    expect([booked.status, booked.reason, booked.number]).toEqual(['booked', null, `2026-11-${String(Math.max(0, ...numbers) + 1).padStart(4, '0')}`]);
    expect(booked.lines.filter((l) => l.debitMinor > 0)).toEqual([expect.objectContaining({ account: '66020301', debitMinor: 12_800 })]);
    expect(await published()).toBe(1);
    // Another organisation's chart is its own: saving it books nothing of ours.
    const acme = await addOrganisation(t);
    const theirs = await acme.call('PUT', '/api/v1/vouchers/chart', { actorId: acme.finance, version: 0, chart: DEFAULT_CHART });
    expect([theirs.status, theirs.body.rebooked]).toEqual([200, 0]);
  });
});
