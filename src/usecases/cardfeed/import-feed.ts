// Importing corporate card / payment transactions (a CSV file or a JSON push): new transactions are stored, matched to
// open expense lines (exact amount, date window, merchant similarity, same employee), and the unmatched ones become
// draft lines for their employee to confirm in chat. One transaction per import: each row is saved whole or not at all.
import { requireRole, type Actor } from '../authorise.js';
import { command } from '../unit-of-work.js';
import { addCalendarDays } from '../org-time.js';
import { ok, type Result } from '../../../domain/shared/index.js';
import type { Db } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { loadOrg } from '../../../db/repos/org.js';
import { existingTransactionIds, insertCardImport, insertCardTransactions, insertDraftLines, linkMatchedLines, openLinesForMatching } from '../../../db/repos/card-feeds.js';
import { matchTransactions, type CardTransaction, type FeedRowError, type MatchLine, type MatchTxn } from '../../../domain/cardfeed/index.js';
import type { Clock, IdGenerator } from '../../../domain/shared/index.js';
import { notifyMessage } from '../lifecycle/topics.js';

export interface ImportReport {
  importId: string;
  rows: number;
  accepted: number;
  duplicates: number;
  matched: number;
  drafted: number;
  unassigned: number;
  refunds: number;
  errors: FeedRowError[];
}

const CHUNK = 1000;
/** At most this many confirmation cards per employee per import; the rest wait in "my expenses". */
const CARDS_PER_EMPLOYEE = 20;

export async function importCardFeed(
  deps: { db: Db; clock: Clock; ids: IdGenerator },
  orgId: string,
  actor: Actor,
  feed: { provider: string; source: 'csv' | 'api'; rows: readonly CardTransaction[]; errors: readonly FeedRowError[] },
  opts: { dateWindowDays?: number } = {},
): Promise<Result<ImportReport>> {
  const window = opts.dateWindowDays ?? 3;
  const actorId = actor.id;
  return command<ImportReport>(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['finance'], 'importing a card feed');
    if (!allowed.ok) return allowed;
    const now = deps.clock.now();
    const importId = deps.ids.next('imp');
    const { employees } = await loadOrg(tx, orgId);
    const byRef = new Map<string, (typeof employees)[number]>();
    for (const e of employees) {
      byRef.set(e.id, e);
      if (e.email) byRef.set(e.email.toLowerCase(), e);
    }
    const errors: FeedRowError[] = [...feed.errors];

    // Transactions seen before (the provider resent a file) are skipped, not stored twice.
    const seen = await existingTransactionIds(tx, orgId, feed.provider, feed.rows.map((r) => r.externalId));
    const fresh = feed.rows.filter((r) => !seen.has(r.externalId));
    const employeeOf = (r: CardTransaction) => (r.employeeRef ? byRef.get(r.employeeRef.toLowerCase()) ?? byRef.get(r.employeeRef) : undefined);
    for (const [i, r] of feed.rows.entries())
      if (r.employeeRef && !employeeOf(r)) errors.push({ row: r.row ?? i + 1, field: 'employee', message: `no employee '${r.employeeRef}'; the transaction is kept unassigned` });

    const txnIds = fresh.map(() => deps.ids.next('ctx'));
    const spends = fresh.map((r, i) => ({ r, id: txnIds[i]!, emp: employeeOf(r) })).filter((x) => x.r.amount.minor > 0);
    let lines: MatchLine[] = [];
    if (spends.length > 0) {
      const dates = spends.map((s) => s.r.transactionDate).sort();
      lines = await openLinesForMatching(tx, orgId, addCalendarDays(dates[0]!, -window), addCalendarDays(dates[dates.length - 1]!, window));
    }
    const txns: MatchTxn[] = spends.map((s) => ({ id: s.id, ...(s.emp ? { employeeId: s.emp.id } : {}), amountMinor: s.r.amount.minor, currency: s.r.amount.currency, date: s.r.transactionDate, merchant: s.r.merchant }));
    const result = matchTransactions(txns, lines, { dateWindowDays: window });
    const matchOf = new Map(result.matches.map((m) => [m.txnId, m]));

    // Draft lines for unmatched spends of a known employee (company-paid: the card is the company's).
    const drafts: Parameters<typeof insertDraftLines>[1] = [];
    const draftOf = new Map<string, string>();
    for (const s of spends) {
      if (matchOf.has(s.id) || !s.emp) continue;
      const lineId = deps.ids.next('exl');
      draftOf.set(s.id, lineId);
      drafts.push({
        id: lineId,
        orgId,
        employeeId: s.emp.id,
        departmentId: s.emp.departmentId,
        category: 'other',
        amountMinor: s.r.amount.minor,
        currency: s.r.amount.currency,
        date: s.r.transactionDate,
        merchant: s.r.merchant,
        description: s.r.description ?? s.r.merchant,
        applicationId: null,
        source: 'card',
        sourceRef: `${feed.provider}:${s.r.externalId}`,
        paidBy: 'company',
        status: 'draft',
        cardTxnId: s.id,
        createdAt: now,
        updatedAt: now,
      });
    }
    await insertDraftLines(tx, drafts);

    const rows = fresh.map((r, i) => {
      const id = txnIds[i]!;
      const emp = employeeOf(r);
      const m = matchOf.get(id);
      const status = r.amount.minor <= 0 ? 'refund' : m ? 'matched' : draftOf.has(id) ? 'drafted' : 'unassigned';
      return {
        id,
        orgId,
        provider: feed.provider,
        externalId: r.externalId,
        importId,
        employeeId: emp?.id ?? null,
        cardLast4: r.cardLast4 ?? null,
        amountMinor: r.amount.minor,
        currency: r.amount.currency,
        txnDate: r.transactionDate,
        postedDate: r.postedDate,
        merchant: r.merchant,
        mcc: r.mcc ?? null,
        status,
        lineId: m?.lineId ?? draftOf.get(id) ?? null,
        matchScore: m ? Math.round(m.score * 100) : null,
        createdAt: now,
      };
    });
    await insertCardTransactions(tx, rows);
    await linkMatchedLines(tx, orgId, result.matches, now);

    const perEmployee = new Map<string, number>();
    const notices = drafts.flatMap((d) => {
      const n = (perEmployee.get(d.employeeId) ?? 0) + 1;
      perEmployee.set(d.employeeId, n);
      return n <= CARDS_PER_EMPLOYEE ? [notifyMessage(orgId, `confirm:${d.id}`, { kind: 'expense_confirm', employeeId: d.employeeId, lineId: d.id })] : [];
    });
    for (let i = 0; i < notices.length; i += CHUNK) await enqueue(tx, notices.slice(i, i + CHUNK));

    const report: ImportReport = {
      importId,
      rows: feed.rows.length + feed.errors.length,
      accepted: fresh.length,
      duplicates: feed.rows.length - fresh.length,
      matched: result.matches.length,
      drafted: drafts.length,
      unassigned: rows.filter((r) => r.status === 'unassigned').length,
      refunds: rows.filter((r) => r.status === 'refund').length,
      errors,
    };
    await insertCardImport(tx, { id: importId, orgId, provider: feed.provider, source: feed.source, rows: report.rows, accepted: report.accepted, duplicates: report.duplicates, matched: report.matched, drafted: report.drafted, errors, createdBy: actorId, createdAt: now });
    await appendAudit(tx, { orgId, actorId, action: 'cardfeed.import', subjectType: 'card_import', subjectId: importId, after: { ...report, errors: errors.length }, at: now });
    return ok(report);
  });
}
