// What the bank says back about a released run, applied in one transaction each: status reports (accepted, rejected:
// the payable reopens and the employee is told why), a payment finance gives up on, and the fetch that reads the
// bank's new files (statements go to statement-import.ts) and sets aside what belongs to nothing.
import type { Db, Executor } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { bankCursor, getBankMessage, listDebtorAccounts, paymentsOfMessage, saveBankCursor, updateBankMessage, type PaymentRow } from '../../../db/repos/payments.js';
import { bookPaymentVoucher, bookPaymentVouchers } from '../vouchers/book.js';
import { orgDate } from '../org-time.js';
import type { BankConnector } from '../../../domain/payment/bank.port.js';
import type { PaymentStatusReport } from '../../../domain/payment/index.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import type { BankProfile } from '../../integrations/bank/iso20022/bank-profile.js';
import { readStatusReport } from '../../integrations/bank/iso20022/read/index.js';
import type { SecretBox } from '../../secrets.js';
import { command } from '../unit-of-work.js';
import { openAccount } from './account-box.js';
import { movePaymentsTo, reopen, tellPayees, type MoveReason } from './payment-moves.js';
import { importStatement, statementsForImport } from './statement-import.js';
import type { Metrics } from '../../observability/metrics.js';

export interface BankDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  box: SecretBox;
  bank: BankConnector;
  profile: BankProfile;
  /** Counts files built and sent (the instance's metrics, when METRICS_TOKEN is set). */
  metrics?: Metrics | undefined;
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

/**
 * Applies a pain.002: rejected payments reopen their payable and the employee is told why; accepted ones wait for the
 * statement. A report for a message we never sent is an error (the file is set aside), never silently dropped.
 */
export function applyStatusReport(deps: Pick<BankDeps, 'db' | 'clock' | 'ids'>, orgId: string, report: PaymentStatusReport): Promise<Result<{ accepted: number; rejected: number }>> {
  return command(deps.db, async (tx) => {
    const msg = await getBankMessage(tx, orgId, report.originalMessageId, true);
    if (!msg) return err(domainError('NOT_FOUND', `status report for unknown payment file ${report.originalMessageId}`, { msgId: report.originalMessageId }));
    const now = deps.clock.now();
    const refused: { p: PaymentRow; reason: MoveReason }[] = [];
    const taken: PaymentRow[] = [];
    for (const p of await paymentsOfMessage(tx, orgId, msg.msgId)) {
      const { status, ...reason } = statusOf(report, p);
      if (status === 'RJCT') refused.push({ p, reason });
      else if (status && ACCEPTED.has(status)) taken.push(p);
    }
    const today = refused.length > 0 || taken.some((p) => p.status === 'planned') ? await orgDate(tx, orgId, now) : '';
    // Refused: those taken by the bank before (their submission booked to money in transit) are reversed in the books.
    const reasonOf = new Map(refused.map((x) => [x.p.id, x.reason]));
    const wasSent = new Set(refused.filter(({ p }) => p.status === 'submitted' || p.status === 'accepted').map(({ p }) => p.id));
    const failed = await movePaymentsTo(tx, deps.ids, orgId, refused, 'rejected', now);
    await bookPaymentVouchers(tx, deps.ids, orgId, 'payment_rejected', failed.filter((p) => wasSent.has(p.id)).map((p) => ({ p, date: today })), msg.debtorAccountId, now);
    await tellPayees(tx, orgId, failed.map((p) => ({ p, reason: reasonOf.get(p.id)! })), 'payment_rejected');
    await reopen(tx, orgId, failed);
    // Accepted: a payment still planned was sent (booked to money in transit) before it was accepted.
    const sent = await movePaymentsTo(tx, deps.ids, orgId, taken.filter((p) => p.status === 'planned').map((p) => ({ p })), 'submitted', now);
    await bookPaymentVouchers(tx, deps.ids, orgId, 'payment_submitted', sent.map((p) => ({ p, date: today })), msg.debtorAccountId, now);
    const sentIds = new Set(sent.map((p) => p.id));
    const accepted = (await movePaymentsTo(tx, deps.ids, orgId, taken.map((p) => ({ p: sentIds.has(p.id) ? { ...p, status: 'submitted' } : p })), 'accepted', now)).length;
    const rejected = failed.length;
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
  const [moved] = await movePaymentsTo(tx, deps.ids, orgId, [{ p, reason: why }], 'rejected', now, actorId);
  if (!moved) return false;
  const msg = await getBankMessage(tx, orgId, p.msgId);
  await bookPaymentVoucher(tx, deps.ids, orgId, 'payment_rejected', p, date, msg?.debtorAccountId, now, 'MANUAL');
  await reopen(tx, orgId, [moved]);
  await tellPayees(tx, orgId, [{ p: moved, reason: why }], 'payment_rejected');
  return true;
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
          for await (const stmt of statementsForImport([f.xml])) {
            const acct = (stmt.header.account.iban ?? stmt.header.account.other ?? '').toUpperCase();
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
