// The visit statistics page under the finance session: the figures of a completed, claimed visit by company, escaped;
// the statistics and the ledger as CSV downloads; a host sees only their own visits; a bad period is a 400 page.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../helpers/app.js';
import { financeSession } from '../../helpers/finance.js';

let t: TestApp;
let visitId: string;

async function approveAll(requestId: string) {
  for (let i = 0; i < 5; i++) {
    const r = await t.call('GET', `/api/v1/requests/${requestId}`);
    if (r.body.approval.status !== 'pending') return;
    expect((await t.call('POST', `/api/v1/approvals/${r.body.approval.id}/actions`, { actorId: r.body.approval.progress.pending[0], action: 'approve' })).status).toBe(200);
  }
}

beforeAll(async () => {
  t = await testApp();
  expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '总部', address: '上海市浦东新区世纪大道100号' })).status).toBe(200);
  const v = await t.call('POST', '/api/v1/visits', {
    actorId: 'e_zhangwei',
    hostId: 'e_zhangwei',
    siteId: 'hq',
    visitors: [{ name: '王强', company: '<script>alert(1)</script>' }],
    purpose: '洽谈',
    start: '2026-11-20T06:00:00Z',
    end: '2026-11-20T08:00:00Z',
    estimate: { meal: 50_000 },
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  visitId = v.body.visit.id;
  await approveAll(v.body.request.id);
  await t.database.db.execute(sql`UPDATE visitors SET checked_in_at = '2026-11-20T06:02:00Z' WHERE org_id = 'demo' AND visit_id = ${visitId}`);
  t.clock.set('2026-11-21T02:00:00Z');
  const line = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'meal', amount: { minor: 42_050, currency: 'CNY' }, date: '2026-11-20', merchant: '餐厅' });
  const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [line.body.id], visitIds: [visitId] });
  expect(claim.status, JSON.stringify(claim.body)).toBe(201);
  await approveAll(claim.body.request.id);
});
afterAll(() => t.close());

describe('the visit statistics page', () => {
  it('shows visits and cost by company, escaped, with no outside asset, and links the CSV downloads', async () => {
    const s = await financeSession(t, 'demo', 'e_sarah', 'reception');
    const page = await s.get('/finance/reception?from=2026-11-01&to=2026-11-30&by=company');
    expect(page.status).toBe(200);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>');
    expect(page.text).toMatch(/<td class="num">1<\/td>/);
    expect(page.text).toContain('420.50');
    expect(page.text).not.toMatch(/(src|href)="https?:/);
    expect(page.text).toContain('href="/finance/reception.csv?from=2026-11-01&amp;to=2026-11-30&amp;by=company"');

    const stats = await s.get('/finance/reception.csv?from=2026-11-01&to=2026-11-30&by=company');
    expect(stats.status).toBe(200);
    expect(stats.text).toBe('company,label,currency,visits,visitors,visits_per_month,estimate_total,cost_total,costed_visits,cost_per_visit\r\n<script>alert(1)</script>,<script>alert(1)</script>,CNY,1,1,1,500.00,420.50,1,420.50\r\n');
    const ledger = await s.get('/finance/reception-ledger.csv?from=2026-11-01&to=2026-11-30&by=company');
    expect(ledger.status).toBe(200);
    expect(ledger.text.split('\r\n')[1]).toContain(visitId);
  });

  it('opens by default on the last twelve months; by month and department too', async () => {
    const s = await financeSession(t, 'demo', 'e_sarah', 'reception');
    const def = await s.get('/finance/reception');
    expect(def.status).toBe(200);
    expect(def.text).toContain('value="2025-11-22"');
    expect(def.text).toContain('value="2026-11-21"');
    expect((await s.get('/finance/reception?from=2026-11-01&to=2026-11-30&by=month')).text).toContain('data-key="2026-11"');
    expect((await s.get('/finance/reception?from=2026-11-01&to=2026-11-30&by=department')).text).toContain('data-key="d_sales"');
  });

  it('shows another employee only their own visits, and a bad period as a 400 page', async () => {
    const s = await financeSession(t, 'demo', 'e_david', 'reception');
    const page = await s.get('/finance/reception?from=2026-11-01&to=2026-11-30&by=company');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('alert(1)');
    expect((await s.get('/finance/reception?from=2026-11-30&to=2026-11-01&by=company')).status).toBe(400);
    expect((await s.get('/finance/reception?from=x&to=2026-11-01&by=company')).status).toBe(400);
    expect((await s.get('/finance/reception?from=2026-11-01&to=2026-11-30&by=weather')).status).toBe(400);
  });
});
