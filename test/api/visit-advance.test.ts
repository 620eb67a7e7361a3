// The advance of a visit through the REST API, with two organisations: the registration documents and takes
// `advance`, the visit answers where its advance stands, and another organisation can neither see nor act on the
// visit, its approval or its advance (404, never 403), while its own visit's advance is its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { addOrganisation, fingerprint, type OtherOrg } from '../helpers/two-orgs.js';

let t: TestApp;
let acme: OtherOrg;
beforeAll(async () => {
  t = await testApp();
  acme = await addOrganisation(t);
  expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '世纪大道100号', deskIds: ['e_sunli'] })).status).toBe(200);
  expect((await acme.call('PUT', '/api/v1/sites/hq', { actorId: acme.admin, name: 'Acme HQ', address: '1 Acme Road' })).status).toBe(200);
  const flow = { name: 'Visits', subjectTypes: ['visit'], priority: 5, active: true, steps: [{ key: 'boss', name: 'Boss', mode: 'any', approvers: [{ kind: 'manager', level: 1 }] }] };
  expect((await acme.call('PUT', '/api/v1/flows/visits', flow)).status).toBe(200);
});
afterAll(() => t.close());

const cny = (minor: number) => ({ minor, currency: 'CNY' });
const visitBody = (over: Record<string, unknown> = {}) => ({
  actorId: 'e_zhangwei',
  hostId: 'e_zhangwei',
  siteId: 'hq',
  visitors: [{ name: '王强', company: 'ABC科技' }],
  purpose: '年度采购洽谈',
  start: '2026-11-20T14:00:00+08:00',
  end: '2026-11-20T17:00:00+08:00',
  estimate: { meal: 60_000 },
  advance: { minor: 50_000, currency: 'CNY' },
  ...over,
});

async function approveAll(call: TestApp['call'], requestId: string) {
  for (let i = 0; i < 5; i++) {
    const r = await call('GET', `/api/v1/requests/${requestId}`);
    if (r.body.approval.status !== 'pending') return r.body;
    const res = await call('POST', `/api/v1/approvals/${r.body.approval.id}/actions`, { actorId: r.body.approval.progress.pending[0], action: 'approve' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return (await call('GET', `/api/v1/requests/${requestId}`)).body;
}

describe('a visit’s advance through the REST API', () => {
  it('is documented on the registration and on the visit', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as any;
    const op = doc.paths['/api/v1/visits'].post;
    expect(op.description).toContain('advance');
    expect(JSON.stringify(op.requestBody)).toContain('"advance"');
    expect(JSON.stringify(doc.paths['/api/v1/visits/{id}'].get.responses['200'])).toContain('"advance"');
  });

  it('another organisation can neither see nor act on a visit’s advance; its own is its own', async () => {
    const r = await t.call('POST', '/api/v1/visits', visitBody());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.visit.advance).toEqual({ amount: cny(50_000), status: 'requested' });
    const requestId = r.body.request.id as string;

    // Before the approval: the other organisation cannot read the visit nor decide it.
    const before = await fingerprint(t.database.db, 'demo');
    expect((await acme.call('GET', `/api/v1/visits/${r.body.visit.id}?actorId=${acme.admin}`)).status).toBe(404);
    expect((await acme.call('GET', `/api/v1/requests/${requestId}`)).status).toBe(404);
    expect((await acme.call('POST', `/api/v1/approvals/${r.body.approvalId}/actions`, { actorId: acme.admin, action: 'approve' })).status).toBe(404);
    expect(await fingerprint(t.database.db, 'demo')).toEqual(before);

    expect((await approveAll(t.call, requestId)).approval.status).toBe('approved');
    expect((await t.call('GET', `/api/v1/visits/${r.body.visit.id}?actorId=e_zhangwei`)).body.advance).toEqual({ amount: cny(50_000), status: 'approved', outstanding: cny(50_000) });

    // After it: the advance is not in their list, cannot be repaid by them, nor offset by their claim.
    const after = await fingerprint(t.database.db, 'demo');
    const theirs = await acme.call('GET', '/api/v1/advances');
    expect(theirs.status).toBe(200);
    expect(JSON.stringify(theirs.body)).not.toContain(requestId);
    expect((await acme.call('POST', `/api/v1/advances/${requestId}/repayments`, { actorId: acme.finance, amount: cny(100), reference: 'ACME-1' })).status).toBe(404);
    const line = await acme.call('POST', '/api/v1/expense-lines', { employeeId: acme.admin, category: 'meal', amount: cny(10_000), date: '2026-11-17' });
    expect(line.status, JSON.stringify(line.body)).toBe(201);
    const claim = await acme.call('POST', '/api/v1/reimbursements', { submitterId: acme.admin, lineIds: [line.body.id], visitIds: [r.body.visit.id] });
    expect([claim.status, claim.body.error?.code]).toEqual([404, 'NOT_FOUND']);
    expect(await fingerprint(t.database.db, 'demo')).toEqual(after);

    // Their own visit with an advance: theirs to see, and not the demo organisation's.
    const own = await acme.call('POST', '/api/v1/visits', visitBody({ actorId: acme.employee, hostId: acme.employee, advance: { minor: 20_000 } }));
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body.request.details.visit).toMatchObject({ advance: cny(20_000), hospitalityAvailable: null, hostAdvances: { count: 0, totals: [] } });
    expect((await t.call('GET', `/api/v1/visits/${own.body.visit.id}?actorId=e_sunli`)).status).toBe(404);
    expect((await approveAll(acme.call, own.body.request.id)).approval.status).toBe('approved');
    expect((await acme.call('GET', '/api/v1/advances')).body.advances.map((a: { id: string; employeeId: string }) => [a.id, a.employeeId])).toEqual([[own.body.request.id, acme.employee]]);
    expect(JSON.stringify((await t.call('GET', '/api/v1/advances')).body)).not.toContain(own.body.request.id);
  });

  it('refuses an advance that is not an amount, or more than the estimate, naming the field', async () => {
    const text = await t.call('POST', '/api/v1/visits', visitBody({ advance: { minor: 'lots' } }));
    expect([text.status, text.body.error.code, text.body.error.message]).toEqual([400, 'REQUEST.INVALID', expect.stringContaining('advance.minor')]);
    const over = await t.call('POST', '/api/v1/visits', visitBody({ advance: { minor: 60_001 } }));
    expect([over.status, over.body.error.code, over.body.error.details.field]).toEqual([400, 'VALIDATION.INVALID', 'advance']);
  });
});
