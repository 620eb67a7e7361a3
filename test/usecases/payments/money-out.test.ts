// Money out end to end against the fake bank on loopback: an approved run's file is built, checked and sent under its
// MsgId; the bank's pain.002 rejects one payment (the employee is told why, the payable reopens); its camt.054 settles
// the others (the employees are told); a payment returned days later reopens, waits for the employee to confirm their
// account on a card, and the next run then pays it under a new EndToEndId linked to the first. Sending the same file twice at once reaches the bank once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/database.js';
import { openPayable } from '../../helpers/payables.js';
import { getBankMessage, paymentsOfRun } from '../../../db/repos/payments.js';
import { consoleTranscript } from '../../../db/repos/chat.js';
import { UTF8_PROFILE } from '../../../src/integrations/bank/iso20022/bank-profile.js';
import { fetchBankFiles, type BankDeps } from '../../../src/usecases/payments/bank-answers.js';
import { submitBankFile } from '../../../src/usecases/payments/bank-send.js';
import type { FakeBank } from '../../fakes/bank/fake-bank.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { approvedRun as approvedRunOf, connectFakeBank, DEBTOR, drainOutbox } from '../../helpers/bank.js';
import { button, consoleAs } from '../../helpers/console.js';
import { ruleParser } from '../../helpers/parser.js';

const ACCOUNTS = { zhangwei: '6214831234567896', lina: '6222020200112230', david: '755912345610801' };
const HOUR = 3_600_000;

let t: TestApp;
let fake: FakeBank;
let bank: BankDeps;
beforeAll(async () => {
  t = await testApp({}, { parser: ruleParser });
  ({ fake, bank } = await connectFakeBank(t));
});
afterAll(async () => {
  await fake.stop();
  await t.close();
});

const dispatch = () => drainOutbox(t);
const payable = (employeeId: string, minor: number) => openPayable(t, 'demo', employeeId, minor);
const approvedRun = () => approvedRunOf(t);
const notices = async (event: string) =>
  rowsOf<{ payload: { employeeId: string; note: { zh: string; en: string } } }>(await t.database.db.execute(sql`SELECT payload FROM outbox WHERE org_id = 'demo' AND topic = 'chat.notify' AND payload->>'event' = ${event} ORDER BY id`)).map((r) => r.payload);

describe('money out', () => {
  let firstRun: string;
  const p: Record<string, string> = {};

  it('pays a run: one rejected by the bank (told why), the others settled by the camt.054 (told where)', async () => {
    expect((await t.call('POST', '/api/v1/debtor-accounts', { actorId: 'e_zhaomin', name: '基本户', account: { holderName: '星河科技有限公司', bankName: '招商银行上海分行', accountNumber: DEBTOR, cnaps: '308290003020' } })).status).toBe(201);
    for (const [who, name] of [['zhangwei', '张伟'], ['lina', '李娜'], ['david', 'David Miller']] as const)
      expect((await t.call('PUT', `/api/v1/payees/employee/e_${who}`, { actorId: 'e_sarah', account: { holderName: name, bankName: '招商银行', accountNumber: ACCOUNTS[who], cnaps: '308290003020' } })).status).toBe(200);
    t.clock.advance(25 * HOUR);
    fake.bank.scenario.set(ACCOUNTS.lina, 'AC04');
    fake.bank.scenario.set(ACCOUNTS.david, 'return');
    p.zhangwei = await payable('e_zhangwei', 128_000);
    p.lina = await payable('e_lina', 56_000);
    p.david = await payable('e_david', 30_000);
    firstRun = await approvedRun();
    await dispatch(); // bank.submit → the fake bank; bank.poll → its pain.002 (PART, AC04 for Lina)

    const msgs = fake.calls.filter((c) => c.method === 'POST' && c.path === '/v1/payment-files');
    expect(msgs.map((c) => c.status)).toEqual([201]);
    const after = Object.fromEntries((await paymentsOfRun(t.database.db, 'demo', firstRun)).map((x) => [x.ownerId, x.status]));
    expect(after).toEqual({ e_zhangwei: 'accepted', e_lina: 'rejected', e_david: 'accepted' });
    const rejected = await notices('payment_rejected');
    expect(rejected.map((n) => n.employeeId)).toEqual(['e_lina']);
    expect(rejected[0]!.note.zh).toContain('收款账户已销户');
    expect(rejected[0]!.note.en).toContain('the account is closed');
    // …and the card she gets says it.
    await dispatch();
    const card = (await consoleTranscript(t.database.db, 'demo', 'e_lina')).map((m) => m.view as { kind?: string; event?: string; note?: { zh: string } } | null).find((v) => v?.kind === 'ledger_notice' && v.event === 'payment_rejected');
    expect(card?.note?.zh).toContain('收款账户已销户');

    const fetched = await fetchBankFiles(bank, 'demo', 'http');
    expect(fetched.failed).toEqual([]);
    const settled = Object.fromEntries((await paymentsOfRun(t.database.db, 'demo', firstRun)).map((x) => [x.ownerId, x.status]));
    expect(settled).toEqual({ e_zhangwei: 'settled', e_lina: 'rejected', e_david: 'settled' });
    const paid = await notices('payment_settled');
    expect(paid.find((n) => n.employeeId === 'e_zhangwei')!.note.zh).toBe('已付款 ¥1,280.00 至尾号7896');
    const payables = rowsOf<{ id: string; status: string }>(await t.database.db.execute(sql`SELECT id, status FROM payables WHERE org_id = 'demo' AND id IN (${p.zhangwei}, ${p.lina}, ${p.david})`));
    expect(Object.fromEntries(payables.map((r) => [r.id, r.status]))).toEqual({ [p.zhangwei]: 'paid', [p.lina]: 'open', [p.david]: 'paid' });
    // OA systems hear of every transition through the webhook fan-out, without account numbers.
    const events = rowsOf<{ type: string; payload: unknown }>(await t.database.db.execute(sql`SELECT payload->>'type' AS type, payload->'payload' AS payload FROM outbox WHERE org_id = 'demo' AND topic = 'event.publish' AND payload->>'type' LIKE 'payment.%'`));
    expect(events.filter((e) => e.type === 'payment.settled')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'payment.rejected').map((e) => (e.payload as { reason: { code: string } }).reason.code)).toEqual(['AC04']);
    expect(JSON.stringify(events)).not.toContain(ACCOUNTS.zhangwei);
    // The books follow: each payment sent clears its payable into money in transit; each one the bank booked leaves
    // the bank account; the one the bank refused after taking it is owed again (its submission reversed).
    const vouchersOf = async () => ((await t.call('GET', '/api/v1/vouchers?actorId=e_sarah')).body.vouchers as { kind: string; source: { id: string }; number: string; lines: { account: string; debitMinor: number; creditMinor: number }[] }[]);
    const books = await vouchersOf();
    const byOwner = Object.fromEntries((await paymentsOfRun(t.database.db, 'demo', firstRun)).map((x) => [x.id, x.ownerId]));
    expect(books.map((v) => [v.kind, byOwner[v.source.id]]).sort()).toEqual([
      ['payment_rejected', 'e_lina'],
      ['payment_settled', 'e_david'],
      ['payment_settled', 'e_zhangwei'],
      ['payment_submitted', 'e_david'],
      ['payment_submitted', 'e_lina'],
      ['payment_submitted', 'e_zhangwei'],
    ]);
    expect(books.every((v) => v.lines.reduce((n, l) => n + l.debitMinor - l.creditMinor, 0) === 0 && /^\d{4}-\d{2}-\d{4}$/.test(v.number))).toBe(true);
    // Reading the same files again changes nothing.
    await t.database.db.execute(sql`DELETE FROM bank_cursors`);
    await fetchBankFiles(bank, 'demo', 'http');
    expect((await notices('payment_settled')).length).toBe(paid.length);
    expect(await vouchersOf()).toHaveLength(books.length);
  });

  it('a payment returned days later waits for the employee: held by runs until they confirm on the card, then paid under a new EndToEndId linked to the first', async () => {
    t.clock.advance(3 * 24 * HOUR);
    fake.bank.closeDay();
    await fetchBankFiles(bank, 'demo', 'http');
    const first = (await paymentsOfRun(t.database.db, 'demo', firstRun)).find((x) => x.ownerId === 'e_david')!;
    expect(first.status).toBe('returned');
    expect(first.reasonCode).toBe('AC04');
    const asked = rowsOf<{ payload: { employeeId: string; paymentId: string } }>(await t.database.db.execute(sql`SELECT payload FROM outbox WHERE org_id = 'demo' AND topic = 'chat.notify' AND payload->>'kind' = 'returned'`)).map((r) => r.payload);
    expect(asked).toEqual([{ kind: 'returned', employeeId: 'e_david', paymentId: first.id }]);
    // David's card says why (in his language) and offers to pay again to the same account or change it.
    await dispatch();
    const david = await consoleAs(t, 'e_david');
    let page = await david.page();
    expect(page).toContain('the account is closed');
    expect(page).toContain('Pay again to ****0801');
    expect(page).toContain('Change account');
    // Lina's account is fixed meanwhile: the next run pays her, and holds David's until he answers.
    fake.bank.scenario.delete(ACCOUNTS.david);
    fake.bank.scenario.delete(ACCOUNTS.lina);
    const second = await approvedRun();
    expect((await paymentsOfRun(t.database.db, 'demo', second)).map((x) => x.ownerId)).toEqual(['e_lina']);
    const held = (await t.call('GET', `/api/v1/payment-runs/${second}?actorId=e_sarah`)).body.run.items.find((i: { payableId: string }) => i.payableId === p.david);
    expect(held).toMatchObject({ state: 'held', reason: { code: 'AWAITING_PAYEE_CONFIRMATION' } });

    // He confirms: the card closes and says so; the next run pays it again, linked to the returned payment.
    const payAgain = button(page, 'pay_again');
    await david.click('pay_again', payAgain);
    await dispatch();
    page = await david.page();
    expect(page).toContain('OK: the next payment run pays it again to ****0801.');
    expect(page).toContain('Account confirmed');
    expect(page).not.toContain('name="action" value="pay_again"');
    const next = await approvedRun();
    const again = await paymentsOfRun(t.database.db, 'demo', next);
    const davidAgain = again.find((x) => x.ownerId === 'e_david')!;
    expect(davidAgain.payableId).toBe(p.david);
    expect(davidAgain.endToEndId).not.toBe(first.endToEndId);
    expect(davidAgain.retryOf).toBe(first.id);
    // The old button, clicked again, changes nothing and says so.
    await david.click('pay_again', payAgain);
    expect(await david.page()).toContain('This returned payment was already answered.');
    const [row] = rowsOf<{ status: string; awaiting: string | null }>(await t.database.db.execute(sql`SELECT status, awaiting_payee_since AS awaiting FROM payables WHERE id = ${p.david}`));
    expect(row).toEqual({ status: 'paying', awaiting: null });
  });

  it('the same file sent by 100 workers at once is accepted once: the others get DU01, nothing is booked twice', async () => {
    fake.bank.scenario.clear();
    await payable('e_zhangwei', 77_700);
    const run = await approvedRun();
    const [msg] = rowsOf<{ msg_id: string }>(await t.database.db.execute(sql`SELECT msg_id FROM bank_messages WHERE org_id = 'demo' AND run_id = ${run}`));
    const before = fake.calls.length;
    await Promise.all(Array.from({ length: 100 }, () => submitBankFile(bank, 'demo', msg!.msg_id)));
    const posts = fake.calls.slice(before).filter((c) => c.method === 'POST' && c.path === '/v1/payment-files');
    expect(posts.filter((c) => c.status === 201)).toHaveLength(1);
    expect(posts.every((c) => c.status === 201 || c.status === 409)).toBe(true);
    expect(fake.bank.bookedPayments().filter((b) => b.msgId === msg!.msg_id)).toHaveLength(1);
    expect((await getBankMessage(t.database.db, 'demo', msg!.msg_id))!.status).toBe('submitted');
  });

  it('a file that fails its XSD is never sent: the run shows why and the payables reopen', async () => {
    const before = fake.calls.length;
    const id = await payable('e_zhangwei', 1_000);
    const run = await approvedRun();
    const [msg] = rowsOf<{ msg_id: string }>(await t.database.db.execute(sql`SELECT msg_id FROM bank_messages WHERE org_id = 'demo' AND run_id = ${run}`));
    await submitBankFile({ ...bank, profile: { ...UTF8_PROFILE, serviceLevel: 'NOT-A-CODE' } }, 'demo', msg!.msg_id);
    expect(fake.calls.length).toBe(before);
    const detail = await t.call('GET', `/api/v1/payment-runs/${run}?actorId=e_sarah`);
    expect(detail.body.files[0]).toMatchObject({ status: 'invalid' });
    expect(JSON.stringify(detail.body.files[0].outcome)).toContain('PAIN001.SCHEMA_INVALID');
    expect(detail.body.payments[0]).toMatchObject({ status: 'cancelled', reason: { code: 'PAYMENT.FILE_INVALID' } });
    const [row] = rowsOf<{ status: string }>(await t.database.db.execute(sql`SELECT status FROM payables WHERE id = ${id}`));
    expect(row!.status).toBe('open');
  });
});
