// The HTTP bank adapter against the fake bank on loopback: outcomes of a submission (accepted, duplicate, rejected,
// unknown), polling, the file feed, e-receipts, and the fake's refusal of unsigned, stale and replayed requests.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentFile } from '../../../domain/payment/bank.port.js';
import { BankCallError, createHttpBankConnector, submitOutcomeOf } from '../../../src/integrations/bank/http-api.js';
import { signBankRequest } from '../../../src/integrations/bank/http-signature.js';
import { UTF8_PROFILE } from '../../../src/integrations/bank/iso20022/bank-profile.js';
import { buildAndValidate } from '../../../src/integrations/bank/iso20022/pain001.js';
import { startFakeBank, type FakeBank } from '../../fakes/bank/fake-bank.js';
import { peekPain002 } from '../../fakes/bank/iso-peek.js';
import { samplePain001, type SampleTx } from '../../fakes/bank/sample-pain001.js';

const DEBTOR = '755912345610801';
const KEY = { id: 'k1', secret: 'bank-secret-for-tests' };
let bank: FakeBank | undefined;

afterEach(async () => {
  await bank?.stop();
  bank = undefined;
});

async function start(o: { state?: FakeBank['bank']['state'] } = {}): Promise<FakeBank> {
  bank = await startFakeBank({ keys: { [KEY.id]: KEY.secret }, accounts: { [DEBTOR]: { currency: 'CNY', openingMinor: 10_000_000 } }, ...o });
  return bank;
}

const connector = (b: FakeBank, timeoutMs = 5_000, secret = KEY.secret) => createHttpBankConnector({ baseUrl: b.url, keyId: KEY.id, secret, timeoutMs });

const tx = (n: number, creditorAccount = `62220000000000${String(n).padStart(2, '0')}`): SampleTx => ({ endToEndId: `E2E-${n}`, amountMinor: 10_000 + n, creditorName: `Payee ${n}`, creditorAccount });

function paymentFile(msgId: string, txs: SampleTx[]): PaymentFile {
  return { msgId, format: 'pain.001.001.03', debtorAccount: DEBTOR, xml: samplePain001({ msgId, debtorAccount: DEBTOR, batches: [{ pmtInfId: `${msgId}-B1`, requestedDate: '2026-12-07', txs }] }) };
}

describe('HTTP bank adapter: submission', () => {
  it('is accepted, and the poll returns a PART status report naming the scenario rejections', async () => {
    const b = await start();
    b.bank.scenario.set('6222000000000002', 'AC01');
    b.bank.scenario.set('6222000000000003', 'BE01');
    const c = connector(b);
    const outcome = await c.submit(paymentFile('MSG-PART', [tx(1), tx(2), tx(3), tx(4)]));
    expect(outcome).toEqual({ kind: 'accepted', bankRef: expect.stringMatching(/^FB\d+$/) });
    const reports = await c.poll('MSG-PART');
    expect(reports.map((r) => r.kind)).toEqual(['pain.002']);
    const status = peekPain002(reports[0]!.xml);
    expect(status.orgnlMsgId).toBe('MSG-PART');
    expect(status.groupStatus).toBe('PART');
    expect(status.rejected).toEqual([
      { endToEndId: 'E2E-2', code: 'AC01' },
      { endToEndId: 'E2E-3', code: 'BE01' },
    ]);
    expect(b.bank.bookedPayments().map((t) => t.endToEndId)).toEqual(['E2E-1', 'E2E-4']);
  });

  it('gets an ACCP report when every payment goes through', async () => {
    const b = await start();
    const c = connector(b);
    expect((await c.submit(paymentFile('MSG-ACCP', [tx(1), tx(2)]))).kind).toBe('accepted');
    const status = peekPain002((await c.poll('MSG-ACCP'))[0]!.xml);
    expect(status).toMatchObject({ groupStatus: 'ACCP', rejected: [] });
  });

  it('answers duplicate to the same MsgId sent twice, and the bank books it once', async () => {
    const b = await start();
    const c = connector(b);
    const file = paymentFile('MSG-TWICE', [tx(1), tx(2)]);
    expect((await c.submit(file)).kind).toBe('accepted');
    expect(await c.submit(file)).toEqual({ kind: 'duplicate' });
    expect(b.bank.bookedPayments()).toHaveLength(2);
  });

  it('books exactly once when 100 submissions of the same file arrive at once', async () => {
    const b = await start();
    const c = connector(b);
    const file = paymentFile('MSG-RACE', [tx(1)]);
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => c.submit(file)));
    expect(outcomes.filter((o) => o.kind === 'accepted')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(99);
    expect(b.bank.bookedPayments().map((t) => t.endToEndId)).toEqual(['E2E-1']);
  });

  it('still answers duplicate after the bank restarts on the same books', async () => {
    const first = await start();
    const file = paymentFile('MSG-RESTART', [tx(1)]);
    expect((await connector(first).submit(file)).kind).toBe('accepted');
    const state = first.bank.state;
    await first.stop();
    const second = await start({ state });
    expect(await connector(second).submit(file)).toEqual({ kind: 'duplicate' });
    expect(second.bank.bookedPayments()).toHaveLength(1);
  });

  it('is unknown, never rejected, when the answer times out after the bank took the file; a later poll finds it', async () => {
    const b = await start();
    b.delayAnswers(1_500);
    const c = connector(b, 300);
    const outcome = await c.submit(paymentFile('MSG-SLOW', [tx(1)]));
    expect(outcome).toEqual({ kind: 'unknown', detail: 'timeout after sending' });
    expect(b.bank.bookedPayments()).toHaveLength(1);
    expect(peekPain002((await c.poll('MSG-SLOW'))[0]!.xml).groupStatus).toBe('ACCP');
  });

  it('is unknown when the connection is cut after the bank handled the request', async () => {
    const b = await start();
    b.resetAfterHandling();
    const c = connector(b);
    expect(await c.submit(paymentFile('MSG-RESET', [tx(1)]))).toEqual({ kind: 'unknown', detail: 'connection lost after sending' });
    expect(await c.submit(paymentFile('MSG-RESET', [tx(1)]))).toEqual({ kind: 'duplicate' });
  });

  it('throws "not sent" when nothing listens (safe for the outbox to retry with the same MsgId)', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const c = createHttpBankConnector({ baseUrl: `http://127.0.0.1:${port}`, keyId: KEY.id, secret: KEY.secret, timeoutMs: 2_000 });
    const e = await c.submit(paymentFile('MSG-DOWN', [tx(1)])).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BankCallError);
    expect((e as BankCallError).sent).toBe(false);
  });

  it('is unknown when the bank answers 202 uncertain; the status stays PDNG for the configured polls, then settles', async () => {
    const b = await start();
    b.bank.uncertainSubmits = 1;
    b.bank.pendingPolls = 2;
    const c = connector(b);
    expect(await c.submit(paymentFile('MSG-UNCERTAIN', [tx(1)]))).toEqual({ kind: 'unknown', detail: 'bank answered uncertain' });
    expect((await c.poll('MSG-UNCERTAIN')).map((r) => peekPain002(r.xml).groupStatus)).toEqual(['PDNG']);
    expect((await c.poll('MSG-UNCERTAIN')).map((r) => peekPain002(r.xml).groupStatus)).toEqual(['PDNG']);
    expect(b.bank.bookedPayments()).toHaveLength(0);
    expect((await c.poll('MSG-UNCERTAIN')).map((r) => peekPain002(r.xml).groupStatus)).toEqual(['PDNG', 'ACCP']);
    expect(b.bank.bookedPayments()).toHaveLength(1);
  });

  it('is rejected with the schema errors when the file breaks the XSD, and the poll shows RJCT FF01', async () => {
    const b = await start();
    const c = connector(b);
    const good = paymentFile('MSG-BAD', [tx(1)]);
    const outcome = await c.submit({ ...good, xml: good.xml.replace(/<PmtMtd>TRF<\/PmtMtd>/, '') });
    expect(outcome.kind).toBe('rejected');
    if (outcome.kind === 'rejected') expect(outcome.reasons.join('\n')).toMatch(/line \d+: .*PmtMtd/);
    expect(peekPain002((await c.poll('MSG-BAD'))[0]!.xml)).toMatchObject({ groupStatus: 'RJCT', groupReasons: ['FF01'] });
    expect(b.bank.bookedPayments()).toHaveLength(0);
  });

  it('is rejected when the debtor account is not held at the bank', async () => {
    const b = await start();
    const file = paymentFile('MSG-ACCT', [tx(1)]);
    const outcome = await connector(b).submit({ ...file, xml: file.xml.replaceAll(DEBTOR, '755900000000000') });
    expect(outcome).toEqual({ kind: 'rejected', reasons: ['PmtInf MSG-ACCT-B1: debtor account unknown to this bank'] });
  });

  it('maps a 5xx to unknown and a 401 to a thrown error (our credentials, not the payment)', async () => {
    const answer = (status: number, body: unknown) => ({ sent: true as const, status, contentType: 'application/json', body: Buffer.from(JSON.stringify(body)) });
    expect(submitOutcomeOf(answer(503, {}))).toEqual({ kind: 'unknown', detail: 'HTTP 503' });
    // Account numbers quoted by the bank are masked before the reasons are stored; dates and line numbers stay.
    expect(submitOutcomeOf(answer(422, { reasons: ["line 40: Element 'Id': '62220200112233445566789' is too long", 'date 20261207'] }))).toEqual({
      kind: 'rejected',
      reasons: ["line 40: Element 'Id': '****6789' is too long", 'date 20261207'],
    });
    expect(() => submitOutcomeOf(answer(401, { code: 'BAD_SIGNATURE' }))).toThrow(BankCallError);
    const b = await start();
    const e = await connector(b, 5_000, 'wrong-secret').submit(paymentFile('MSG-KEY', [tx(1)])).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BankCallError);
    expect((e as BankCallError).status).toBe(401);
    expect(b.calls.at(-1)).toMatchObject({ status: 401, code: 'BAD_SIGNATURE' });
    expect(b.bank.bookedPayments()).toHaveLength(0);
  });
});

describe('HTTP bank adapter: files from the product pain.001 writer', () => {
  it.each(['pain.001.001.03', 'pain.001.001.09'] as const)('the fake bank takes a %s file built by buildAndValidate and reports on it', async (format) => {
    const b = await start();
    b.bank.scenario.set('1100605760181500002', 'AC04');
    const msgId = `MSG-W-${format.slice(-2)}`;
    const payment = (n: number) => ({
      endToEndId: `${msgId}-E${n}`,
      ...(format === 'pain.001.001.09' ? { uetr: `0f8fad5b-d9cb-469f-a165-70867728950${n}` } : {}),
      amount: { minor: 88_800 + n, currency: 'CNY' },
      creditor: { name: `员工 ${n}`, account: { other: `110060576018150000${n}` }, agent: { cnaps: '102100099996' } },
      remittance: `报销单 R-${n}`,
    });
    const built = await buildAndValidate(
      {
        format,
        msgId,
        createdAt: new Date('2026-12-07T02:00:00Z'),
        initiatingParty: { name: '演示有限公司' },
        batches: [{ pmtInfId: `${msgId}-B1`, debtor: { name: '演示有限公司', account: { other: DEBTOR, currency: 'CNY' }, agent: { cnaps: '308584000013' } }, requestedExecutionDate: '2026-12-07', payments: [payment(1), payment(2)] }],
      },
      UTF8_PROFILE,
    );
    if (!built.ok) throw new Error(built.error.map((e) => e.message).join('; '));
    const c = connector(b);
    expect((await c.submit({ msgId, format, xml: built.value, debtorAccount: DEBTOR })).kind).toBe('accepted');
    expect(peekPain002((await c.poll(msgId))[0]!.xml)).toMatchObject({ groupStatus: 'PART', rejected: [{ endToEndId: `${msgId}-E2`, code: 'AC04' }] });
    expect(b.bank.bookedPayments().map((t) => [t.endToEndId, t.amountMinor, t.creditorName])).toEqual([[`${msgId}-E1`, 88_801, '员工 1']]);
  });
});

describe('HTTP bank adapter: reading', () => {
  it('lists the bank files after a cursor and keeps its place when nothing is new', async () => {
    const b = await start();
    const c = connector(b);
    await c.submit(paymentFile('MSG-FEED', [tx(1)]));
    const first = await c.incoming(null);
    expect(first.files.map((f) => f.kind)).toEqual(['pain.002', 'camt.054']);
    b.bank.closeDay();
    const second = await c.incoming(first.cursor);
    expect(second.files.map((f) => f.kind)).toEqual(['camt.053']);
    const third = await c.incoming(second.cursor);
    expect(third).toEqual({ files: [], cursor: second.cursor });
  });

  it('downloads the e-receipt of a settled payment as a PDF, and null for an unknown one', async () => {
    const b = await start();
    const c = connector(b);
    await c.submit(paymentFile('MSG-RCPT', [tx(1)]));
    const receipt = await c.receipt('E2E-1');
    expect(receipt?.contentType).toBe('application/pdf');
    const text = Buffer.from(receipt!.data).toString('latin1');
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(text).toContain('(EndToEndId: E2E-1)');
    // Only the last four digits of the payee's account are printed.
    expect(text).toContain('****0001');
    expect(text).not.toContain('6222000000000001');
    expect(await c.receipt('E2E-NONE')).toBeNull();
    expect(c.servesReceipts).toBe(true);
  });

  it('the fake bank can slow one route: the submission is booked at once and answered late, other routes are not slowed', async () => {
    const b = await start();
    const c = connector(b);
    b.delayRoute('POST /v1/payment-files', 400);
    const t0 = Date.now();
    const sending = c.submit(paymentFile('MSG-SLOW', [tx(1)]));
    await new Promise((r) => setTimeout(r, 100));
    expect(b.bank.bookedPayments().map((x) => x.endToEndId)).toEqual(['E2E-1']);
    const read = Date.now();
    expect(await c.poll('MSG-SLOW')).toHaveLength(1);
    expect(Date.now() - read).toBeLessThan(300);
    expect((await sending).kind).toBe('accepted');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
  });

  it('downloads a JSON e-receipt as the bank serves it; the receipt route is signed like every call', async () => {
    const b = await start();
    const c = connector(b);
    await c.submit(paymentFile('MSG-RCPT-J', [tx(1)]));
    b.bank.receiptFormat = 'json';
    const receipt = await c.receipt('E2E-1');
    expect(receipt?.contentType).toBe('application/json');
    expect(JSON.parse(Buffer.from(receipt!.data).toString('utf8'))).toMatchObject({ endToEndId: 'E2E-1', payeeAccount: '****0001' });
    const unsigned = await fetch(`${b.url}/v1/receipts/E2E-1`);
    expect(unsigned.status).toBe(401);
    b.bank.withholdReceipts = true;
    expect(await c.receipt('E2E-1')).toBeNull();
  });

  it('throws on a read that times out or whose answer is larger than allowed (reads are safe to retry)', async () => {
    const b = await start();
    const c = connector(b);
    await c.submit(paymentFile('MSG-BIGREAD', [tx(1)]));
    b.delayAnswers(1_000);
    await expect(connector(b, 200).incoming(null)).rejects.toThrow('incoming files: timeout');
    const small = createHttpBankConnector({ baseUrl: b.url, keyId: KEY.id, secret: KEY.secret, timeoutMs: 5_000, maxResponseBytes: 1_000 });
    await expect(small.incoming(null)).rejects.toThrow('incoming files: connection lost');
    expect((await c.incoming(null)).files).toHaveLength(2);
  });

  it('answers an empty list when polling a MsgId the bank never got', async () => {
    const b = await start();
    expect(await connector(b).poll('MSG-NEVER')).toEqual([]);
  });
});

describe('fake bank: request signatures', () => {
  async function raw(b: FakeBank, o: { timestamp?: number; nonce?: string; secret?: string; tamper?: boolean }) {
    const path = '/v1/files';
    const headers = signBankRequest({ keyId: KEY.id, secret: o.secret ?? KEY.secret, method: 'GET', path, timestamp: o.timestamp ?? Math.floor(Date.now() / 1000), nonce: o.nonce ?? `n-${Math.random()}`, body: '' });
    const res = await fetch(`${b.url}${o.tamper ? `${path}?cursor=0` : path}`, { headers });
    return { status: res.status, body: (await res.json()) as { code?: string } };
  }

  it('serves a correctly signed request', async () => {
    const b = await start();
    expect((await raw(b, {})).status).toBe(200);
  });

  it('refuses a signature made with another secret or over another path', async () => {
    const b = await start();
    expect(await raw(b, { secret: 'other' })).toEqual({ status: 401, body: expect.objectContaining({ code: 'BAD_SIGNATURE' }) });
    expect(await raw(b, { tamper: true })).toEqual({ status: 401, body: expect.objectContaining({ code: 'BAD_SIGNATURE' }) });
  });

  it('refuses a timestamp more than five minutes old or ahead', async () => {
    const b = await start();
    // A minute either side of the window's edge: the requests may reach the bank seconds after `now` on a busy machine.
    const now = Math.floor(Date.now() / 1000);
    expect((await raw(b, { timestamp: now - 360 })).body.code).toBe('STALE_TIMESTAMP');
    expect((await raw(b, { timestamp: now + 360 })).body.code).toBe('STALE_TIMESTAMP');
    expect((await raw(b, { timestamp: now - 240 })).status).toBe(200);
    expect((await raw(b, { timestamp: now + 240 })).status).toBe(200);
  });

  it('refuses a nonce used before', async () => {
    const b = await start();
    expect((await raw(b, { nonce: 'once' })).status).toBe(200);
    expect(await raw(b, { nonce: 'once' })).toEqual({ status: 401, body: expect.objectContaining({ code: 'NONCE_REUSED' }) });
  });

  it('refuses a request without signature headers', async () => {
    const b = await start();
    const res = await fetch(`${b.url}/v1/files`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('MISSING_HEADERS');
  });
});
