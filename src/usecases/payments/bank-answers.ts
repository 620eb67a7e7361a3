// What the bank says back about a released run, applied in one transaction each: status reports (accepted, rejected:
// the payable reopens and the employee is told why) and statements (stored once and checked; settled payments are
// paid, returns reopen), and the fetch that reads the bank's new files and sets aside what belongs to nothing.
import type { Db, Executor } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { bankCursor, getBankMessage, insertBankStatement, lastStatementOf, listDebtorAccounts, payablesByIds, payeesByIds, paymentsByEndToEnd, paymentsOfMessage, saveBankCursor, setPayablesStatus, setPaymentStatus, updateBankMessage, type PaymentRow } from '../../../db/repos/payments.js';
import { formatMoney } from '../../../domain/money/index.js';
import type { BankConnector } from '../../../domain/payment/bank.port.js';
import { accountAtFault, checkStatement, isBooked, paymentTransition, reasonText, type BankStatement, type PaymentStatus, type PaymentStatusReport, type StatementCheckFailure, type StatementHeader } from '../../../domain/payment/index.js';
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
type StatementDeps = Pick<BankDeps, 'clock' | 'ids'> & { bank?: Pick<BankConnector, 'servesReceipts'> };

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
async function move(tx: Executor, ids: IdGenerator, orgId: string, p: PaymentRow, to: PaymentStatus, reason: { code?: string; text?: string }, now: Date): Promise<boolean> {
  if (paymentTransition(p.status as PaymentStatus, to) !== 'apply') return false;
  await setPaymentStatus(tx, orgId, p.id, to, { code: reason.code ?? null, text: reason.text ?? null }, now);
  await appendAudit(tx, { orgId, actorId: 'job:bank', action: `payment.${to}`, subjectType: 'payment', subjectId: p.id, before: { status: p.status }, after: { status: to, endToEndId: p.endToEndId, ...(reason.code ? { reason: reason.code } : {}) }, at: now });
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
    for (const p of await paymentsOfMessage(tx, orgId, msg.msgId)) {
      const s = statusOf(report, p);
      if (s.status === 'RJCT') {
        if (await move(tx, deps.ids, orgId, p, 'rejected', s, now)) {
          rejected++;
          failed.push(p);
          await tell(tx, orgId, p, 'payment_rejected', s);
        }
      } else if (s.status && ACCEPTED.has(s.status)) {
        const from = p.status === 'planned' ? await move(tx, deps.ids, orgId, { ...p }, 'submitted', {}, now) : false;
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
 * Applies a statement or notification: a booked debit carrying a payment's EndToEndId (or a batch entry naming the
 * file's MsgId) settles it and the payable is paid; a credit that returns one (RtrInf, or a reversal) marks it
 * returned, reopens the payable and asks the employee to confirm or change their account (runs hold it until they
 * answer). Applying the same
 * statement again changes nothing.
 */
async function applyStatementTx(tx: Executor, deps: StatementDeps, orgId: string, stmt: BankStatement): Promise<Result<{ settled: number; returned: number }>> {
  const now = deps.clock.now();
  let settled = 0;
  let returned = 0;
  for (const entry of stmt.entries) {
    if (entry.status !== undefined && !isBooked(entry)) continue;
    const refs = entry.transactions.map((t) => t.endToEndId).filter((x): x is string => Boolean(x));
    let found = await paymentsByEndToEnd(tx, orgId, refs, true);
    // A batch booked as one entry without its transactions: the entry names the file.
    if (found.length === 0 && entry.batch.msgId && entry.creditDebit === 'DBIT') found = await paymentsOfMessage(tx, orgId, entry.batch.msgId);
    for (const p of found) {
      const t = entry.transactions.find((x) => x.endToEndId === p.endToEndId);
      const direction = t?.creditDebit ?? entry.creditDebit;
      const isReturn = Boolean(t?.returnReason) || (entry.reversal && direction === 'DBIT') || direction === 'CRDT';
      if (isReturn) {
        if (p.status !== 'settled') continue; // a return of something not yet settled waits for its debit first
        if (await move(tx, deps.ids, orgId, p, 'returned', { ...(t?.returnReason ? { code: t.returnReason } : {}) }, now)) {
          returned++;
          await reopen(tx, orgId, [p]);
          // The employee is asked on a card to confirm or change their account; until then runs hold the payable.
          await awaitPayee(tx, orgId, p, now);
        }
      } else {
        const path: PaymentStatus[] = p.status === 'planned' ? ['submitted', 'settled'] : ['settled'];
        let cur = p;
        let moved = false;
        for (const to of path) {
          moved = await move(tx, deps.ids, orgId, cur, to, {}, now);
          cur = { ...cur, status: to };
        }
        if (moved) {
          settled++;
          await setPayablesStatus(tx, orgId, [p.payableId], 'paid');
          await tell(tx, orgId, p, 'payment_settled');
          // The bank's e-receipt is fetched after the commit, through the outbox (retried until the bank has it).
          if (deps.bank?.servesReceipts) await enqueue(tx, [receiptMessage(orgId, p.id)]);
        }
      }
    }
  }
  return ok({ settled, returned });
}

/** What importing one statement did. */
export interface StatementImport {
  duplicate: boolean;
  checks: readonly StatementCheckFailure[];
  settled: number;
  returned: number;
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
    const stored = await insertBankStatement(tx, {
      id: deps.ids.next('bst'),
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
    if (!stored) return ok({ duplicate: true, checks: [], settled: 0, returned: 0 });
    await appendAudit(tx, { orgId, actorId: 'job:bank', action: checks.length ? 'bank_statement.check_failed' : 'bank_statement.imported', subjectType: 'bank_statement', subjectId: `${stmt.kind}:${stmt.statementId}`, after: { entries: entries.length, checks: checks.map((c) => ({ code: c.code, message: c.message })) }, at: now });
    const applied = await applyStatementTx(tx, deps, orgId, stmt);
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
