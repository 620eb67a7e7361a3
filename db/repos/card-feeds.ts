// Card-feed imports: stored transactions, the open lines they may settle, and the links between the two.
import { sql } from 'drizzle-orm';
import type { MatchLine } from '../../domain/cardfeed/index.js';
import { rowsOf, type Executor } from '../database.js';
import { cardImports, cardTransactions, expenseLines } from '../schema/index.js';

const CHUNK = 1000;

/** The external ids among `ids` already imported from this provider. */
export async function existingTransactionIds(tx: Executor, orgId: string, provider: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await tx.execute(sql`SELECT external_id FROM card_transactions WHERE org_id = ${orgId} AND provider = ${provider} AND external_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`);
  return new Set(rowsOf<{ external_id: string }>(r).map((x) => x.external_id));
}

/** Lines a transaction may settle: not yet matched to a card transaction, not dismissed or reimbursed, in the date range. */
export async function openLinesForMatching(tx: Executor, orgId: string, from: string, to: string): Promise<MatchLine[]> {
  const r = await tx.execute(sql`
    SELECT id, employee_id, amount_minor, currency, date, merchant FROM expense_lines
     WHERE org_id = ${orgId} AND card_txn_id IS NULL AND status IN ('draft', 'open', 'claimed') AND date BETWEEN ${from} AND ${to}`);
  return rowsOf<{ id: string; employee_id: string; amount_minor: number | string; currency: string; date: string; merchant: string | null }>(r).map((l) => ({
    id: l.id,
    employeeId: l.employee_id,
    amountMinor: Number(l.amount_minor),
    currency: l.currency,
    date: l.date,
    ...(l.merchant ? { merchant: l.merchant } : {}),
  }));
}

/** Inserts draft lines made from unmatched transactions, in chunks (a repeat is ignored). */
export async function insertDraftLines(tx: Executor, rows: (typeof expenseLines.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(expenseLines).values(rows.slice(i, i + CHUNK)).onConflictDoNothing();
}

/** Inserts imported transactions, in chunks (a resent external id is ignored). */
export async function insertCardTransactions(tx: Executor, rows: (typeof cardTransactions.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(cardTransactions).values(rows.slice(i, i + CHUNK)).onConflictDoNothing();
}

export async function insertCardImport(tx: Executor, row: typeof cardImports.$inferInsert): Promise<void> {
  await tx.insert(cardImports).values(row);
}

/** Marks the matched lines of this organisation as settled by their transaction. */
export async function linkMatchedLines(tx: Executor, orgId: string, matches: readonly { txnId: string; lineId: string }[], now: Date): Promise<void> {
  for (let i = 0; i < matches.length; i += CHUNK) {
    const pairs = JSON.stringify(matches.slice(i, i + CHUNK).map((m) => [m.lineId, m.txnId]));
    await tx.execute(sql`
      UPDATE expense_lines l SET card_txn_id = p.txn, updated_at = ${now.toISOString()}::timestamptz, version = l.version + 1
        FROM (SELECT e->>0 AS line, e->>1 AS txn FROM jsonb_array_elements(${pairs}::jsonb) e) p
       WHERE l.org_id = ${orgId} AND l.id = p.line`);
  }
}
