// What reconciliation matches on the bank side: one line per transaction of a statement (`NtryDtls/TxDtls`), or per
// entry when the bank gave no details, named by position so a person (and the CLI contract) can point at it.
import type { Money } from '../money/index.js';
import type { BankStatement, Counterparty, CreditDebit, Entry, EntryStatus, TxDetail } from '../payment/statement.js';

/** One transaction of a statement, as the rules see it. */
export interface StatementLine {
  /** `<e>.<t>`: the 1-based position of the entry in its statement and of the transaction within it (`.1` without details). */
  readonly ref: string;
  readonly entryIndex: number;
  readonly txIndex: number;
  /** The transaction's amount; the entry's when it has one transaction or none; undefined when the bank gave none. */
  readonly amount?: Money;
  readonly creditDebit: CreditDebit;
  /** The booking date, else the value date (YYYY-MM-DD). */
  readonly date?: string;
  readonly status?: EntryStatus;
  /** The entry reverses an earlier one (`RvslInd`). */
  readonly reversal: boolean;
  readonly endToEndId?: string;
  readonly counterparty: Counterparty;
  /** Remittance text and references, in the order the bank wrote them. */
  readonly texts: readonly string[];
  /** `RtrInf/Rsn`: the line is a returned payment. */
  readonly returnReason?: string;
  /**
   * The entry books several payments at once and this line is all the bank said of them (no per-payment details):
   * how many (when given), and the batch's references.
   */
  readonly batch?: { readonly count?: number; readonly pmtInfId?: string; readonly msgId?: string };
  /** The bank's reference of the entry. */
  readonly bankRef?: string;
}

const dateOf = (e: Entry) => (e.bookingDate ?? e.valueDate)?.slice(0, 10);

function lineOf(e: Entry, entryIndex: number, tx: TxDetail | undefined, txIndex: number, single: boolean): StatementLine {
  const amount = tx?.amount ?? (single ? e.amount : undefined);
  const batched = tx === undefined && ((e.batch.nbOfTxs ?? 0) > 1 || e.batch.pmtInfId !== undefined || e.batch.msgId !== undefined);
  const date = dateOf(e);
  return {
    ref: `${entryIndex + 1}.${txIndex + 1}`,
    entryIndex,
    txIndex,
    ...(amount ? { amount } : {}),
    creditDebit: tx?.creditDebit ?? e.creditDebit,
    ...(date ? { date } : {}),
    ...(e.status !== undefined ? { status: e.status } : {}),
    reversal: e.reversal,
    ...(tx?.endToEndId ? { endToEndId: tx.endToEndId } : {}),
    counterparty: tx?.counterparty ?? {},
    texts: tx ? [...tx.remittance.unstructured, ...tx.remittance.references] : [],
    ...(tx?.returnReason ? { returnReason: tx.returnReason } : {}),
    ...(batched
      ? { batch: { ...(e.batch.nbOfTxs !== undefined ? { count: e.batch.nbOfTxs } : {}), ...(e.batch.pmtInfId ? { pmtInfId: e.batch.pmtInfId } : {}), ...(e.batch.msgId ? { msgId: e.batch.msgId } : {}) } }
      : {}),
    ...(tx?.accountServicerRef || e.accountServicerRef ? { bankRef: tx?.accountServicerRef ?? e.accountServicerRef } : {}),
  };
}

/** The lines of one entry: one per transaction, or one for the entry when the bank gave no details. */
export function entryLines(e: Entry, entryIndex: number): StatementLine[] {
  if (e.transactions.length === 0) return [lineOf(e, entryIndex, undefined, 0, true)];
  const single = e.transactions.length === 1;
  return e.transactions.map((tx, t) => lineOf(e, entryIndex, tx, t, single));
}

/** Every line of a statement, in the statement's order. */
export function statementLines(statement: Pick<BankStatement, 'entries'>): StatementLine[] {
  return statement.entries.flatMap((e, i) => entryLines(e, i));
}
