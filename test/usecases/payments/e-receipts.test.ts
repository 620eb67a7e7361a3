// E-receipts (电子回单) against the fake bank on loopback: once the camt.054 settles a payment, `bank.receipt` fetches
// the bank's document over the signed API (retried while the bank has none yet), keeps it in the receipt store and
// links it to the payment once; finance and the employee paid download it, a colleague may not, another organisation
// gets 404. A bank connection without receipts (file exchange) queues nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/database.js';
import { paymentsOfRun } from '../../../db/repos/payments.js';
import { dispatchOnce } from '../../../src/jobs/dispatcher.js';
import { silentLogger } from '../../../src/log.js';
import { localReceiptStore } from '../../../src/integrations/storage/receipt-store.js';
import { outboxHandlers } from '../../../src/services.js';
import { fetchBankFiles, type BankDeps } from '../../../src/usecases/payments/bank-answers.js';
import { fetchPaymentReceipt } from '../../../src/usecases/payments/payment-receipts.js';
import type { FakeBank } from '../../fakes/bank/fake-bank.js';
import { openPayable } from '../../helpers/payables.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { approvedRun as approvedRunOf, connectFakeBank, DEBTOR, drainOutbox } from '../../helpers/bank.js';
import { addOrganisation, type OtherOrg } from '../../helpers/two-orgs.js';

const HOUR = 3_600_000;

let t: TestApp;
let fake: FakeBank;
let bank: BankDeps;
let acme: OtherOrg;
const store = localReceiptStore(mkdtempSync(path.join(tmpdir(), 'e-receipts-')));
beforeAll(async () => {
  t = await testApp({}, { receipts: store });
  acme = await addOrganisation(t);
  ({ fake, bank } = await connectFakeBank(t));
});
afterAll(async () => {
  await fake.stop();
  await t.close();
});

const dispatch = () => drainOutbox(t);
const approvedRun = () => approvedRunOf(t);
/** GET the receipt as `actorId`, the raw bytes kept. */
const download = async (paymentId: string, actorId: string, key = t.key) => {
  const res = await t.app.request(`/api/v1/payments/${paymentId}/receipt?actorId=${actorId}`, { headers: { authorization: `Bearer ${key}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), sha: res.headers.get('x-content-sha256'), bytes, json: () => JSON.parse(bytes.toString('utf8')) };
};
const receiptRows = async () => rowsOf<{ status: string; attempts: number }>(await t.database.db.execute(sql`SELECT status, attempts FROM outbox WHERE org_id = 'demo' AND topic = 'bank.receipt' ORDER BY id`));
const receiptCalls = () => fake.calls.filter((c) => c.path.startsWith('/v1/receipts/'));

describe('e-receipts', () => {
  let zhangwei: { id: string; endToEndId: string };

  it('is fetched after the payment settles (retried while the bank has none yet), then downloadable by finance and the payee', async () => {
    expect((await t.call('POST', '/api/v1/debtor-accounts', { actorId: 'e_zhaomin', name: '基本户', account: { holderName: '星河科技有限公司', bankName: '招商银行上海分行', accountNumber: DEBTOR, cnaps: '308290003020' } })).status).toBe(201);
    expect((await t.call('PUT', '/api/v1/payees/employee/e_zhangwei', { actorId: 'e_sarah', account: { holderName: '张伟', bankName: '招商银行', accountNumber: '6214831234567896', cnaps: '308290003020' } })).status).toBe(200);
    t.clock.advance(25 * HOUR);
    await openPayable(t, 'demo', 'e_zhangwei', 128_000);
    const runId = await approvedRun();
    await dispatch(); // submit + poll: accepted
    const [p] = await paymentsOfRun(t.database.db, 'demo', runId);
    zhangwei = { id: p!.id, endToEndId: p!.endToEndId };
    // Not settled yet: nothing to download, and nothing queued.
    expect((await download(zhangwei.id, 'e_sarah')).status).toBe(404);
    expect(await receiptRows()).toEqual([]);

    fake.bank.withholdReceipts = true;
    await fetchBankFiles(bank, 'demo', 'http'); // the camt.054 settles it and queues bank.receipt
    expect((await paymentsOfRun(t.database.db, 'demo', runId))[0]!.status).toBe('settled');
    await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 5, concurrency: 4, baseDelayMs: 0 }, silentLogger);
    expect(await receiptRows()).toEqual([{ status: 'pending', attempts: 1 }]); // the bank had none: asked again later
    const pending = await download(zhangwei.id, 'e_sarah');
    expect(pending.status).toBe(404);
    expect(pending.json().error.code).toBe('PAYMENT.RECEIPT_PENDING');

    fake.bank.withholdReceipts = false;
    t.clock.advance(HOUR); // past the retry's backoff
    await dispatch();
    expect((await receiptRows()).map((r) => r.status)).toEqual(['delivered']);
    const got = await download(zhangwei.id, 'e_sarah');
    expect(got.status).toBe(200);
    expect(got.type).toBe('application/pdf');
    expect(got.bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(got.bytes.toString('latin1')).toContain(`(EndToEndId: ${zhangwei.endToEndId})`);
    expect(got.sha).toBe(createHash('sha256').update(got.bytes).digest('hex'));
    // The employee paid may read it too; a colleague without the finance role may not.
    const own = await download(zhangwei.id, 'e_zhangwei');
    expect(own.status).toBe(200);
    expect(own.bytes.equals(got.bytes)).toBe(true);
    const colleague = await download(zhangwei.id, 'e_lina');
    expect(colleague.status).toBe(403);
    expect(colleague.json().error.code).toBe('AUTH.FORBIDDEN');
    const audit = rowsOf<{ after: { endToEndId: string; size: number } }>(await t.database.db.execute(sql`SELECT after FROM audit_log WHERE org_id = 'demo' AND action = 'payment.receipt_stored'`));
    expect(audit.map((a) => a.after.endToEndId)).toEqual([zhangwei.endToEndId]);
  });

  it('is fetched once: a redelivered message or a second instance changes nothing and does not ask the bank again', async () => {
    const before = receiptCalls().length;
    await Promise.all([fetchPaymentReceipt({ ...bank, receipts: store, maxBytes: 1_000_000 }, 'demo', zhangwei.id), fetchPaymentReceipt({ ...bank, receipts: store, maxBytes: 1_000_000 }, 'demo', zhangwei.id)]);
    const links = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM payment_receipts WHERE org_id = 'demo' AND payment_id = ${zhangwei.id}`));
    expect(links[0]!.n).toBe(1);
    const audits = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE org_id = 'demo' AND action = 'payment.receipt_stored'`));
    expect(audits[0]!.n).toBe(1);
    expect(receiptCalls().length).toBe(before);
  });

  it('another organisation gets 404 for the payment, with its own finance person', async () => {
    const r = await acme.call('GET', `/api/v1/payments/${zhangwei.id}/receipt?actorId=${acme.finance}`);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });

  it('keeps a JSON receipt as the bank served it; over a connection without receipts nothing is queued', async () => {
    fake.bank.receiptFormat = 'json';
    await openPayable(t, 'demo', 'e_zhangwei', 2_000);
    const runId = await approvedRun();
    await dispatch();
    await fetchBankFiles(bank, 'demo', 'http');
    await dispatch();
    const [p] = await paymentsOfRun(t.database.db, 'demo', runId);
    const got = await download(p!.id, 'e_zhaomin');
    expect(got.status).toBe(200);
    expect(got.type).toBe('application/json');
    expect(got.json()).toMatchObject({ endToEndId: p!.endToEndId, amount: '20.00', currency: 'CNY', payeeAccount: '****7896' });

    // File exchange has no receipts: settling over such a connection queues no bank.receipt.
    await openPayable(t, 'demo', 'e_zhangwei', 3_000);
    const filesRun = await approvedRun();
    await dispatch();
    const queued = (await receiptRows()).length;
    await fetchBankFiles({ ...bank, bank: { ...bank.bank, servesReceipts: false } }, 'demo', 'http');
    const [q] = await paymentsOfRun(t.database.db, 'demo', filesRun);
    expect(q!.status).toBe('settled');
    expect((await receiptRows()).length).toBe(queued);
    expect((await download(q!.id, 'e_zhaomin')).json().error.code).toBe('PAYMENT.RECEIPT_PENDING');
  });
});
