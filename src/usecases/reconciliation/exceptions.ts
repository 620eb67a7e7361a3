// The exceptions queue: what reconciliation could not explain, each with its reason — bank transactions nothing
// matched, statements whose checks failed, payments sent and not booked after `DEFAULT_UNSETTLED_DAYS`, the latest
// supplier statement's differences — and finance's
// decisions on a transaction: match it to payments by hand, book it as a fee, write it off with a reason, or mark it
// not ours. Finance only; each decision is one transaction, audited, and a line decided once is refused a second time.
import type { Db } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getPayment, type PaymentRow } from '../../../db/repos/payments.js';
import { decideStatementLine, getStatementLine, linesMatchingPayments, openStatementLines, paymentsUnsettledSince, statementsWithFailedChecks, type StatementLineRow } from '../../../db/repos/reconciliation.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { requireRole, type Actor } from '../authorise.js';
import { giveUpPayment } from '../payments/bank-answers.js';
import { settlePayments } from '../payments/payment-moves.js';
import { bookFeeVouchers } from '../payments/statement-import.js';
import { orgDate } from '../org-time.js';
import { command } from '../unit-of-work.js';
import { latestSupplierDifferences } from '../../../db/repos/supplier-settlements.js';

export const DEFAULT_UNSETTLED_DAYS = 3;

/** A bank transaction as the queue shows it (the counterparty account only by its last four characters). */
export function lineView(l: StatementLineRow) {
  return {
    statementId: l.statementId,
    ref: l.ref,
    amount: l.amountMinor !== null && l.currency ? { minor: l.amountMinor, currency: l.currency } : null,
    creditDebit: l.creditDebit,
    date: l.date,
    endToEndId: l.endToEndId,
    counterparty: { name: l.counterpartyName, accountLast4: l.counterpartyLast4 },
    texts: l.texts,
    returnReason: l.returnReason,
    state: l.state,
    paymentIds: l.paymentIds,
    /** What the rules proposed without being sure (open lines): payments, the rule, its confidence and why not automatic. */
    suggestions: l.state === 'open' ? (l.suggestions as { paymentIds: string[]; rule: string; confidence: number; reason: string }[]) : [],
    rule: l.rule,
    decidedBy: l.decidedBy,
    reason: l.reason,
    decidedAt: l.decidedAt?.toISOString() ?? null,
    version: l.version,
  };
}

/** Everything that needs a person, each with its reason. */
export async function exceptionsOf(deps: { db: Db; clock: Clock }, orgId: string, actor: Actor, unsettledDays = DEFAULT_UNSETTLED_DAYS) {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'viewing the reconciliation exceptions');
  if (!allowed.ok) return allowed;
  const before = new Date(deps.clock.now().getTime() - unsettledDays * 86_400_000);
  const [lines, checks, unsettled, supplier] = await Promise.all([openStatementLines(deps.db, orgId), statementsWithFailedChecks(deps.db, orgId), paymentsUnsettledSince(deps.db, orgId, before), latestSupplierDifferences(deps.db, orgId)]);
  return ok({
    lines: lines.map((l) => ({ ...lineView(l), reason: l.creditDebit === 'CRDT' ? 'money in that no payment of ours explains' : 'a debit that no payment of ours explains' })),
    statements: checks.map((s) => ({ id: s.id, kind: s.kind, statementId: s.statementId, checks: s.checks, importedAt: s.importedAt.toISOString(), reason: 'the statement’s checks failed' })),
    payments: unsettled.map((p) => ({ id: p.id, endToEndId: p.endToEndId, amount: { minor: p.amountMinor, currency: p.currency }, status: p.status, since: p.updatedAt.toISOString(), reason: `sent and not booked by the bank for more than ${unsettledDays} days` })),
    // The latest supplier statement's differences (unknown orders, amounts, duplicates…), to take up with the supplier.
    supplier: supplier.map((d) => ({
      supplier: d.supplier,
      month: d.month,
      statementId: d.statementId,
      kind: d.kind,
      lineNos: d.lineNos as number[],
      supplierOrderRef: d.supplierOrderRef,
      billed: d.billedMinor !== null && d.currency ? { minor: d.billedMinor, currency: d.currency } : null,
      expected: d.expectedMinor !== null && d.currency ? { minor: d.expectedMinor, currency: d.currency } : null,
      reason: (d.reason as { en: string }).en,
      reasonText: d.reason as { zh: string; en: string },
    })),
  });
}

export type LineDecision = { action: 'match'; paymentIds: readonly string[]; reason?: string } | { action: 'fee'; reason?: string } | { action: 'write_off'; reason: string } | { action: 'not_ours'; reason?: string };

const invalid = (message: string, details?: Record<string, unknown>) => err(domainError('RECONCILIATION.INVALID', message, details));

/**
 * Finance decides an open transaction. `match`: the payments must be this organisation's, in the line's currency,
 * not matched or settled already, and add up to the line's amount exactly (a debit pays them out: they are settled).
 * `fee`: a debit only. `write_off`: needs a reason. A line no longer open is RECONCILIATION.NOT_OPEN.
 */
export async function decideLine(deps: { db: Db; clock: Clock; ids: IdGenerator }, orgId: string, actor: Actor, statementId: string, ref: string, d: LineDecision): Promise<Result<ReturnType<typeof lineView>>> {
  const reason = d.reason?.trim();
  if (d.action === 'write_off' && !reason) return invalid('a write-off needs a reason');
  return command(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['finance'], 'deciding reconciliation exceptions');
    if (!allowed.ok) return allowed;
    const line = await getStatementLine(tx, orgId, statementId, ref, true);
    if (!line) return err(domainError('NOT_FOUND', `no bank transaction ${ref} in statement ${statementId}`));
    if (line.state !== 'open') return err(domainError('RECONCILIATION.NOT_OPEN', `transaction ${ref} of statement ${statementId} is already ${line.state}`, { state: line.state }));
    const now = deps.clock.now();
    const by = actor.id;
    const matched: PaymentRow[] = [];
    if (d.action === 'match') {
      const ids = [...new Set(d.paymentIds)];
      if (ids.length === 0) return invalid('name the payments this transaction settles');
      if (line.creditDebit !== 'DBIT' || line.amountMinor === null || !line.currency) return invalid('only a debit with an amount can settle payments');
      for (const id of ids) {
        const p = await getPayment(tx, orgId, id, true);
        if (!p) return err(domainError('NOT_FOUND', `no payment ${id}`));
        if (p.currency !== line.currency) return invalid(`payment ${id} is in ${p.currency}, the transaction in ${line.currency}`, { paymentId: id });
        if (!['planned', 'submitted', 'accepted'].includes(p.status)) return invalid(`payment ${id} is ${p.status}: it cannot be matched again`, { paymentId: id, status: p.status });
        matched.push(p);
      }
      const taken = await linesMatchingPayments(tx, orgId, ids);
      if (taken.length > 0) return invalid(`payment ${taken[0]!.paymentIds.find((x) => ids.includes(x))} is already matched to transaction ${taken[0]!.ref} of statement ${taken[0]!.statementId}`);
      const total = matched.reduce((s, p) => s + p.amountMinor, 0);
      if (total !== line.amountMinor) return invalid(`the payments add up to ${total}, the transaction is ${line.amountMinor} (minor units of ${line.currency})`, { paymentsMinor: total, lineMinor: line.amountMinor });
    }
    if (d.action === 'fee' && line.creditDebit !== 'DBIT') return invalid('only a debit can be a bank fee');
    const state = d.action === 'match' ? 'matched' : d.action === 'fee' ? 'fee' : d.action === 'write_off' ? 'written_off' : 'not_ours';
    const decided = await decideStatementLine(tx, orgId, line, { state, paymentIds: matched.map((p) => p.id), rule: 'manual', decidedBy: by, reason: reason ?? null, decidedAt: now });
    if (!decided) return err(domainError('RECONCILIATION.NOT_OPEN', `transaction ${ref} of statement ${statementId} was decided meanwhile`));
    const date = line.date ?? (await orgDate(tx, orgId, now));
    await settlePayments(tx, deps, orgId, matched.map((p) => ({ p, date })), line.debtorAccountId, now);
    if (state === 'fee') await bookFeeVouchers(tx, deps.ids, orgId, [{ statementRowId: statementId, ref, date, amount: { minor: line.amountMinor!, currency: line.currency! }, bankAccountId: line.debtorAccountId, text: (line.texts as string[])[0] ?? line.counterpartyName ?? undefined }], now);
    await appendAudit(tx, {
      orgId,
      actorId: by,
      action: `reconciliation.${d.action}`,
      subjectType: 'bank_statement_line',
      subjectId: `${statementId}/${ref}`,
      before: { state: 'open' },
      after: { state, ...(matched.length ? { paymentIds: matched.map((p) => p.id) } : {}), ...(reason ? { reason } : {}) },
      at: now,
    });
    return ok(lineView({ ...line, state, paymentIds: matched.map((p) => p.id), rule: 'manual', decidedBy: by, reason: reason ?? null, decidedAt: now, version: line.version + 1 }));
  });
}

/**
 * Finance gives up on a payment the bank took and has not booked (one the queue lists): it counts as refused, its
 * payable reopens for the next run, the books reverse its submission, the employee is told. A reason is required.
 */
export async function reopenPayment(deps: { db: Db; clock: Clock; ids: IdGenerator }, orgId: string, actor: Actor, paymentId: string, reason: string): Promise<Result<{ id: string; status: string }>> {
  if (!reason.trim()) return err(domainError('RECONCILIATION.INVALID', 'reason: say why the payment is given up (e.g. the bank confirmed it never arrived)', { field: 'reason' }));
  return command(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['finance'], 'reopening a payment’s payable');
    if (!allowed.ok) return allowed;
    const p = await getPayment(tx, orgId, paymentId, true);
    if (!p) return err(domainError('NOT_FOUND', `no payment ${paymentId}`));
    const now = deps.clock.now();
    if (!(await giveUpPayment(tx, deps, orgId, p, actor.id, reason.trim().slice(0, 500), await orgDate(tx, orgId, now), now))) {
      return err(domainError('RECONCILIATION.NOT_OPEN', `payment ${paymentId} is ${p.status}: only a payment on its way (submitted or accepted) can be given up`, { status: p.status }));
    }
    return ok({ id: p.id, status: 'rejected' });
  });
}
