// Reconciliation on import and the exceptions queue: a statement's transactions matched by the rules (the payment
// settled), a fee recognised, what nothing explains left open with its reason; finance decides each open transaction
// through the API (match by hand, write off with a reason, not ours), once, audited; bad decisions refused, nothing lost.
import { sql } from 'drizzle-orm';
import { DEFAULT_SETTINGS } from '../../../domain/reconciliation/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import { activePayee, getPayment, insertPayments } from '../../../db/repos/payments.js';
import { readStatements } from '../../../src/integrations/bank/iso20022/read/index.js';
import { randomIds } from '../../../src/runtime.js';
import { importStatement } from '../../../src/usecases/payments/statement-import.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { openPayable } from '../../helpers/payables.js';
import { addOrganisation } from '../../helpers/two-orgs.js';

let t: TestApp;
const ids = { a: '', b: '', c: '' };
beforeAll(async () => {
  t = await testApp();
  expect((await t.call('PUT', '/api/v1/payees/employee/e_zhangwei', { actorId: 'e_sarah', account: { holderName: '张伟', bankName: 'CMB', accountNumber: '6214831234567896', cnaps: '308290003020' } })).status).toBe(200);
  const payee = await activePayee(t.database.db, 'demo', 'employee', 'e_zhangwei');
  for (const [k, minor] of [['a', 68_800], ['b', 12_800], ['c', 20_000]] as const) {
    const id = randomIds.next('pmt');
    ids[k] = id;
    await insertPayments(t.database.db, [{ id, orgId: 'demo', runId: 'prun_recon', payableId: await openPayable(t, 'demo', 'e_zhangwei', minor), payeeId: payee!.id, ownerType: 'employee', ownerId: 'e_zhangwei', amountMinor: minor, currency: 'CNY', endToEndId: `E2E-RECON-${k.toUpperCase()}`, msgId: 'MSG-RECON', pmtInfId: 'PMI-RECON', status: 'submitted', reasonCode: null, reasonText: null, retryOf: null, createdAt: t.clock.now(), updatedAt: t.clock.now() }]);
  }
});
afterAll(() => t.close());

const entry = (amount: string, cd: 'CRDT' | 'DBIT', tx: string) =>
  `<Ntry><Amt Ccy="CNY">${amount}</Amt><CdtDbtInd>${cd}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-19</Dt></BookgDt><NtryDtls><TxDtls>${tx}</TxDtls></NtryDtls></Ntry>`;
const STATEMENT = `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-19T18:00:00</CreDtTm></GrpHdr><Stmt><Id>RECON-1</Id><Acct><Id><Othr><Id>121909876510601</Id></Othr></Id><Ccy>CNY</Ccy></Acct>
${entry('688.00', 'DBIT', '<Refs><EndToEndId>E2E-RECON-A</EndToEndId></Refs>')}
${entry('128.00', 'DBIT', '<Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RmtInf><Ustrd>transfer</Ustrd></RmtInf>')}
${entry('15.00', 'DBIT', '<RmtInf><Ustrd>手续费</Ustrd></RmtInf>')}
${entry('3000.00', 'CRDT', '<RltdPties><Dbtr><Nm>某某客户</Nm></Dbtr><DbtrAcct><Id><Othr><Id>6222020200012345678</Id></Othr></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>货款</Ustrd></RmtInf>')}
</Stmt></BkToCstmrStmt></Document>`;

describe('reconciliation on import and the exceptions queue', () => {
  it('settles what the rules match, books the fee, leaves the rest open with its reason; the same statement again changes nothing', async () => {
    for await (const s of readStatements([STATEMENT])) {
      const r = await importStatement(t.deps, 'demo', 'dac_cmb', s, 'recon-1.xml');
      expect(r.ok && r.value).toMatchObject({ duplicate: false, settled: 1, open: 2 });
      const again = await importStatement(t.deps, 'demo', 'dac_cmb', s, 'recon-1-again.xml');
      expect(again.ok && again.value).toMatchObject({ duplicate: true, settled: 0, open: 0 });
    }
    expect((await getPayment(t.database.db, 'demo', ids.a))?.status).toBe('settled');
    const lines = rowsOf<{ ref: string; state: string; rule: string | null; payment_ids: string[]; counterparty_last4: string | null }>(
      await t.database.db.execute(sql`SELECT ref, state, rule, payment_ids, counterparty_last4 FROM bank_statement_lines WHERE org_id = 'demo' ORDER BY entry_index`),
    );
    expect(lines.map((l) => [l.ref, l.state, l.rule])).toEqual([
      ['1.1', 'matched', 'endToEndId'],
      ['2.1', 'open', null],
      ['3.1', 'fee', 'fee'],
      ['4.1', 'open', null],
    ]);
    expect(lines[0]!.payment_ids).toEqual([ids.a]);
    // Only the last four of an account number are kept.
    expect(lines[3]!.counterparty_last4).toBe('5678');

    t.clock.advance(4 * 86_400_000);
    const q = await t.call('GET', '/api/v1/reconciliation/exceptions?actorId=e_sarah');
    expect(q.status).toBe(200);
    expect(q.body.lines.map((l: { ref: string; reason: string }) => [l.ref, l.reason])).toEqual([
      ['2.1', 'a debit that no payment of ours explains'],
      ['4.1', 'money in that no payment of ours explains'],
    ]);
    expect(JSON.stringify(q.body)).not.toContain('6222020200012345678');
    // Payments b and c were sent four days ago and the bank has not booked them.
    expect(q.body.payments.map((p: { id: string }) => p.id).sort()).toEqual([ids.b, ids.c].sort());
    expect((await t.call('GET', '/api/v1/reconciliation/exceptions?actorId=e_zhangwei')).status).toBe(403);
  });

  it('lets finance decide each open transaction once: bad decisions refused with the reason, good ones settle and are audited', async () => {
    const stmt = rowsOf<{ statement_id: string }>(await t.database.db.execute(sql`SELECT DISTINCT statement_id FROM bank_statement_lines WHERE org_id = 'demo'`))[0]!.statement_id;
    const decide = (ref: string, body: Record<string, unknown>, actorId = 'e_sarah') => t.call('POST', `/api/v1/reconciliation/lines/${stmt}/${ref}/decision`, { actorId, ...body });

    expect((await decide('4.1', { action: 'write_off' })).status).toBe(400);
    const noReason = await decide('4.1', { action: 'write_off', reason: '   ' });
    expect([noReason.status, noReason.body.error.code]).toEqual([422, 'RECONCILIATION.INVALID']);
    const settledAlready = await decide('2.1', { action: 'match', paymentIds: [ids.a] });
    expect([settledAlready.status, settledAlready.body.error.message]).toEqual([422, `payment ${ids.a} is settled: it cannot be matched again`]);
    const otherAmount = await decide('2.1', { action: 'match', paymentIds: [ids.c] });
    expect([otherAmount.status, otherAmount.body.error.message]).toEqual([422, 'the payments add up to 20000, the transaction is 12800 (minor units of CNY)']);
    expect((await decide('2.1', { action: 'match', paymentIds: ['pmt_nobody'] })).status).toBe(404);
    const matched = await decide('2.1', { action: 'match', paymentIds: [ids.b, ids.b] });
    expect(matched.status).toBe(200); // the same payment named twice is one payment, and it adds up
    expect(matched.body.line).toMatchObject({ state: 'matched', rule: 'manual', decidedBy: 'e_sarah', paymentIds: [ids.b] });
    expect((await getPayment(t.database.db, 'demo', ids.b))?.status).toBe('settled');
    const again = await decide('2.1', { action: 'not_ours' });
    expect([again.status, again.body.error.code]).toEqual([409, 'RECONCILIATION.NOT_OPEN']);
    expect((await decide('4.1', { action: 'fee' })).body.error.message).toBe('only a debit can be a bank fee');
    expect((await decide('4.1', { action: 'not_ours' }, 'e_zhangwei')).status).toBe(403);
    const mine = await decide('4.1', { action: 'write_off', reason: '客户多付，已退回' });
    expect(mine.body.line).toMatchObject({ state: 'written_off', reason: '客户多付，已退回' });
    expect((await decide('9.1', { action: 'not_ours' })).status).toBe(404);

    const audit = rowsOf<{ action: string; actor_id: string }>(await t.database.db.execute(sql`SELECT action, actor_id FROM audit_log WHERE org_id = 'demo' AND subject_type = 'bank_statement_line' ORDER BY id`));
    expect(audit).toEqual([
      { action: 'reconciliation.match', actor_id: 'e_sarah' },
      { action: 'reconciliation.write_off', actor_id: 'e_sarah' },
    ]);
    const q = await t.call('GET', '/api/v1/reconciliation/exceptions?actorId=e_sarah');
    expect(q.body.lines).toEqual([]);
    expect(q.body.payments.map((p: { id: string }) => p.id)).toEqual([ids.c]);
    // Nothing of the refused decisions was written: c is still on its way, unmatched.
    expect((await getPayment(t.database.db, 'demo', ids.c))?.status).toBe('submitted');
  });

  it('keeps each organisation’s queue to itself', async () => {
    const acme = await addOrganisation(t);
    const theirs = await acme.call('GET', `/api/v1/reconciliation/exceptions?actorId=${acme.finance}`);
    expect(theirs.status).toBe(200);
    expect(theirs.body).toEqual({ lines: [], statements: [], payments: [], supplier: [] });
    // Another organisation cannot give up this one's payment: not found, and it stays on its way.
    expect((await acme.call('POST', `/api/v1/reconciliation/payments/${ids.c}/reopen`, { actorId: acme.finance, reason: 'x' })).status).toBe(404);
    expect((await getPayment(t.database.db, 'demo', ids.c))?.status).toBe('submitted');
  });


  it('reconciles with the organisation’s own rules once finance saves them: checked, versioned, audited', async () => {
    const read = await t.call('GET', '/api/v1/reconciliation/rules?actorId=e_sarah');
    expect(read.status).toBe(200);
    expect(read.body.version).toBe(0);
    expect(read.body.settings.rules.map((r: { kind: string }) => r.kind)).toEqual(['end_to_end_id', 'batch', 'reference', 'amount_counterparty', 'return', 'fee']);
    const put = (body: Record<string, unknown>) => t.call('PUT', '/api/v1/reconciliation/rules', { actorId: 'e_sarah', ...body });
    const badPattern = await put({ version: 0, rules: [{ name: 'x', kind: 'end_to_end_id' }, { name: 'ours', kind: 'reference', pattern: 'INV-(' }] });
    expect([badPattern.status, badPattern.body.error.message]).toEqual([422, 'rules.1.pattern: not a valid regular expression']);
    const twice = await put({ version: 0, rules: [{ name: 'x', kind: 'end_to_end_id' }, { name: 'x', kind: 'return' }] });
    expect(twice.body.error.message).toMatch(/the name x is used twice/);
    const unknownKind = await put({ version: 0, rules: [{ name: 'x', kind: 'guess' }] });
    expect(unknownKind.status).toBe(422);
    // Without the fee rule, a fee stays open for a person.
    const saved = await put({ version: 0, rules: [{ name: 'ids', kind: 'end_to_end_id' }] });
    expect([saved.status, saved.body.version]).toEqual([200, 1]);
    expect((await put({ version: 0, rules: [{ name: 'late', kind: 'fee', patterns: ['fee'] }] })).status).toBe(409);
    expect((await t.call('PUT', '/api/v1/reconciliation/rules', { actorId: 'e_zhangwei', version: 1, rules: [{ name: 'x', kind: 'return' }] })).status).toBe(403);

    const next = STATEMENT.replace('<Id>RECON-1</Id>', '<Id>RECON-2</Id>').replace('E2E-RECON-A', 'E2E-RECON-C').replace('688.00', '200.00');
    for await (const s of readStatements([next])) {
      const r = await importStatement(t.deps, 'demo', 'dac_cmb', s, 'recon-2.xml');
      expect(r.ok && r.value).toMatchObject({ settled: 1, open: 3 });
    }
    const fee = rowsOf<{ state: string }>(await t.database.db.execute(sql`SELECT l.state FROM bank_statement_lines l JOIN bank_statements s ON s.id = l.statement_id AND s.org_id = l.org_id WHERE l.org_id = 'demo' AND s.statement_id = 'RECON-2' AND l.ref = '3.1'`));
    expect(fee[0]!.state).toBe('open');
    const audit = rowsOf<{ action: string }>(await t.database.db.execute(sql`SELECT action FROM audit_log WHERE org_id = 'demo' AND subject_type = 'reconciliation_settings'`));
    expect(audit.map((a) => a.action)).toEqual(['reconciliation.rules_changed']);
  });

  it('proposes a rule once finance marks the same counterparty not ours twice; accepted, it does so by itself', async () => {
    const money = (n: number) => entry(`${n}.00`, 'CRDT', '<RltdPties><Dbtr><Nm>星河科技有限公司 一般户</Nm></Dbtr></RltdPties><RmtInf><Ustrd>内部调拨</Ustrd></RmtInf>');
    const stmtOf = (id: string, body: string) => `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>${id}</MsgId></GrpHdr><Stmt><Id>${id}</Id><Acct><Id><Othr><Id>121909876510601</Id></Othr></Id></Acct>${body}</Stmt></BkToCstmrStmt></Document>`;
    for await (const s of readStatements([stmtOf('RECON-3', money(100) + money(200))])) expect((await importStatement(t.deps, 'demo', 'dac_cmb', s, 'recon-3.xml')).ok).toBe(true);
    const [row] = rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM bank_statements WHERE org_id = 'demo' AND statement_id = 'RECON-3'`));
    const none = await t.call('GET', '/api/v1/reconciliation/proposals?actorId=e_sarah');
    expect(none.body.proposals).toEqual([]);
    for (const ref of ['1.1', '2.1']) expect((await t.call('POST', `/api/v1/reconciliation/lines/${row!.id}/${ref}/decision`, { actorId: 'e_sarah', action: 'not_ours', reason: '本公司账户间调拨' })).status).toBe(200);
    const proposed = await t.call('GET', '/api/v1/reconciliation/proposals?actorId=e_sarah');
    expect(proposed.body.proposals).toHaveLength(1);
    const p = proposed.body.proposals[0];
    expect(p).toMatchObject({ rule: { kind: 'ignore' }, reason: '2 transactions with the counterparty 星河科技有限公司 一般户 were marked not ours by hand' });
    expect(p.because).toHaveLength(2);
    expect(p.because).toEqual(expect.arrayContaining([{ statementId: row!.id, ref: '1.1' }, { statementId: row!.id, ref: '2.1' }]));
    const accepted = await t.call('POST', '/api/v1/reconciliation/proposals/accept', { actorId: 'e_sarah', key: p.key, version: 1 });
    expect([accepted.status, accepted.body.version]).toEqual([200, 2]);
    expect(accepted.body.settings.rules.map((r: { kind: string }) => r.kind)).toEqual(['end_to_end_id', 'ignore']);
    expect((await t.call('POST', '/api/v1/reconciliation/proposals/accept', { actorId: 'e_sarah', key: p.key, version: 2 })).status).toBe(404);
    for await (const s of readStatements([stmtOf('RECON-4', money(300))])) {
      const r = await importStatement(t.deps, 'demo', 'dac_cmb', s, 'recon-4.xml');
      expect(r.ok && r.value).toMatchObject({ open: 0 });
    }
    const state = rowsOf<{ state: string; rule: string }>(await t.database.db.execute(sql`SELECT l.state, l.rule FROM bank_statement_lines l JOIN bank_statements s ON s.id = l.statement_id AND s.org_id = l.org_id WHERE l.org_id = 'demo' AND s.statement_id = 'RECON-4'`));
    expect(state).toEqual([{ state: 'not_ours', rule: p.rule.name }]);
  });

  it('books a voucher for each payment the bank booked and each fee, numbered per month without gaps, as JSON and CSV', async () => {
    const r = await t.call('GET', '/api/v1/vouchers?actorId=e_sarah&period=2026-11');
    expect(r.status).toBe(200);
    const list = r.body.vouchers as { number: string; kind: string; source: { id: string }; status: string; lines: { debitMinor: number; creditMinor: number; account: string }[] }[];
    // A by the rule, the fee, b by hand, c by the rule on the second statement.
    expect(list.map((v) => [v.number, v.kind, v.status])).toEqual([
      ['2026-11-0001', 'payment_settled', 'booked'],
      ['2026-11-0002', 'bank_fee', 'booked'],
      ['2026-11-0003', 'payment_settled', 'booked'],
      ['2026-11-0004', 'payment_settled', 'booked'],
    ]);
    expect(list.map((v) => v.source.id).filter((id) => id.startsWith('pmt'))).toEqual([ids.a, ids.b, ids.c]);
    for (const v of list) expect(v.lines.reduce((n, l) => n + l.debitMinor - l.creditMinor, 0)).toBe(0);
    expect(list[0]!.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([['101201', 68_800, 0], ['100201', 0, 68_800]]);

    const csv = await t.app.request('/api/v1/vouchers?actorId=e_sarah&period=2026-11&format=csv', { headers: { authorization: `Bearer ${t.key}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await csv.text()).trim().split('\n');
    expect(rows[0]).toBe('number,date,kind,source_type,source_id,line,account,debit,credit,currency,cost_centre,project,memo');
    expect(rows.slice(1, 3)).toEqual([`2026-11-0001,2026-11-19,payment_settled,payment,${ids.a},1,101201,688.00,0.00,CNY,,,银行付款 E2E-RECON-A`, `2026-11-0001,2026-11-19,payment_settled,payment,${ids.a},2,100201,0.00,688.00,CNY,,,银行付款 E2E-RECON-A`]);
    expect(rows).toHaveLength(1 + 4 * 2);
    // Each booked voucher goes to the ERP once, as a signed voucher.booked webhook through the outbox.
    const pushed = rowsOf<{ key: string; type: string; number: string }>(
      await t.database.db.execute(sql`SELECT key, payload->>'type' AS type, payload->'payload'->>'number' AS number FROM outbox WHERE org_id = 'demo' AND key LIKE 'voucher:%' ORDER BY id`),
    );
    expect(pushed.map((p) => [p.type, p.number])).toEqual(list.map((v) => ['voucher.booked', v.number]));
    expect(new Set(pushed.map((p) => p.key)).size).toBe(4);
    expect((await t.call('GET', '/api/v1/vouchers?actorId=e_zhangwei')).status).toBe(403);
    expect((await t.call('GET', '/api/v1/vouchers?actorId=e_sarah&period=2026-13')).status).toBe(400);
  });

  it('lets finance give up a payment the bank never booked: its payable reopens, the books reverse it, once', async () => {
    // A payment of its own (the others' states matter to the tests after this one), sent four days ago.
    const gone = randomIds.next('pmt');
    const payee = await activePayee(t.database.db, 'demo', 'employee', 'e_zhangwei');
    const sent = new Date(t.clock.now().getTime() - 4 * 86_400_000);
    await insertPayments(t.database.db, [{ id: gone, orgId: 'demo', runId: 'prun_recon', payableId: await openPayable(t, 'demo', 'e_zhangwei', 7_700), payeeId: payee!.id, ownerType: 'employee', ownerId: 'e_zhangwei', amountMinor: 7_700, currency: 'CNY', endToEndId: 'E2E-RECON-GONE', msgId: 'MSG-RECON', pmtInfId: 'PMI-RECON', status: 'submitted', reasonCode: null, reasonText: null, retryOf: null, createdAt: sent, updatedAt: sent }]);
    await t.database.db.execute(sql`UPDATE payables SET status = 'in_run' WHERE org_id = 'demo' AND id = (SELECT payable_id FROM payments WHERE org_id = 'demo' AND id = ${gone})`);
    expect((await t.call('GET', '/api/v1/reconciliation/exceptions?actorId=e_sarah')).body.payments.map((p: { id: string }) => p.id)).toContain(gone);
    const reopen = (body: Record<string, unknown>) => t.call('POST', `/api/v1/reconciliation/payments/${gone}/reopen`, body);
    const noReason = await reopen({ actorId: 'e_sarah', reason: '  ' });
    expect([noReason.status, noReason.body.error.code]).toEqual([422, 'RECONCILIATION.INVALID']);
    expect((await reopen({ actorId: 'e_zhangwei', reason: 'gone' })).status).toBe(403);
    const done = await reopen({ actorId: 'e_sarah', reason: '银行确认未汇出' });
    expect([done.status, done.body.payment]).toEqual([200, { id: gone, status: 'rejected' }]);
    const p = await getPayment(t.database.db, 'demo', gone);
    expect([p?.status, p?.reasonCode, p?.reasonText]).toEqual(['rejected', 'MANUAL', '银行确认未汇出']);
    const payable = rowsOf<{ status: string }>(await t.database.db.execute(sql`SELECT status FROM payables WHERE org_id = 'demo' AND id = ${p!.payableId}`));
    expect(payable[0]!.status).toBe('open');
    const vouchers = rowsOf<{ kind: string }>(await t.database.db.execute(sql`SELECT kind FROM vouchers WHERE org_id = 'demo' AND source_id = ${gone} ORDER BY created_at`));
    expect(vouchers.map((v) => v.kind)).toEqual(['payment_rejected']);
    const audit = rowsOf<{ actor_id: string }>(await t.database.db.execute(sql`SELECT actor_id FROM audit_log WHERE org_id = 'demo' AND subject_id = ${gone} AND action = 'payment.rejected'`));
    expect(audit).toEqual([{ actor_id: 'e_sarah' }]);
    const again = await reopen({ actorId: 'e_sarah', reason: 'again' });
    expect([again.status, again.body.error.code]).toEqual([409, 'RECONCILIATION.NOT_OPEN']);
    expect((await t.call('GET', '/api/v1/reconciliation/exceptions?actorId=e_sarah')).body.payments.map((x: { id: string }) => x.id)).not.toContain(gone);
  });

  it('keeps what the rules proposed without being sure on the open line, for the person who decides it', async () => {
    const payee = await activePayee(t.database.db, 'demo', 'employee', 'e_zhangwei');
    const twins: string[] = [];
    // Sent the day before the statement's booking date.
    const sentOn = new Date('2026-11-18T02:00:00.000Z');
    for (const k of [1, 2]) {
      const id = randomIds.next('pmt');
      twins.push(id);
      await insertPayments(t.database.db, [{ id, orgId: 'demo', runId: 'prun_twins', payableId: await openPayable(t, 'demo', 'e_zhangwei', 5_500), payeeId: payee!.id, ownerType: 'employee', ownerId: 'e_zhangwei', amountMinor: 5_500, currency: 'CNY', endToEndId: `E2E-TWIN-${k}`, msgId: 'MSG-TWIN', pmtInfId: 'PMI-TWIN', status: 'submitted', reasonCode: null, reasonText: null, retryOf: null, createdAt: sentOn, updatedAt: sentOn }]);
    }
    // The default rules again (a test above saved the organisation's own).
    const version = (await t.call('GET', '/api/v1/reconciliation/rules?actorId=e_sarah')).body.version as number;
    expect((await t.call('PUT', '/api/v1/reconciliation/rules', { actorId: 'e_sarah', version, rules: DEFAULT_SETTINGS.rules, autoThreshold: DEFAULT_SETTINGS.autoThreshold })).status).toBe(200);
    // One debit of ¥55 to 张伟 without any reference: either payment fits equally, so neither is taken automatically.
    const xml = STATEMENT.replace('<Id>RECON-1</Id>', '<Id>RECON-TWINS</Id>').replace(/<Ntry>[\s\S]*<\/Ntry>/, entry('55.00', 'DBIT', '<RltdPties><Cdtr><Nm>张伟</Nm></Cdtr></RltdPties><RmtInf><Ustrd>报销</Ustrd></RmtInf>'));
    for await (const s of readStatements([xml])) {
      const r = await importStatement(t.deps, 'demo', 'dac_cmb', s, 'twins.xml');
      expect(r.ok && r.value).toMatchObject({ settled: 0, open: 1 });
    }
    const q = await t.call('GET', '/api/v1/reconciliation/exceptions?actorId=e_sarah');
    const line = (q.body.lines as { texts: string[]; suggestions: { paymentIds: string[]; reason: string; confidence: number }[] }[]).find((l) => l.texts.includes('报销'))!;
    expect(line.suggestions.map((x) => x.paymentIds).flat().sort()).toEqual([...twins].sort());
    expect(line.suggestions.every((x) => x.reason === 'ambiguous' && x.confidence > 0)).toBe(true);
    for (const id of twins) expect((await getPayment(t.database.db, 'demo', id))?.status).toBe('submitted');
  });
});
