// Two organisations on one deployment. The walk is generated from the OpenAPI document: every operation is called with
// the second organisation's key and the first one's ids (in the path, the body or the query), and must answer 404
// (never 403: existence is not leaked) or act on the caller's own data, while nothing the first organisation owns
// changes. A new route without a case here fails the walk, so it cannot be added unchecked.
import { DEFAULT_CHART } from '../../domain/voucher/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.js';
import { createApiKey } from '../../db/repos/api-keys.js';
import { insertPaymentReceipt, insertPayments } from '../../db/repos/payments.js';
import { openPayable } from '../helpers/payables.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { readStatements } from '../../src/integrations/bank/iso20022/read/index.js';
import { importStatement } from '../../src/usecases/payments/statement-import.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localReceiptStore } from '../../src/integrations/storage/receipt-store.js';
import { randomIds } from '../../src/runtime.js';
import { systemActor } from '../../src/usecases/authorise.js';
import { signInvitation } from '../../src/usecases/reception/invitation-token.js';
import { siteTag } from '../../domain/reception/index.js';
import { settleStatement } from '../../src/usecases/travel/supplier-settlement.js';
import { expense, testApp, type TestApp } from '../helpers/app.js';
import { addOrganisation, fingerprint, type OtherOrg } from '../helpers/two-orgs.js';

interface DemoIds {
  requestId: string;
  approvalId: string;
  tripId: string;
  budgetId: string;
  flowId: string;
  ruleId: string;
  webhookId: string;
  lineId: string;
  advanceId: string;
  departmentId: string;
  receiptId: string;
  runId: string;
  payableId: string;
  statementId: string;
  paymentId: string;
  /** An imported bank statement with an open transaction `1.1`. */
  bankStatementId: string;
  /** A rule proposal the demo organisation's own decisions made. */
  proposalKey: string;
  /** A visit registered at the demo organisation's site `hq`, approved. */
  visitId: string;
  /** Its visitor, and the invitation code the gate scans. */
  visitorId: string;
  invitationCode: string;
  /** A watchlist entry of the demo organisation. */
  watchId: string;
}

type Case = { body?: unknown; query?: string; contentType?: string; expect: number[] };

/** A 1×1 PNG, as a receipt photo. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const money = (minor: number) => ({ minor, currency: 'CNY' });

/** What the other organisation sends to each operation, and the statuses it may get. */
function casesFor(d: DemoIds, acme: OtherOrg, flowBody: unknown, ruleBody: unknown): Record<string, Case> {
  const notFound = { expect: [404] };
  return {
    // Its own people may be synced, but an identity the demo organisation holds may not move to it.
    'POST /api/v1/org/sync': { body: { employees: [{ id: acme.employee, name: 'Bob Worker', departmentId: 'd_acme', managerId: acme.admin, identities: [{ platform: 'web', kind: 'web', externalId: 'demo:e_zhangwei' }] }] }, expect: [409] },
    'GET /api/v1/org': { expect: [200] },
    'POST /api/v1/delegations': { body: { delegatorId: 'e_zhangwei', delegateId: 'e_wangqiang', startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-09T00:00:00Z' }, ...notFound },
    // Flow and rule ids are each organisation's own: the same id makes the caller's own flow, the demo's stays.
    'PUT /api/v1/flows/{id}': { body: flowBody, expect: [200] },
    'GET /api/v1/flows': { expect: [200] },
    'PUT /api/v1/policy-rules/{id}': { body: ruleBody, expect: [200] },
    'GET /api/v1/policy-rules': { expect: [200] },
    'POST /api/v1/budgets': { body: { departmentId: d.departmentId, category: 'travel', periodKey: '2026-12', amount: money(100_000) }, ...notFound },
    'GET /api/v1/budgets': { query: `departmentId=${d.departmentId}`, expect: [200] },
    'GET /api/v1/budgets/{id}': notFound,
    'POST /api/v1/budgets/{id}/entries': { body: { kind: 'adjust', amountMinor: 100, ref: { type: 'manual', id: 'x' } }, ...notFound },
    'POST /api/v1/requests': { body: expense(), ...notFound },
    'GET /api/v1/requests': { query: 'submitterId=e_zhangwei', expect: [200] },
    'GET /api/v1/requests/{id}': notFound,
    'POST /api/v1/approvals/{id}/actions': { body: { actorId: acme.admin, action: 'approve' }, ...notFound },
    'GET /api/v1/approvals/pending': { query: 'approverId=e_wangqiang', expect: [200] },
    'POST /api/v1/webhooks': { body: { url: 'http://127.0.0.1:9/acme', events: ['*'] }, expect: [201] },
    'GET /api/v1/webhooks': { expect: [200] },
    'DELETE /api/v1/webhooks/{id}': notFound,
    'POST /api/v1/webhooks/{id}/rotate-secret': { body: {}, ...notFound },
    'GET /api/v1/audit/verify': { expect: [200] },
    'POST /api/v1/expense-lines': { body: { employeeId: 'e_zhangwei', category: 'transport', amount: money(4500), date: '2026-11-17' }, ...notFound },
    'GET /api/v1/expense-lines': { query: 'employeeId=e_zhangwei', expect: [200] },
    'GET /api/v1/expense-lines/{id}': notFound,
    'POST /api/v1/expense-lines/{id}/confirm': { body: { employeeId: acme.employee }, ...notFound },
    'POST /api/v1/expense-lines/{id}/dismiss': { body: { employeeId: acme.employee }, ...notFound },
    'POST /api/v1/expense-lines/{id}/receipts': { query: `actorId=${acme.employee}`, contentType: 'image/png', body: PNG, ...notFound },
    'GET /api/v1/receipts/{id}': notFound,
    'POST /api/v1/expense-lines/{id}/invoice': { body: { actorId: acme.finance, invoice: { kind: 'receipt', number: 'R-1', issueDate: '2026-11-17', merchant: 'Taxi', amount: money(4500), total: money(4500) } }, ...notFound },
    'POST /api/v1/advances': { body: { submitterId: 'e_zhangwei', amount: money(100_000), purpose: 'trip' }, ...notFound },
    'GET /api/v1/advances': { query: 'employeeId=e_zhangwei', expect: [200] },
    'POST /api/v1/advances/{id}/repayments': { body: { actorId: acme.finance, amount: money(100), reference: 'BANK-1' }, ...notFound },
    'POST /api/v1/reimbursements': { body: { submitterId: acme.employee, lineIds: [d.lineId] }, ...notFound },
    'GET /api/v1/finance/review-queue': { expect: [200] },
    'GET /api/v1/payables': { query: 'payeeId=e_zhangwei', expect: [200] },
    // Payments: another organisation's payees, runs and items are not found; lists show the caller's own.
    'PUT /api/v1/payees/{ownerType}/{ownerId}': { body: { actorId: acme.finance, account: { holderName: '张伟', bankName: 'CMB', accountNumber: '6214831234567896', cnaps: '308290003020' } }, ...notFound },
    'GET /api/v1/payees': { query: `actorId=${acme.finance}`, expect: [200] },
    'POST /api/v1/debtor-accounts': { body: { actorId: acme.finance, name: 'Acme CMB', account: { holderName: 'Acme', bankName: 'CMB', accountNumber: '121909876510601', cnaps: '308290003020' } }, expect: [201] },
    'GET /api/v1/debtor-accounts': { query: `actorId=${acme.finance}`, expect: [200] },
    'GET /api/v1/bank-statements': { query: `actorId=${acme.finance}`, expect: [200] },
    'GET /api/v1/reconciliation/exceptions': { query: `actorId=${acme.finance}`, expect: [200] },
    'GET /api/v1/vouchers': { query: `actorId=${acme.finance}&format=csv`, expect: [200] },
    'GET /api/v1/reconciliation/rules': { query: `actorId=${acme.finance}`, expect: [200] },
    // Its own chart of accounts: saved for it, the demo organisation's untouched (the fingerprint).
    'GET /api/v1/vouchers/chart': { query: `actorId=${acme.finance}`, expect: [200] },
    'PUT /api/v1/vouchers/chart': { body: { actorId: acme.finance, version: 0, chart: { ...DEFAULT_CHART, fees: '660399' } }, expect: [200] },
    // Its own rules: saved for it, the demo organisation's untouched (the fingerprint).
    'GET /api/v1/reconciliation/proposals': { query: `actorId=${acme.finance}`, expect: [200] },
    // The demo organisation's proposal (its two fees by hand) is not the other organisation's to accept.
    'POST /api/v1/reconciliation/proposals/accept': { body: { actorId: acme.finance, key: d.proposalKey, version: 0 }, ...notFound },
    'PUT /api/v1/reconciliation/rules': { body: { actorId: acme.finance, version: 0, rules: [{ name: 'e2e', kind: 'end_to_end_id' }] }, expect: [200] },
    'POST /api/v1/reconciliation/lines/{statementId}/{ref}/decision': { body: { actorId: acme.finance, action: 'not_ours' }, ...notFound },
    'POST /api/v1/reconciliation/payments/{id}/reopen': { body: { actorId: acme.finance, reason: 'never booked' }, ...notFound },
    'POST /api/v1/payment-runs': { body: { actorId: acme.finance }, expect: [409] },
    'GET /api/v1/payment-runs': { query: `actorId=${acme.finance}`, expect: [200] },
    'GET /api/v1/payment-runs/{id}': { query: `actorId=${acme.finance}`, ...notFound },
    'PUT /api/v1/payment-runs/{id}/items/{payableId}': { body: { actorId: acme.finance, state: 'held' }, ...notFound },
    'POST /api/v1/payment-runs/{id}/submit': { body: { actorId: acme.finance }, ...notFound },
    // Supplier settlement: no supplier is configured here (502 before anything is read or written); the demo's
    // statement is not found.
    'POST /api/v1/supplier-settlements': { body: { actorId: acme.finance, month: '2026-11' }, expect: [502] },
    'GET /api/v1/supplier-settlements': { query: `actorId=${acme.finance}`, expect: [200] },
    'GET /api/v1/supplier-settlements/{id}': { query: `actorId=${acme.finance}`, ...notFound },
    'GET /api/v1/payments/{id}/receipt': { query: `actorId=${acme.finance}`, ...notFound },
    'GET /api/v1/trips/{id}': notFound,
    'POST /api/v1/trips/{id}/cancel': { body: { actorId: acme.admin }, ...notFound },
    'POST /api/v1/trips/{id}/complete': { body: { actorId: acme.admin }, ...notFound },
    // The operator's routes do not take an organisation's key at all.
    'POST /api/v1/operator/organisations': { body: { id: 'hijack', name: 'Hijack' }, expect: [401] },
    'GET /api/v1/operator/organisations': { expect: [401] },
    'POST /api/v1/operator/organisations/{id}/api-keys': { body: { scopes: ['org:read'] }, expect: [401] },
    'POST /api/v1/operator/organisations/{id}/tenants': { body: { platform: 'feishu', tenant: 'tk_demo' }, expect: [401] },
    // A feed naming the demo's employee, with the demo line's amount and date: it must not touch the demo's line.
    'POST /api/v1/card-feeds': { body: { provider: 'visa', transactions: [{ id: 'tx-1', employee: 'e_zhangwei', amountMinor: 4500, currency: 'CNY', transactionDate: '2026-11-17', merchant: '出租车 Taxi' }] }, expect: [200] },
    // A site of its own under the same id: the demo organisation's `hq` untouched (the fingerprint).
    'PUT /api/v1/sites/{id}': { body: { actorId: acme.admin, name: 'Acme HQ', address: '1 Acme Road', rules: [] }, expect: [200] },
    'GET /api/v1/sites': { expect: [200] },
    // The demo organisation's host is nobody here.
    'POST /api/v1/visits': { body: { actorId: acme.admin, hostId: 'e_zhangwei', siteId: 'hq', visitors: [{ name: 'Mallory' }], purpose: 'look around', start: '2026-12-20T06:00:00Z', end: '2026-12-20T08:00:00Z' }, ...notFound },
    'GET /api/v1/visits/{id}': { query: `actorId=${acme.admin}`, ...notFound },
    'PATCH /api/v1/visits/{id}/visitors/{visitorId}': { body: { actorId: acme.admin, name: 'Mallory', mobile: '+8613700137999' }, ...notFound },
    // The demo visitor's genuine invitation code names nobody here: the same refusal as a made-up code.
    'POST /api/v1/sites/{id}/check-ins': { body: { actorId: acme.admin, code: d.invitationCode }, expect: [422] },
    'POST /api/v1/sites/{id}/check-outs': { body: { actorId: acme.admin, visitorId: d.visitorId }, ...notFound },
    'GET /api/v1/sites/{id}/on-site': { query: `actorId=${acme.admin}`, expect: [200] },
    'POST /api/v1/sites/{id}/gate-link': { body: { actorId: acme.admin }, expect: [200] },
    'POST /api/v1/watchlist': { body: { actorId: acme.admin, name: 'Mallory', reason: 'tailgating' }, expect: [201] },
    'GET /api/v1/watchlist': { query: `actorId=${acme.admin}`, expect: [200] },
    'DELETE /api/v1/watchlist/{id}': { query: `actorId=${acme.admin}`, ...notFound },
    // The ledger and its statistics answer the caller's own visits only (none here); a demo visit's entry is 404.
    'GET /api/v1/reception/ledger': { query: `actorId=${acme.admin}&from=2026-11-01&to=2026-12-31`, expect: [200] },
    'GET /api/v1/reception/stats': { query: `actorId=${acme.admin}&from=2026-11-01&to=2026-12-31&by=company`, expect: [200] },
    'GET /api/v1/visits/{id}/ledger': { query: `actorId=${acme.admin}`, ...notFound },
    'POST /api/v1/card-feeds/csv': { query: 'provider=amex', contentType: 'text/csv', body: 'id,employee,amount,currency,transaction date,merchant\ntx-2,e_zhangwei,45.00,CNY,2026-11-17,Taxi\n', expect: [200] },
  };
}

/** The demo organisation's ids for each kind of path parameter, by the path's first segment. */
function pathFor(template: string, d: DemoIds): string {
  // The resource named by {id}: the path's first segment, or the payments under reconciliation.
  const segment = template.startsWith('/api/v1/reconciliation/payments/') ? 'payments' : template.split('/')[3];
  const byResource: Record<string, string> = {
    requests: d.requestId,
    approvals: d.approvalId,
    budgets: d.budgetId,
    flows: d.flowId,
    'policy-rules': d.ruleId,
    webhooks: d.webhookId,
    'expense-lines': d.lineId,
    advances: d.advanceId,
    trips: d.tripId,
    receipts: d.receiptId,
    'payment-runs': d.runId,
    'supplier-settlements': d.statementId,
    payments: d.paymentId,
    operator: 'demo',
    sites: 'hq',
    visits: d.visitId,
    watchlist: d.watchId,
  };
  return template
    .replace('{statementId}', d.bankStatementId)
    .replace('{ref}', '1.1')
    .replace('{visitorId}', d.visitorId)
    .replace('{id}', byResource[segment!] ?? `no-id-for-${segment}`).replace('{payableId}', d.payableId).replace('{ownerType}', 'employee').replace('{ownerId}', 'e_zhangwei');
}

describe('two organisations on one deployment', () => {
  let t: TestApp;
  let acme: OtherOrg;
  let d: DemoIds;

  beforeAll(async () => {
    // Local webhook receivers are reachable over http only through the development allow list.
    t = await testApp({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1', OPERATOR_KEY: 'op_two_orgs_0123456789abcdefghij' }, { receipts: localReceiptStore(mkdtempSync(path.join(tmpdir(), 'receipts-'))) });
    acme = await addOrganisation(t);
    const submitted = await t.call('POST', '/api/v1/requests', expense());
    expect(submitted.status).toBe(201);
    const trip = await t.call('POST', '/api/v1/requests', { type: 'trip', submitterId: 'e_zhangwei', title: '出差上海', details: { trip: { destination: '上海', departDate: '2026-12-10', returnDate: '2026-12-12', transport: 'train' } } });
    expect(trip.status).toBe(201);
    const line = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'transport', amount: money(4500), date: '2026-11-17', merchant: '出租车 Taxi' });
    expect(line.status).toBe(201);
    const advance = await t.call('POST', '/api/v1/advances', { submitterId: 'e_zhangwei', amount: money(100_000), purpose: '出差借款' });
    expect(advance.status).toBe(201);
    const upload = await t.app.request(`/api/v1/expense-lines/${line.body.id}/receipts?actorId=e_zhangwei`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'image/png' }, body: PNG });
    expect(upload.status).toBe(201);
    const receiptId = ((await upload.json()) as { receiptId: string }).receiptId;
    const hook = await t.call('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/demo', events: ['*'] });
    expect(hook.status).toBe(201);
    const budgets = await t.call('GET', '/api/v1/budgets');
    const flows = await t.call('GET', '/api/v1/flows');
    const rules = await t.call('GET', '/api/v1/policy-rules');
    const org = await t.call('GET', '/api/v1/org');
    // A payment run of the demo organisation: a payee, a company account, a payable and the run proposed by finance.
    expect((await t.call('PUT', '/api/v1/payees/employee/e_zhangwei', { actorId: 'e_sarah', account: { holderName: '张伟', bankName: 'CMB', accountNumber: '6214831234567896', cnaps: '308290003020' } })).status).toBe(200);
    expect((await t.call('POST', '/api/v1/debtor-accounts', { actorId: 'e_sarah', name: 'CMB', account: { holderName: 'Galaxy', bankName: 'CMB', accountNumber: '121909876510601', cnaps: '308290003020' } })).status).toBe(201);
    const payableId = await openPayable(t, 'demo', 'e_zhangwei', 12_800);
    const run = await t.call('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' });
    expect(run.status).toBe(201);
    // A supplier statement of the demo organisation (settled by the use case from a statement with one unknown line).
    const settled = await settleStatement({ ...t.deps }, 'demo', systemActor('test'), { month: '2026-11', lines: [{ lineId: 'L1', supplierOrderRef: 'SO-NOBODY', clientRef: 'x:out', kind: 'ticket', amount: money(1000), date: '2026-11-20' }] });
    expect(settled.ok && settled.value.statement?.exceptionCount).toBe(1);
    // A settled payment of an earlier run, with its bank e-receipt stored and linked.
    const paymentId = randomIds.next('pmt');
    const [payee] = rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM payees WHERE org_id = 'demo' AND owner_id = 'e_zhangwei' AND status = 'active'`));
    await insertPayments(t.database.db, [{ id: paymentId, orgId: 'demo', runId: randomIds.next('prun'), payableId: randomIds.next('pay'), payeeId: payee!.id, ownerType: 'employee', ownerId: 'e_zhangwei', amountMinor: 9_900, currency: 'CNY', endToEndId: `E2E-${paymentId.slice(4)}`, msgId: 'MSG-TWO-ORGS', pmtInfId: 'PMI-TWO-ORGS', status: 'settled', reasonCode: null, reasonText: null, retryOf: null, createdAt: t.clock.now(), updatedAt: t.clock.now() }]);
    const stored = await t.deps.receipts!.put(`demo/payments/${paymentId}/bank-receipt`, new Uint8Array(Buffer.from('%PDF-1.4 receipt')), 'application/pdf');
    expect(await insertPaymentReceipt(t.database.db, { orgId: 'demo', paymentId, endToEndId: `E2E-${paymentId.slice(4)}`, storageKey: stored.key, contentType: 'application/pdf', size: stored.size, sha256: stored.sha256, fetchedAt: t.clock.now() })).toBe(true);
    expect((await t.app.request(`/api/v1/payments/${paymentId}/receipt?actorId=e_sarah`, { headers: { authorization: `Bearer ${t.key}` } })).status).toBe(200);
    // A bank statement of the demo organisation whose transactions no payment explains (open in its exceptions queue).
    const xml = readFileSync(path.join(import.meta.dirname, '../fixtures/iso20022/camt053_v02_DE_VR-Bank.xml'), 'utf8');
    for await (const stmt of readStatements([xml])) expect((await importStatement(t.deps, 'demo', 'dac_two_orgs', stmt, 'vr.xml')).ok).toBe(true);
    const [bankStatement] = rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM bank_statements WHERE org_id = 'demo' AND debtor_account_id = 'dac_two_orgs'`));
    // Two monthly charges of one bank booked as fees by hand: a rule is proposed to the demo organisation.
    const charge = (n: number) => `<Ntry><Amt Ccy="EUR">${n}.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-30</Dt></BookgDt><NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Bank of Nowhere</Nm></Cdtr></RltdPties></TxDtls></NtryDtls></Ntry>`;
    const charges = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>CHG</MsgId></GrpHdr><Stmt><Id>CHG-1</Id><Acct><Id><Othr><Id>1</Id></Othr></Id></Acct>${charge(5)}${charge(6)}</Stmt></BkToCstmrStmt></Document>`;
    for await (const stmt of readStatements([charges])) expect((await importStatement(t.deps, 'demo', 'dac_two_orgs_2', stmt, 'chg.xml')).ok).toBe(true);
    const [chargeStatement] = rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM bank_statements WHERE org_id = 'demo' AND statement_id = 'CHG-1'`));
    for (const ref of ['1.1', '2.1']) expect((await t.call('POST', `/api/v1/reconciliation/lines/${chargeStatement!.id}/${ref}/decision`, { actorId: 'e_sarah', action: 'fee' })).status).toBe(200);
    const proposals = await t.call('GET', '/api/v1/reconciliation/proposals?actorId=e_sarah');
    expect(proposals.body.proposals.map((p: { key: string }) => p.key)).toEqual(['fee|name:BANK OF NOWHERE']);
    // A site and a visit of the demo organisation.
    expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '总部', address: '上海市浦东新区世纪大道100号', rules: ['请携带身份证'] })).status).toBe(200);
    const visit = await t.call('POST', '/api/v1/visits', { actorId: 'e_zhangwei', hostId: 'e_zhangwei', siteId: 'hq', visitors: [{ name: '王强', company: 'ABC科技', mobile: '+8613800138000' }], purpose: '采购洽谈', start: '2026-12-20T06:00:00Z', end: '2026-12-20T08:00:00Z', estimate: { meal: 30_000 } });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    const visitReq = await t.call('GET', `/api/v1/requests/${visit.body.request.id}`);
    expect((await t.call('POST', `/api/v1/approvals/${visitReq.body.approval.id}/actions`, { actorId: visitReq.body.approval.progress.pending[0], action: 'approve' })).body.status).toBe('approved');
    const [visitor] = rowsOf<{ id: string; invitation_id: string }>(await t.database.db.execute(sql`SELECT id, invitation_id FROM visitors WHERE org_id = 'demo' AND visit_id = ${visit.body.visit.id}`));
    const code = signInvitation(t.deps.box, { invitationId: visitor!.invitation_id, site: siteTag('hq'), notBefore: new Date('2026-12-20T06:00:00Z'), notAfter: new Date('2026-12-20T08:00:00Z') });
    const watch = await t.call('POST', '/api/v1/watchlist', { actorId: 'e_sunli', name: '赵六', reason: '冒用邀请' });
    expect(watch.status).toBe(201);
    d = {
      visitId: visit.body.visit.id,
      visitorId: visitor!.id,
      invitationCode: code.ok ? code.value : '',
      watchId: watch.body.id,
      proposalKey: proposals.body.proposals[0].key,
      bankStatementId: bankStatement!.id,
      statementId: settled.ok ? settled.value.statement!.id : '',
      runId: run.body.run.id,
      payableId,
      paymentId,
      requestId: submitted.body.request.id,
      approvalId: submitted.body.approvalId,
      tripId: trip.body.request.id,
      budgetId: budgets.body.budgets[0].id,
      flowId: flows.body.flows[0].id,
      ruleId: rules.body.rules[0].id,
      webhookId: hook.body.id,
      lineId: line.body.id,
      advanceId: advance.body.request.id,
      receiptId,
      departmentId: org.body.employees.find((e: { id: string }) => e.id === 'e_zhangwei').departmentId,
    };
  });
  afterAll(() => t.close());

  it("answers every operation of the OpenAPI document called with the other organisation's ids with 404 or the caller's own data, and changes nothing of the first", async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const flows = await t.call('GET', '/api/v1/flows');
    const demoFlow = flows.body.flows.find((f: { id: string }) => f.id === d.flowId);
    const flowBody = { name: 'Acme flow', subjectTypes: demoFlow.subjectTypes, priority: 0, active: true, steps: demoFlow.definition.steps };
    const rules = await t.call('GET', '/api/v1/policy-rules');
    const demoRule = rules.body.rules.find((r: { id: string }) => r.id === d.ruleId);
    const ruleBody = { kind: demoRule.kind, params: demoRule.params, severity: demoRule.severity, enabled: false };
    const cases = casesFor(d, acme, flowBody, ruleBody);

    const before = await fingerprint(t.database.db, 'demo');
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(ops.length).toBeGreaterThan(30);
    const missing = ops.filter((op) => !cases[op]);
    expect(missing, 'operations without a cross-organisation case: add one to casesFor').toEqual([]);

    const demoOnly = [d.visitId, d.visitorId, d.watchId, d.bankStatementId, d.statementId, d.requestId, d.approvalId, d.tripId, d.budgetId, d.webhookId, d.lineId, d.advanceId, d.receiptId, d.runId, d.payableId, d.paymentId, 'e_zhangwei', 'e_wangqiang'];
    const outcomes: string[] = [];
    for (const op of ops) {
      const c = cases[op]!;
      const [method, template] = op.split(' ') as [string, string];
      const url = `${pathFor(template, d)}${c.query ? `?${c.query}` : ''}`;
      const r = c.contentType
        ? await Promise.resolve(t.app.request(url, { method, headers: { authorization: `Bearer ${acme.key}`, 'content-type': c.contentType }, body: c.body as string | Buffer })).then(async (res) => ({ status: res.status, body: (await res.json()) as any }))
        : await acme.call(method, url, c.body);
      if (!c.expect.includes(r.status)) outcomes.push(`${op}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      if (r.status === 404) expect(r.body.error.code, op).toMatch(/NOT_FOUND|UNKNOWN/);
      // A 2xx answer shows nothing of the demo organisation (beyond what the caller itself sent).
      const sent = `${JSON.stringify(c.body ?? '')} ${c.query ?? ''}`;
      if (r.status < 300) for (const id of demoOnly.filter((x) => !sent.includes(x))) expect(JSON.stringify(r.body), `${op} shows ${id}`).not.toContain(id);
    }
    expect(outcomes).toEqual([]);
    expect(await fingerprint(t.database.db, 'demo')).toEqual(before);

    // The audit check reports the caller's own outbox only.
    const verify = await acme.call('GET', '/api/v1/audit/verify');
    const own = rowsOf<{ n: string | number }>(await t.database.db.execute(sql`SELECT count(*) AS n FROM outbox WHERE org_id = ${acme.orgId}`));
    expect(Object.values(verify.body.outbox as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(Number(own[0]!.n));
  });

  it('numbers requests per organisation: the same number names each one’s own request, never the other’s', async () => {
    const demo = await t.call('GET', `/api/v1/requests/${d.requestId}`);
    const number = demo.body.request.number as string;
    expect(number).toMatch(/^EX-\d{4}$/);
    // Found by its number (any spelling people type) in its own organisation…
    expect((await t.call('GET', `/api/v1/requests/${number.toLowerCase()}`)).body.request.id).toBe(d.requestId);
    // …and the other organisation, whose first expense has the same number, gets its own or a 404.
    const flow = await acme.call('PUT', '/api/v1/flows/acme-numbers', { name: 'Acme numbers', subjectTypes: ['expense'], priority: 5, active: true, steps: [{ key: 'boss', name: 'Boss', mode: 'any', approvers: [{ kind: 'manager', level: 1 }] }] });
    expect(flow.status).toBe(200);
    const theirs = await acme.call('POST', '/api/v1/requests', { type: 'expense', submitterId: acme.employee, title: 'Taxi', amount: money(4500), category: 'transport', details: { date: '2026-11-17' } });
    expect(theirs.body).toMatchObject({ request: { number: 'EX-0001' } });
    const byNumber = await acme.call('GET', `/api/v1/requests/${number}`);
    if (number === 'EX-0001') expect(byNumber.body.request.id).toBe(theirs.body.request.id);
    else expect(byNumber.status).toBe(404);
    expect((await acme.call('GET', '/api/v1/requests/EX-0999')).status).toBe(404);
  });

  it('keeps an id chosen by both organisations apart: each has its own policy rule and flow', async () => {
    const demoRules = await t.call('GET', '/api/v1/policy-rules');
    const acmeRules = await acme.call('GET', '/api/v1/policy-rules');
    const mine = acmeRules.body.rules.find((r: { id: string }) => r.id === d.ruleId);
    const theirs = demoRules.body.rules.find((r: { id: string }) => r.id === d.ruleId);
    expect(mine?.enabled).toBe(false);
    expect(theirs?.enabled).not.toBe(false);
  });

  it('keeps each organisation’s visit ledger its own: a completed, claimed visit is invisible and unclaimable from the other', async () => {
    const at = t.clock.now().toISOString();
    const visit = await t.call('POST', '/api/v1/visits', { actorId: 'e_zhangwei', hostId: 'e_zhangwei', siteId: 'hq', visitors: [{ name: '王强', company: 'ABC科技' }], purpose: '采购洽谈', start: '2026-11-20T06:00:00Z', end: '2026-11-20T08:00:00Z', estimate: { meal: 30_000 } });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    const v = visit.body.visit as { id: string; requestId: string };
    for (let i = 0; i < 4; i++) {
      const r = await t.call('GET', `/api/v1/requests/${v.requestId}`);
      if (r.body.approval.status !== 'pending') break;
      expect((await t.call('POST', `/api/v1/approvals/${r.body.approval.id}/actions`, { actorId: r.body.approval.progress.pending[0], action: 'approve' })).status).toBe(200);
    }
    // The gate let the visitor in (stood in for here); the window is over.
    await t.database.db.execute(sql`UPDATE visitors SET checked_in_at = '2026-11-20T06:01:00Z' WHERE org_id = 'demo' AND visit_id = ${v.id}`);
    t.clock.set('2026-11-21T02:00:00Z');
    try {
      const line = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'meal', amount: money(20_000), date: '2026-11-20', merchant: '餐厅' });
      const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [line.body.id], visitIds: [v.id] });
      expect(claim.status, JSON.stringify(claim.body)).toBe(201);
      const period = 'from=2026-11-01&to=2026-11-30';
      const demo = await t.call('GET', `/api/v1/reception/ledger?${period}&actorId=e_sarah`);
      expect(demo.body.entries.map((e: { visitId: string }) => e.visitId)).toEqual([v.id]);

      const theirs = await acme.call('GET', `/api/v1/reception/ledger?${period}&actorId=${acme.admin}`);
      expect([theirs.status, theirs.body.entries]).toEqual([200, []]);
      const csv = await t.app.request(`/api/v1/reception/ledger?${period}&format=csv&actorId=${acme.admin}`, { headers: { authorization: `Bearer ${acme.key}` } });
      expect(await csv.text()).not.toContain(v.id);
      const stats = await acme.call('GET', `/api/v1/reception/stats?${period}&by=company&actorId=${acme.admin}`);
      expect([stats.status, stats.body.rows]).toEqual([200, []]);
      const entry = await acme.call('GET', `/api/v1/visits/${v.id}/ledger?actorId=${acme.admin}`);
      expect([entry.status, entry.body.error.code]).toEqual([404, 'NOT_FOUND']);
      // Its own line, the demo's visit: 404, and the demo's link untouched.
      const own = await acme.call('POST', '/api/v1/expense-lines', { employeeId: acme.employee, category: 'meal', amount: money(20_000), date: '2026-11-20', merchant: 'Diner' });
      expect(own.status, JSON.stringify(own.body)).toBe(201);
      const steal = await acme.call('POST', '/api/v1/reimbursements', { submitterId: acme.employee, lineIds: [own.body.id], visitIds: [v.id] });
      expect([steal.status, steal.body.error.code]).toEqual([404, 'NOT_FOUND']);
      const stealByRequest = await acme.call('POST', '/api/v1/reimbursements', { submitterId: acme.employee, lineIds: [own.body.id], applicationIds: [v.requestId] });
      expect(stealByRequest.status).toBe(422);
      const links = rowsOf<{ org_id: string; reimbursement_id: string }>(await t.database.db.execute(sql`SELECT org_id, reimbursement_id FROM visit_claims WHERE visit_id = ${v.id}`));
      expect(links).toEqual([{ org_id: 'demo', reimbursement_id: claim.body.request.id }]);
    } finally {
      t.clock.set(at);
    }
  });
});

describe('actors are who they claim', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  const callWith = async (key: string, method: string, path: string, body?: unknown) => {
    const res = await t.app.request(path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('a key bound to an employee acts as them: another actorId is 403, none means them', async () => {
    const key = await createApiKey(t.database.db, 'demo', randomIds.next('key'), 'zhangwei', ['requests:write', 'approvals:act', 'requests:read'], 'e_zhangwei');
    const other = await callWith(key, 'POST', '/api/v1/requests', expense({ submitterId: 'e_wangqiang' }));
    expect([other.status, other.body.error.code]).toEqual([403, 'AUTH.ACTOR_MISMATCH']);
    const { submitterId: _s, ...rest } = expense();
    const own = await callWith(key, 'POST', '/api/v1/requests', rest);
    expect(own.status).toBe(201);
    expect(own.body.request.submitterId).toBe('e_zhangwei');
    // The submitter cannot approve it by naming their manager.
    const act = await callWith(key, 'POST', `/api/v1/approvals/${own.body.approvalId}/actions`, { actorId: 'e_wangqiang', action: 'approve' });
    expect([act.status, act.body.error.code]).toEqual([403, 'AUTH.ACTOR_MISMATCH']);
  });

  it('an integration key names the employee it acts for only with the act-as scope', async () => {
    const key = await createApiKey(t.database.db, 'demo', randomIds.next('key'), 'oa', ['requests:write']);
    const r = await callWith(key, 'POST', '/api/v1/requests', expense());
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('act-as');
    const withScope = await createApiKey(t.database.db, 'demo', randomIds.next('key'), 'oa', ['requests:write', 'act-as']);
    expect((await callWith(withScope, 'POST', '/api/v1/requests', expense())).status).toBe(201);
  });

  it('a key without the scope gets 403 naming the scope', async () => {
    const key = await createApiKey(t.database.db, 'demo', randomIds.next('key'), 'reader', ['requests:read']);
    const r = await callWith(key, 'POST', '/api/v1/budgets', { departmentId: 'd_sales', category: 'travel', periodKey: '2026-12', amount: money(1) });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('budgets:write');
  });

  it('roles are checked in the use case: a bound key of someone without the role gets 403 naming it', async () => {
    const key = await createApiKey(t.database.db, 'demo', randomIds.next('key'), 'zhangwei', ['flows:write', 'finance:write', 'expenses:write'], 'e_zhangwei');
    const rule = await callWith(key, 'PUT', '/api/v1/policy-rules/demo-meal-cap', { kind: 'category_cap', params: { category: 'meal', maxMinor: 1, currency: 'CNY' }, severity: 'warn', enabled: false });
    expect([rule.status, rule.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    expect(rule.body.error.message).toContain('admin');
    const adv = await t.call('POST', '/api/v1/advances', { submitterId: 'e_zhangwei', amount: money(10_000), purpose: '借款' });
    const repay = await callWith(key, 'POST', `/api/v1/advances/${adv.body.request.id}/repayments`, { amount: money(100), reference: 'B-1' });
    expect([repay.status, repay.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    expect(repay.body.error.message).toContain('finance');
  });

  it('every audit row names the credential it came through', async () => {
    const r = await t.call('POST', '/api/v1/requests', expense({ title: 'credential check' }));
    expect(r.status).toBe(201);
    const rows = rowsOf<{ actor_id: string; via: string | null }>(await t.database.db.execute(sql`SELECT actor_id, via FROM audit_log WHERE org_id = 'demo' AND subject_id = ${r.body.request.id}`));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.via).toMatch(/^apikey:key/);
  });
});
