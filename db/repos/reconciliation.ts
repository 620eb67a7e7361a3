// Reconciliation's rows: the transactions of imported statements with what became of each, the payments a statement
// is matched against, and what the exceptions queue lists. Every function takes the organisation.
import { and, asc, eq, getTableColumns, inArray, lt, ne, sql } from 'drizzle-orm';
import { rowsOf, runStatement, type Executor, type PreparedWrite, type Statement } from '../database.js';
import { bankStatementLines, bankStatements, payments, reconciliationSettings } from '../schema/index.js';
import type { PaymentRow } from './payments.js';

export type StatementLineRow = typeof bankStatementLines.$inferSelect;

const INSERT_LINES: Statement = {
  name: 'bank_statement_lines_insert',
  text: `INSERT INTO bank_statement_lines (org_id, statement_id, ref, entry_index, tx_index, amount_minor, currency, credit_debit, booked, date, end_to_end_id,
                                        counterparty_name, counterparty_last4, texts, return_reason, state, payment_ids, suggestions, rule, decided_by, reason, decided_at)
         SELECT l.org_id, l.statement_id, l.ref, l.entry_index, l.tx_index, l.amount_minor, l.currency, l.credit_debit, l.booked, l.date, l.end_to_end_id,
                l.counterparty_name, l.counterparty_last4, l.texts, l.return_reason, l.state, l.payment_ids, coalesce(l.suggestions, '[]'::jsonb), l.rule, l.decided_by, l.reason, l.decided_at
           FROM jsonb_to_recordset($1::jsonb) AS l(org_id text, statement_id text, ref text, entry_index int, tx_index int, amount_minor bigint, currency text, credit_debit text, booked boolean,
                date text, end_to_end_id text, counterparty_name text, counterparty_last4 text, texts jsonb, return_reason text, state text, payment_ids text[], suggestions jsonb, rule text,
                decided_by text, reason text, decided_at timestamptz)
         ON CONFLICT DO NOTHING`,
};

/**
 * Stores statement lines (a line already stored stays as it is), in one statement over one JSON document whatever the
 * count: a 100,000-line statement built by drizzle cost a parameter per column per row, in 200 statements.
 */
export async function insertStatementLines(tx: Executor, rows: readonly (typeof bankStatementLines.$inferInsert)[]): Promise<void> {
  await statementLinesWrite(tx, rows)();
}

/** `insertStatementLines` prepared now (the document built) and run when called. */
export function statementLinesWrite(tx: Executor, rows: readonly (typeof bankStatementLines.$inferInsert)[]): PreparedWrite {
  if (rows.length === 0) return async () => undefined;
  const doc = rows.map((r) => ({
    org_id: r.orgId,
    statement_id: r.statementId,
    ref: r.ref,
    entry_index: r.entryIndex,
    tx_index: r.txIndex,
    amount_minor: r.amountMinor ?? null,
    currency: r.currency ?? null,
    credit_debit: r.creditDebit,
    booked: r.booked,
    date: r.date ?? null,
    end_to_end_id: r.endToEndId ?? null,
    counterparty_name: r.counterpartyName ?? null,
    counterparty_last4: r.counterpartyLast4 ?? null,
    texts: r.texts,
    return_reason: r.returnReason ?? null,
    state: r.state,
    payment_ids: r.paymentIds ?? [],
    suggestions: r.suggestions ?? [],
    rule: r.rule ?? null,
    decided_by: r.decidedBy ?? null,
    reason: r.reason ?? null,
    decided_at: r.decidedAt ? r.decidedAt.toISOString() : null,
  }));
  const params = [JSON.stringify(doc)];
  return async () => {
    await runStatement(tx, INSERT_LINES, params);
  };
}

/** What the rules need of a payment a statement may settle (the payee's name as the bank holds it included). */
export interface PaymentToMatch {
  id: string;
  endToEndId: string;
  amountMinor: number;
  currency: string;
  /** Its last move's day (YYYY-MM-DD, UTC). */
  movedOn: string;
  holderName: string | null;
  msgId: string;
  pmtInfId: string;
}

/**
 * The payments a statement's transactions may be: those carrying one of `endToEndIds`, those of the files named by
 * `batchRefs` (MsgId or PmtInfId), and every payment still on its way (planned, submitted, accepted); only what the
 * rules read, oldest first. One array parameter each (= ANY), not a parameter per id: a 100,000-entry statement has
 * more ids than the protocol's 65,535.
 *
 * Read through a cursor, `batch` rows at a time, in one snapshot as one query would: against 100,000 payments the
 * caller keeps each batch as it needs it, and the driver's rows for all of them are never held at once.
 * Inside a transaction only (a cursor lives until the transaction ends; it is closed when done).
 */
export async function* paymentsForMatching(tx: Executor, orgId: string, o: { endToEndIds: readonly string[]; batchRefs: readonly string[] }, batch = 5_000): AsyncGenerator<PaymentToMatch[]> {
  const conds = [sql`p.status IN ('planned', 'submitted', 'accepted')`];
  if (o.endToEndIds.length > 0) conds.push(sql`p.end_to_end_id = ANY(${sql.param([...o.endToEndIds])}::text[])`);
  if (o.batchRefs.length > 0) conds.push(sql`p.msg_id = ANY(${sql.param([...o.batchRefs])}::text[])`, sql`p.pmt_inf_id = ANY(${sql.param([...o.batchRefs])}::text[])`);
  await tx.execute(sql`
    DECLARE payments_for_matching NO SCROLL CURSOR FOR
    SELECT p.id, p.end_to_end_id AS "endToEndId", p.amount_minor::float8 AS "amountMinor", p.currency,
           to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "movedOn", y.holder_name AS "holderName", p.msg_id AS "msgId", p.pmt_inf_id AS "pmtInfId"
      FROM payments p LEFT JOIN payees y ON y.org_id = p.org_id AND y.id = p.payee_id
     WHERE p.org_id = ${orgId} AND (${sql.join(conds, sql` OR `)})
     ORDER BY p.created_at, p.id`);
  try {
    for (;;) {
      const rows = rowsOf<PaymentToMatch>(await tx.execute(sql.raw(`FETCH FORWARD ${Math.max(1, Math.floor(batch))} FROM payments_for_matching`)));
      if (rows.length > 0) yield rows;
      if (rows.length < batch) return;
    }
  } finally {
    await tx.execute(sql`CLOSE payments_for_matching`);
  }
}

/** Lines waiting for a person, oldest statement first. */
export async function openStatementLines(db: Executor, orgId: string, limit = 200): Promise<StatementLineRow[]> {
  return db
    .select()
    .from(bankStatementLines)
    .where(and(eq(bankStatementLines.orgId, orgId), eq(bankStatementLines.state, 'open')))
    .orderBy(asc(bankStatementLines.statementId), asc(bankStatementLines.entryIndex), asc(bankStatementLines.txIndex))
    .limit(limit);
}

/** One transaction, with the company account its statement is of. */
export async function getStatementLine(db: Executor, orgId: string, statementId: string, ref: string, lock = false): Promise<(StatementLineRow & { debtorAccountId: string }) | undefined> {
  const q = db
    .select({ ...getTableColumns(bankStatementLines), debtorAccountId: bankStatements.debtorAccountId })
    .from(bankStatementLines)
    .innerJoin(bankStatements, and(eq(bankStatements.orgId, bankStatementLines.orgId), eq(bankStatements.id, bankStatementLines.statementId)))
    .where(and(eq(bankStatementLines.orgId, orgId), eq(bankStatementLines.statementId, statementId), eq(bankStatementLines.ref, ref)));
  const [r] = await (lock ? q.for('update', { of: bankStatementLines }) : q);
  return r;
}

/** Records a person's decision on an open line; false when the line moved on meanwhile (another decision won). */
export async function decideStatementLine(
  tx: Executor,
  orgId: string,
  line: Pick<StatementLineRow, 'statementId' | 'ref' | 'version'>,
  set: Pick<StatementLineRow, 'state' | 'paymentIds' | 'rule' | 'decidedBy' | 'reason' | 'decidedAt'>,
): Promise<boolean> {
  const r = await tx
    .update(bankStatementLines)
    .set({ ...set, version: sql`${bankStatementLines.version} + 1` })
    .where(and(eq(bankStatementLines.orgId, orgId), eq(bankStatementLines.statementId, line.statementId), eq(bankStatementLines.ref, line.ref), eq(bankStatementLines.version, line.version), eq(bankStatementLines.state, 'open')))
    .returning({ ref: bankStatementLines.ref });
  return r.length === 1;
}

/** Payments a line was matched to (by any rule or person), of those named: a payment is matched once. */
export async function linesMatchingPayments(db: Executor, orgId: string, paymentIds: readonly string[]): Promise<StatementLineRow[]> {
  if (paymentIds.length === 0) return [];
  return db
    .select()
    .from(bankStatementLines)
    .where(and(eq(bankStatementLines.orgId, orgId), eq(bankStatementLines.state, 'matched'), sql`${bankStatementLines.paymentIds} && ${sql.param([...paymentIds])}::text[]`));
}

/** Payments sent and still not booked by the bank `before` (the exceptions queue's "not settled after N days"). */
export async function paymentsUnsettledSince(db: Executor, orgId: string, before: Date): Promise<PaymentRow[]> {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.orgId, orgId), inArray(payments.status, ['submitted', 'accepted']), lt(payments.updatedAt, before)))
    .orderBy(asc(payments.updatedAt))
    .limit(200);
}

/** Statements whose integrity checks failed. */
export async function statementsWithFailedChecks(db: Executor, orgId: string) {
  return db
    .select({ id: bankStatements.id, kind: bankStatements.kind, statementId: bankStatements.statementId, checks: bankStatements.checks, importedAt: bankStatements.importedAt })
    .from(bankStatements)
    .where(and(eq(bankStatements.orgId, orgId), ne(bankStatements.checks, sql`'[]'::jsonb`)))
    .orderBy(asc(bankStatements.importedAt))
    .limit(200);
}

export type ReconciliationSettingsRow = typeof reconciliationSettings.$inferSelect;

export async function getReconciliationSettings(db: Executor, orgId: string): Promise<ReconciliationSettingsRow | undefined> {
  const [r] = await db.select().from(reconciliationSettings).where(eq(reconciliationSettings.orgId, orgId));
  return r;
}

/** Stores the settings as version `version` (1 for the first); false when someone else saved meanwhile. */
export async function saveReconciliationSettings(tx: Executor, orgId: string, settings: unknown, version: number, by: string, now: Date): Promise<boolean> {
  if (version === 1) {
    const r = await tx.insert(reconciliationSettings).values({ orgId, settings, version, updatedBy: by, updatedAt: now }).onConflictDoNothing().returning({ v: reconciliationSettings.version });
    return r.length === 1;
  }
  const r = await tx
    .update(reconciliationSettings)
    .set({ settings, version, updatedBy: by, updatedAt: now })
    .where(and(eq(reconciliationSettings.orgId, orgId), eq(reconciliationSettings.version, version - 1)))
    .returning({ v: reconciliationSettings.version });
  return r.length === 1;
}

/** Transactions finance booked as fees or marked not ours by hand, newest first (what rule proposals learn from). */
export async function manualLineDecisions(db: Executor, orgId: string, limit = 500): Promise<StatementLineRow[]> {
  return db
    .select()
    .from(bankStatementLines)
    .where(and(eq(bankStatementLines.orgId, orgId), eq(bankStatementLines.rule, 'manual'), inArray(bankStatementLines.state, ['fee', 'not_ours'])))
    .orderBy(sql`${bankStatementLines.decidedAt} DESC NULLS LAST`)
    .limit(limit);
}

/** How many transactions of each state each company account's statements have (the reconciliation status page). */
export async function lineStatesByAccount(db: Executor, orgId: string): Promise<{ debtorAccountId: string; state: string; count: number }[]> {
  const rows = await db
    .select({ debtorAccountId: bankStatements.debtorAccountId, state: bankStatementLines.state, count: sql<number>`count(*)::int` })
    .from(bankStatementLines)
    .innerJoin(bankStatements, and(eq(bankStatements.orgId, bankStatementLines.orgId), eq(bankStatements.id, bankStatementLines.statementId)))
    .where(eq(bankStatementLines.orgId, orgId))
    .groupBy(bankStatements.debtorAccountId, bankStatementLines.state);
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** Payments still on their way (planned, submitted, accepted), oldest first: what a transaction can be matched to by hand. */
export async function paymentsInFlight(db: Executor, orgId: string, limit = 200): Promise<PaymentRow[]> {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.orgId, orgId), inArray(payments.status, ['planned', 'submitted', 'accepted'])))
    .orderBy(asc(payments.createdAt), asc(payments.id))
    .limit(limit);
}
