// A request can be approved at submission: its flow has no step that applies (here, one step for amounts nobody
// asks for). The approval's lifecycle effects then happen in the submission's own transaction, as they would on a
// final decision: a trip freezes its estimate in the department's budget, an advance becomes outstanding and payable,
// a claim settles against it. Another organisation's flows are its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { addOrganisation } from '../helpers/two-orgs.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const never = { field: 'amount', op: 'gte', minor: 900_000_000, currency: 'CNY' };
const autoFlow = { name: 'Approved at submission', subjectTypes: ['trip', 'advance', 'reimbursement'], priority: 100, steps: [{ key: 'cfo', name: 'CFO', mode: 'any', approvers: [{ kind: 'role', role: 'admin' }], condition: never }] };
const trip = { type: 'trip', submitterId: 'e_lina', title: '上海出差', details: { trip: { destination: '上海', departDate: '2026-11-24', returnDate: '2026-11-26', transport: 'train' } } };
const travelBudget = async () => (await t.call('GET', '/api/v1/budgets?departmentId=d_sales&category=travel&periodKey=2026-11')).body.budgets[0] as { frozen: { minor: number } };

describe('a request approved at submission', () => {
  beforeAll(async () => {
    expect((await t.call('PUT', '/api/v1/flows/auto', autoFlow)).status).toBe(200);
  });

  it('a trip freezes its estimate in the same transaction, like a trip approved by a person', async () => {
    const before = await travelBudget();
    const r = await t.call('POST', '/api/v1/requests', trip);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.request.status).toBe('approved');
    expect(r.body.request.amount.minor).toBeGreaterThan(0);
    const after = await travelBudget();
    expect(after.frozen.minor - before.frozen.minor).toBe(r.body.request.amount.minor);
  });

  it('an advance becomes outstanding and payable; a claim approved at submission offsets it', async () => {
    const adv = await t.call('POST', '/api/v1/advances', { submitterId: 'e_lina', amount: { minor: 30_000, currency: 'CNY' }, purpose: '出差借款' });
    expect(adv.status, JSON.stringify(adv.body)).toBe(201);
    expect(adv.body.request.status).toBe('approved');
    const outstanding = async () => (await t.call('GET', '/api/v1/advances?employeeId=e_lina')).body.advances.find((a: { id: string }) => a.id === adv.body.request.id)?.outstanding.minor;
    expect(await outstanding()).toBe(30_000);
    const payables = (await t.call('GET', '/api/v1/payables?payeeId=e_lina')).body.payables as { sourceType: string; sourceId: string }[];
    expect(payables.filter((p) => p.sourceType === 'advance' && p.sourceId === adv.body.request.id)).toHaveLength(1);

    const l = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_lina', category: 'meal', amount: { minor: 12_000, currency: 'CNY' }, date: '2026-11-17', merchant: '外婆家' });
    expect(l.status).toBe(201);
    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_lina', lineIds: [l.body.id] });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect(claim.body.request.status).toBe('approved');
    expect(await outstanding()).toBe(18_000);
  });

  it("leaves another organisation's requests to its own flows", async () => {
    const acme = await addOrganisation(t);
    expect((await acme.call('PUT', '/api/v1/flows/trips', { name: 'Trips', subjectTypes: ['trip'], priority: 5, steps: [{ key: 'boss', name: 'Boss', mode: 'any', approvers: [{ kind: 'manager', level: 1 }] }] })).status).toBe(200);
    const r = await acme.call('POST', '/api/v1/requests', { ...trip, submitterId: acme.employee });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.request.status).toBe('pending');
    expect((await t.call('GET', `/api/v1/requests/${r.body.request.id}`)).status).toBe(404);
  });
});
