// What the bank says back about a released run, applied in one transaction each: status reports (accepted, rejected:
// the payable reopens and the employee is told why) and statements (stored once and checked; settled payments are
// paid, returns reopen), and the fetch that reads the bank's new files and sets aside what belongs to nothing.
import type { Db, Executor } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { bankCursor, getBankMessage, insertBankStatement, lastStatementOf, listDebtorAccounts, payablesByIds, payeesByIds, paymentsOfMessage, saveBankCursor, setPayablesStatus, setPaymentStatus, updateBankMessage, type PaymentRow } from '../../../db/repos/payments.js';
import { formatMoney } from '../../../domain/money/index.js';
import { reconcile, statementLines } from '../../../domain/reconciliation/index.js';
import { settingsFor } from '../reconciliation/rules.js';
import { bankFeeVoucher } from '../../../domain/voucher/index.js';
import { chartFor } from '../vouchers/chart.js';
import { bookPaymentVoucher, bookVoucher } from '../vouchers/book.js';
import { orgDate } from '../org-time.js';
import { insertStatementLines, paymentsForMatching } from '../../../db/repos/reconciliation.js';
import type { BankConnector } from '../../../domain/payment/bank.port.js';
import { accountAtFault, checkStatement, paymentTransition, reasonText, type BankStatement, type PaymentStatus, type PaymentStatusReport, type StatementCheckFailure, type StatementHeader } from '../../../domain/payment/index.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import type { BankProfile } from '../../integrations/bank/iso20022/bank-profile.js';
import { readStatements, readStatusReport } from '../../integrations/bank/iso20022/read/index.js';
import type { SecretBox } from '../../secrets.js';
import { notifyMessage } from '../lifecycle/topics.js';
import { eventMessages } from '../publish.js';
import { command } from '../unit-of-work.js';
import { openAccount } from './account-box.js';
import { receiptMessage } from './topics.js';
import { awaitPayee } from './returned-payments.js';

export interface BankDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  box: SecretBox;
  bank: BankConnector;
  profile: BankProfile;
}

/** What applying a statement needs: the clock and ids, and whether the bank serves e-receipts (then they are fetched). */
export type StatementDeps = Pick<BankDeps, 'clock' | 'ids'> & { bank?: Pick<BankConnector, 'servesReceipts'> };

/** Gives payments' payables back to the pool (the next run pays them, under new EndToEndIds). */
export async function reopen(tx: Executor, orgId: string, list: readonly PaymentRow[]): Promise<void> {
  await setPayablesStatus(tx, orgId, list.map((p) => p.payableId), 'open');
}

/** The status of one payment in a report: its transaction's, else its batch's, else the group's. */
function statusOf(report: PaymentStatusReport, p: PaymentRow): { status?: string; code?: string; text?: string } {
  const batch = report.payments.find((b) => b.originalPaymentInformationId === p.pmtInfId);
  const tx = batch?.transactions.find((t) => t.originalEndToEndId === p.endToEndId) ?? report.payments.flatMap((b) => b.transactions).find((t) => t.originalEndToEndId === p.endToEndId);
  const pick = tx?.status ? tx : batch?.status ? batch : { status: report.groupStatus, reasons: report.groupReasons };
  // PART at batch or group level says "some were rejected": those are listed; the others were accepted.
  const status = pick.status === 'PART' ? 'ACCP' : pick.status;
  const reason = pick.reasons[0];
  return { ...(status ? { status } : {}), ...(reason ? { code: reason.code, ...(reason.text ? { text: reason.text } : {}) } : {}) };
}

const ACCEPTED = new Set(['ACCP', 'ACSP', 'ACSC', 'ACTC', 'ACWC', 'ACFC', 'ACCC']);

/** Tells the employee what happened to their payment (settled, rejected), in their language; a return asks them (awaitPayee). */
async function tell(tx: Executor, orgId: string, p: PaymentRow, event: 'payment_settled' | 'payment_rejected', reason?: { code?: string; text?: string }): Promise<void> {
  if (p.ownerType !== 'employee') return;
  const [payable] = await payablesByIds(tx, orgId, [p.payableId]);
  const [payee] = await payeesByIds(tx, orgId, [p.payeeId]);
  const amount = { minor: p.amountMinor, currency: p.currency };
  const to = { zh: `尾号${payee?.accountLast4 ?? '****'}`, en: `****${payee?.accountLast4 ?? ''}` };
  const why = reasonText(reason?.code, reason?.text);
  const fix = accountAtFault(reason?.code);
  const note =
    event === 'payment_settled'
      ? { zh: `已付款 ${formatMoney(amount, 'zh-CN')} 至${to.zh}`, en: `Paid ${formatMoney(amount, 'en')} to ${to.en}` }
      : { zh: `付款未成功：${why.zh}。${fix ? '请核对或更新收款账户，' : ''}财务将在下一批次重新付款。`, en: `The payment failed: ${why.en}. ${fix ? 'Please check or update your payout account; ' : ''}finance will pay it in the next run.` };
  await enqueue(tx, [notifyMessage(orgId, `${event}:${p.id}`, { kind: 'ledger', employeeId: p.ownerId, requestId: payable?.sourceId ?? p.payableId, event, lines: [{ label: { zh: "金额", en: "Amount" }, minor: p.amountMinor, currency: p.currency }], note })]);
}

/** Moves a payment if the move is allowed; returns whether it moved (a repeat is a no-op). */
async function move(tx: Executor, ids: IdGenerator, orgId: string, p: PaymentRow, to: PaymentStatus, reason: { code?: string; text?: string }, now: Date, actorId = 'job:bank'): Promise<boolean> {
  if (paymentTransition(p.status as PaymentStatus, to) !== 'apply') return false;
  await setPaymentStatus(tx, orgId, p.id, to, { code: reason.code ?? null, text: reason.text ?? null }, now);
  await appendAudit(tx, { orgId, actorId, action: `payment.${to}`, subjectType: 'payment', subjectId: p.id, before: { status: p.status }, after: { status: to, endToEndId: p.endToEndId, ...(reason.code ? { reason: reason.code } : {}) }, at: now });
  // OA systems subscribed to payment.* hear of every transition (no account numbers: the payee is named by owner).
  const payload = { status: to, from: p.status, endToEndId: p.endToEndId, msgId: p.msgId, runId: p.runId, payableId: p.payableId, owner: { type: p.ownerType, id: p.ownerId }, amount: { minor: p.amountMinor, currency: p.currency }, ...(reason.code ? { reason: { code: reason.code, ...(reason.text ? { text: reason.text } : {}) } } : {}) };
  await enqueue(tx, eventMessages(ids, [{ type: `payment.${to}`, orgId, subject: { type: 'payment', id: p.id }, at: now, payload }], `payment:${p.id}:${to}`));
  return true;
}

/**
 * Applies a pain.002: rejected payments reopen their payable and the employee is told why; accepted ones wait for the
 * statement. A report for a message we never sent is an error (the file is set aside), never silently dropped.
 */
export function applyStatusReport(deps: Pick<BankDeps, 'db' | 'clock' | 'ids'>, orgId: string, report: PaymentStatusReport): Promise<Result<{ accepted: number; rejected: number }>> {
  return command(deps.db, async (tx) => {
    const msg = await getBankMessage(tx, orgId, report.originalMessageId, true);
    if (!msg) return err(domainError('NOT_FOUND', `status report for unknown payment file ${report.originalMessageId}`, { msgId: report.originalMessageId }));
    const now = deps.clock.now();
    let accepted = 0;
    let rejected = 0;
    const failed: PaymentRow[] = [];
    let today: string | undefined;
    const bookedOn = async () => (today ??= await orgDate(tx, orgId, now));
    for (const p of await paymentsOfMessage(tx, orgId, msg.msgId)) {
      const s = statusOf(report, p);
      if (s.status === 'RJCT') {
        // Taken by the bank before (its submission booked to money in transit): the books reverse it.
        const wasSent = p.status === 'submitted' || p.status === 'accepted';
        if (await move(tx, deps.ids, orgId, p, 'rejected', s, now)) {
          if (wasSent) await bookPaymentVoucher(tx, deps.ids, orgId, 'payment_rejected', p, await bookedOn(), msg.debtorAccountId, now);
          rejected++;
          failed.push(p);
          await tell(tx, orgId, p, 'payment_rejected', s);
        }
      } else if (s.status && ACCEPTED.has(s.status)) {
        const from = p.status === 'planned' ? await move(tx, deps.ids, orgId, { ...p }, 'submitted', {}, now) : false;
        if (from) await bookPaymentVoucher(tx, deps.ids, orgId, 'payment_submitted', p, await bookedOn(), msg.debtorAccountId, now);
        if (await move(tx, deps.ids, orgId, from ? { ...p, status: 'submitted' } : p, 'accepted', {}, now)) accepted++;
      }
    }
    await reopen(tx, orgId, failed);
    const status = report.groupStatus === 'RJCT' ? 'rejected' : 'accepted';
    await updateBankMessage(tx, orgId, msg.msgId, ['submitted', 'unknown', 'accepted'], { status, outcome: { report: { groupStatus: report.groupStatus ?? null, accepted, rejected } } }, now);
    return ok({ accepted, rejected });
  });
}

/**
 * Finance gives up on a payment the bank took and never booked: it counts as refused (reason `MANUAL` and finance's
 * words), its submission is reversed in the books, its payable reopens for the next run and the employee is told.
 * False when the payment is no longer on its way (booked or refused meanwhile). Should the bank book it after all,
 * that statement line matches no payment and waits in the exceptions queue (paid twice, to be recovered).
 */
export async function giveUpPayment(tx: Executor, deps: Pick<BankDeps, 'ids'>, orgId: string, p: PaymentRow, actorId: string, reason: string, date: string, now: Date): Promise<boolean> {
  if (p.status !== 'submitted' && p.status !== 'accepted') return false;
  const why = { code: 'MANUAL', text: reason };
  if (!(await move(tx, deps.ids, orgId, p, 'rejected', why, now, actorId))) return false;
  const msg = await getBankMessage(tx, orgId, p.msgId);
  await bookPaymentVoucher(tx, deps.ids, orgId, 'payment_rejected', p, date, msg?.debtorAccountId, now, 'MANUAL');
  await reopen(tx, orgId, [p]);
  await tell(tx, orgId, p, 'payment_rejected', why);
  return true;
}

/** Applies one payment's booking: planned or sent → settled, its payable paid, the employee told, the e-receipt fetched. */
export async function settlePayment(tx: Executor, deps: StatementDeps, orgId: string, p: PaymentRow, now: Date, booked: { date: string; bankAccountId?: string }): Promise<boolean> {
  const path: PaymentStatus[] = p.status === 'planned' ? ['submitted', 'settled'] : ['settled'];
  let cur = p;
  let moved = false;
  for (const to of path) {
    moved = await move(tx, deps.ids, orgId, cur, to, {}, now);
    cur = { ...cur, status: to };
  }
  if (!moved) return false;
  await setPayablesStatus(tx, orgId, [p.payableId], 'paid');
  await tell(tx, orgId, p, 'payment_settled');
  // Booked by the bank: money in transit leaves the bank account, in the ERP's books too (sent and booked at once
  // when the statement is the first news of it).
  if (p.status === 'planned') await bookPaymentVoucher(tx, deps.ids, orgId, 'payment_submitted', p, booked.date, booked.bankAccountId, now);
  await bookPaymentVoucher(tx, deps.ids, orgId, 'payment_settled', p, booked.date, booked.bankAccountId, now);
  // The bank's e-receipt is fetched after the commit, through the outbox (retried until the bank has it).
  if (deps.bank?.servesReceipts) await enqueue(tx, [receiptMessage(orgId, p.id)]);
  return true;
}

/** A bank fee on a statement, booked against the bank account it was taken from. */
export async function bookFeeVoucher(tx: Executor, ids: IdGenerator, orgId: string, f: { statementRowId: string; ref: string; date: string; amount: { minor: number; currency: string }; bankAccountId: string; text?: string | undefined }, now: Date): Promise<void> {
  const lineId = `${f.statementRowId}/${f.ref}`;
  const draft = bankFeeVoucher((await chartFor(tx, orgId)).chart, { lineId, date: f.date, amountMinor: f.amount.minor, currency: f.amount.currency, bankAccountId: f.bankAccountId, ...(f.text ? { text: f.text } : {}) });
  await bookVoucher(tx, ids, orgId, { kind: 'bank_fee', source: { type: 'statement_line', id: lineId }, date: f.date, memo: '银行手续费' }, draft, now);
}

/** Money back for a settled payment: returned, its payable reopened, the employee asked to confirm or change their account. */
async function returnPayment(tx: Executor, deps: StatementDeps, orgId: string, p: PaymentRow, reason: string | undefined, now: Date): Promise<boolean> {
  if (p.status !== 'settled') return false; // a return of something not yet settled waits for its debit first
  if (!(await move(tx, deps.ids, orgId, p, 'returned', { ...(reason ? { code: reason } : {}) }, now))) return false;
  await reopen(tx, orgId, [p]);
  // The employee is asked on a card to confirm or change their account; until then runs hold the payable.
  await awaitPayee(tx, orgId, p, now);
  return true;
}

/**
 * Reconciles a statement or notification with the organisation's payments (`domain/reconciliation`, default rules):
 * its booked transactions against the payments they may be (by EndToEndId, the batch's MsgId or PmtInfId, or still
 * on their way). A match settles the payment and pays its payable; money back returns it (reopens the payable and
 * asks the employee to confirm or change their account); fees are recognised; what nothing explains stays open in
 * the exceptions queue. Every transaction is stored with what became of it and the rule that decided. Importing the
 * same statement again changes nothing (the statement is stored once).
 */
async function applyStatementTx(tx: Executor, deps: StatementDeps, orgId: string, stmt: BankStatement, statementRowId: string, debtorAccountId: string): Promise<Result<{ settled: number; returned: number; open: number }>> {
  const now = deps.clock.now();
  const today = await orgDate(tx, orgId, now);
  const all = statementLines(stmt);
  const lines = all.filter((l) => l.status === undefined || l.status === 'BOOK');
  const unique = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  const candidates = await paymentsForMatching(tx, orgId, {
    endToEndIds: unique(lines.map((l) => l.endToEndId)),
    batchRefs: unique(lines.flatMap((l) => (l.batch ? [l.batch.msgId, l.batch.pmtInfId] : []))),
  });
  // Whom each payment went to (the payee's name as the bank holds it): the amount + counterparty rule compares it.
  const holders = new Map((await payeesByIds(tx, orgId, unique(candidates.map((p) => p.payeeId)))).map((x) => [x.id, x.holderName]));
  const byId = new Map(candidates.map((p) => [p.id, p]));
  const lineOf = new Map(lines.map((l) => [l.ref, l]));
  const result = reconcile(
    lines,
    candidates.map((p) => ({ id: p.id, endToEndId: p.endToEndId, amount: { minor: p.amountMinor, currency: p.currency }, date: p.updatedAt.toISOString().slice(0, 10), counterparty: { ...(holders.get(p.payeeId) ? { name: holders.get(p.payeeId)! } : {}) }, batchRefs: [p.msgId, p.pmtInfId] })),
    (await settingsFor(tx, orgId)).settings,
  );
  const decided = new Map<string, { state: string; paymentIds: readonly string[]; rule: string }>();
  let settled = 0;
  let returned = 0;
  // Bookings first, then money back: a payment paid and returned in one statement ends returned.
  for (const kind of ['payment', 'return'] as const) {
    for (const m of result.matches) {
      if (m.kind !== kind) continue;
      decided.set(m.lineRef, { state: kind === 'payment' ? 'matched' : 'returned', paymentIds: m.paymentIds, rule: m.rule });
      const line = lineOf.get(m.lineRef);
      for (const id of m.paymentIds) {
        const p = byId.get(id);
        if (!p) continue;
        const date = line?.date ?? today;
        if (kind === 'payment' && (await settlePayment(tx, deps, orgId, p, now, { date, bankAccountId: debtorAccountId }))) {
          settled++;
          byId.set(id, { ...p, status: 'settled' });
        }
        if (kind === 'return' && (await returnPayment(tx, deps, orgId, byId.get(id)!, line?.returnReason, now))) {
          returned++;
          await bookPaymentVoucher(tx, deps.ids, orgId, 'payment_returned', p, date, debtorAccountId, now, line?.returnReason);
        }
      }
    }
  }
  for (const f of result.fees) {
    decided.set(f.lineRef, { state: 'fee', paymentIds: [], rule: f.rule });
    const line = lineOf.get(f.lineRef)!;
    await bookFeeVoucher(tx, deps.ids, orgId, { statementRowId, ref: line.ref, date: line.date ?? today, amount: line.amount!, bankAccountId: debtorAccountId, text: line.texts[0] ?? line.counterparty.name }, now);
  }
  for (const f of result.ignored) decided.set(f.lineRef, { state: 'not_ours', paymentIds: [], rule: f.rule });
  // What the rules proposed without being sure: kept on the open line for the person who decides it (best first).
  const suggested = new Map<string, { paymentIds: readonly string[]; rule: string; confidence: number; reason: string }[]>();
  for (const x of [...result.suggestions].sort((a, b) => b.confidence - a.confidence)) {
    const list = suggested.get(x.lineRef) ?? [];
    if (list.length < 5) list.push({ paymentIds: x.paymentIds, rule: x.rule, confidence: x.confidence, reason: x.reason });
    suggested.set(x.lineRef, list);
  }
  let open = 0;
  await insertStatementLines(
    tx,
    all.map((l) => {
      const d = decided.get(l.ref);
      const state = d?.state ?? (lineOf.has(l.ref) ? 'open' : 'pending');
      if (state === 'open') open++;
      const last4 = l.counterparty.account?.replace(/\s/g, '').slice(-4);
      return {
        orgId,
        statementId: statementRowId,
        ref: l.ref,
        entryIndex: l.entryIndex,
        txIndex: l.txIndex,
        amountMinor: l.amount?.minor ?? null,
        currency: l.amount?.currency ?? null,
        creditDebit: l.creditDebit,
        booked: lineOf.has(l.ref),
        date: l.date ?? null,
        endToEndId: l.endToEndId ?? null,
        counterpartyName: l.counterparty.name?.slice(0, 140) ?? null,
        counterpartyLast4: last4 || null,
        texts: l.texts.map((t) => t.slice(0, 280)).slice(0, 10),
        returnReason: l.returnReason ?? null,
        state,
        paymentIds: [...(d?.paymentIds ?? [])],
        suggestions: state === 'open' ? (suggested.get(l.ref) ?? []) : [],
        rule: d?.rule ?? null,
        decidedBy: d ? 'rule' : null,
        reason: null,
        decidedAt: d ? now : null,
      };
    }),
  );
  return ok({ settled, returned, open });
}

/** What importing one statement did. */
export interface StatementImport {
  duplicate: boolean;
  checks: readonly StatementCheckFailure[];
  settled: number;
  returned: number;
  /** Booked transactions nothing explained: open in the exceptions queue. */
  open: number;
}

/**
 * Imports one statement of a debtor account in one transaction: stored once (the same statement again changes
 * nothing), checked (opening + entries = closing; a camt.053's opening = the previous closing, its sequence numbers
 * without a gap), a failed check recorded and audited, never a reason to drop the file; then its entries applied.
 */
export function importStatement(deps: Pick<BankDeps, 'db'> & StatementDeps, orgId: string, debtorAccountId: string, stmt: BankStatement, fileName: string): Promise<Result<StatementImport>> {
  return command<StatementImport>(deps.db, async (tx) => {
    const now = deps.clock.now();
    const previous = stmt.kind === 'camt.053' ? await lastStatementOf(tx, orgId, debtorAccountId) : undefined;
    const checks = checkStatement(stmt, previous ? (previous.header as StatementHeader) : undefined);
    const { entries, account: _account, ...header } = stmt;
    const statementRowId = deps.ids.next('bst');
    const stored = await insertBankStatement(tx, {
      id: statementRowId,
      orgId,
      debtorAccountId,
      kind: stmt.kind,
      version: stmt.version,
      messageId: stmt.messageId,
      statementId: stmt.statementId,
      electronicSeq: stmt.electronicSequence ?? null,
      legalSeq: stmt.legalSequence ?? null,
      header,
      entries: entries.length,
      checks,
      fileName,
      importedAt: now,
    });
    if (!stored) return ok({ duplicate: true, checks: [], settled: 0, returned: 0, open: 0 });
    await appendAudit(tx, { orgId, actorId: 'job:bank', action: checks.length ? 'bank_statement.check_failed' : 'bank_statement.imported', subjectType: 'bank_statement', subjectId: `${stmt.kind}:${stmt.statementId}`, after: { entries: entries.length, checks: checks.map((c) => ({ code: c.code, message: c.message })) }, at: now });
    const applied = await applyStatementTx(tx, deps, orgId, stmt, statementRowId, debtorAccountId);
    if (!applied.ok) return applied;
    return ok({ duplicate: false, checks, ...applied.value });
  });
}

/** What one fetch did: files processed and set aside (with why). */
export interface FetchReport {
  processed: number;
  failed: { name: string; reason: string }[];
}

/**
 * Reads the bank's new files for `orgId` from the stored cursor: status reports are applied; statements and
 * notifications are applied when their account is one of the organisation's debtor accounts. A file that cannot be
 * read or belongs to nobody is set aside with its reason (file exchange: moved to error/), never silently dropped.
 */
export async function fetchBankFiles(deps: BankDeps, orgId: string, connectorName: string, maxPages = 20): Promise<FetchReport> {
  const report: FetchReport = { processed: 0, failed: [] };
  const accounts = new Map((await listDebtorAccounts(deps.db, orgId)).map((a) => {
    const s = openAccount(deps.box, a.accountEnc);
    return [(s.iban ?? s.accountNumber ?? '').toUpperCase(), a.id] as const;
  }));
  let cursor = await bankCursor(deps.db, orgId, connectorName);
  for (let page = 0; page < maxPages; page++) {
    const { files, cursor: next } = await deps.bank.incoming(cursor);
    for (const f of files) {
      let reason: string | undefined;
      try {
        if (f.kind === 'pain.002') {
          const r = await applyStatusReport(deps, orgId, await readStatusReport([f.xml]));
          if (!r.ok) reason = r.error.message;
        } else {
          for await (const stmt of readStatements([f.xml])) {
            const acct = (stmt.account.iban ?? stmt.account.other ?? '').toUpperCase();
            const accountId = accounts.get(acct);
            if (!accountId) {
              reason = `statement for an account that is not one of ${orgId}'s (${acct.slice(-4) ? `****${acct.slice(-4)}` : 'no account'})`;
              break;
            }
            const r = await importStatement(deps, orgId, accountId, stmt, f.name);
            if (!r.ok) reason = r.error.message;
          }
        }
      } catch (e) {
        reason = e instanceof Error ? e.message : String(e);
      }
      await deps.bank.done(f, reason ? 'failed' : 'processed', reason);
      if (reason) {
        report.failed.push({ name: f.name, reason });
        await appendAudit(deps.db, { orgId, actorId: 'job:bank', action: 'bank_file.set_aside', subjectType: 'bank_file', subjectId: f.name, after: { kind: f.kind, reason }, at: deps.clock.now() });
      } else report.processed++;
    }
    if (next === cursor || files.length === 0) {
      await saveBankCursor(deps.db, orgId, connectorName, next, deps.clock.now());
      break;
    }
    cursor = next;
    await saveBankCursor(deps.db, orgId, connectorName, cursor, deps.clock.now());
  }
  return report;
}
