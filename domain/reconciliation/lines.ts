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
  // No bank reference (AcctSvcrRef): no rule reads it and the line is not stored with it, and a large statement's
  // import holds every line until it is stored.
}

const dateOf = (e: Entry) => (e.bookingDate ?? e.valueDate)?.slice(0, 10);

/**
 * Gives back one copy of each value seen before. A statement repeats its booking days, its counterparties' names and
 * many of its amounts thousands of times, and the import holds every line until it is stored: one string or amount
 * each instead of one per line.
 */
export interface Share {
  text(s: string): string;
  money(m: Money): Money;
}

/** Keeps nothing shared: every line its own values (small statements, the CLI). */
const NOT_SHARED: Share = { text: (s) => s, money: (m) => m };

/** How many distinct values of a kind a statement's sharing remembers (each index of values seen costs what it saves). */
export const SHARED_LIMIT = 20_000;

/** The value kept under `key` in `m`, else `make()`'s, which is kept too while `m` holds fewer than `limit`. */
export function remembered<K, V>(m: Map<K, V>, key: K, make: () => V, limit = SHARED_LIMIT): V {
  const known = m.get(key);
  if (known !== undefined) return known;
  const v = make();
  if (m.size < limit) m.set(key, v);
  return v;
}

/**
 * A `Share` for the lines of one statement. It remembers at most `limit` values of each kind, so a statement whose
 * names or amounts are all different does not hold a second index of them.
 */
export function sharedValues(limit = SHARED_LIMIT): Share {
  const texts = new Map<string, string>();
  const amounts = new Map<string, Map<number, Money>>();
  let amountCount = 0;
  return {
    text: (s) => remembered(texts, s, () => s, limit),
    money(m) {
      let byMinor = amounts.get(m.currency);
      if (byMinor === undefined) amounts.set(m.currency, (byMinor = new Map()));
      const known = byMinor.get(m.minor);
      if (known !== undefined) return known;
      if (amountCount < limit) {
        byMinor.set(m.minor, m);
        amountCount++;
      }
      return m;
    },
  };
}

/** Shared by every line without texts or a counterparty. */
const NO_TEXTS: readonly string[] = Object.freeze([]);
const NO_COUNTERPARTY: Counterparty = Object.freeze({});

/** The remittance lines then the references; one of the transaction's own arrays when the other is empty. */
function textsOf(tx: TxDetail): readonly string[] {
  const { unstructured, references } = tx.remittance;
  if (references.length === 0) return unstructured;
  if (unstructured.length === 0) return references;
  return [...unstructured, ...references];
}

function counterpartyOf(tx: TxDetail, share: Share): Counterparty {
  const { name, account } = tx.counterparty;
  if (name === undefined && account === undefined) return NO_COUNTERPARTY;
  if (share === NOT_SHARED || name === undefined) return tx.counterparty;
  return account === undefined ? { name: share.text(name) } : { name: share.text(name), account };
}

function lineOf(e: Entry, entryIndex: number, tx: TxDetail | undefined, txIndex: number, single: boolean, share: Share): StatementLine {
  const amount = tx?.amount ?? (single ? e.amount : undefined);
  const batched = tx === undefined && ((e.batch.nbOfTxs ?? 0) > 1 || e.batch.pmtInfId !== undefined || e.batch.msgId !== undefined);
  const date = dateOf(e);
  return {
    ref: `${entryIndex + 1}.${txIndex + 1}`,
    entryIndex,
    txIndex,
    ...(amount ? { amount: share.money(amount) } : {}),
    creditDebit: tx?.creditDebit ?? e.creditDebit,
    ...(date ? { date: share.text(date) } : {}),
    ...(e.status !== undefined ? { status: e.status } : {}),
    reversal: e.reversal,
    ...(tx?.endToEndId ? { endToEndId: tx.endToEndId } : {}),
    counterparty: tx ? counterpartyOf(tx, share) : NO_COUNTERPARTY,
    texts: tx ? textsOf(tx) : NO_TEXTS,
    ...(tx?.returnReason ? { returnReason: tx.returnReason } : {}),
    ...(batched
      ? { batch: { ...(e.batch.nbOfTxs !== undefined ? { count: e.batch.nbOfTxs } : {}), ...(e.batch.pmtInfId ? { pmtInfId: e.batch.pmtInfId } : {}), ...(e.batch.msgId ? { msgId: e.batch.msgId } : {}) } }
      : {}),
  };
}

/**
 * The lines of one entry: one per transaction, or one for the entry when the bank gave no details. With `share`
 * (see `sharedValues`), repeated days, names and amounts are one value across the statement's lines.
 */
export function entryLines(e: Entry, entryIndex: number, share: Share = NOT_SHARED): StatementLine[] {
  if (e.transactions.length === 0) return [lineOf(e, entryIndex, undefined, 0, true, share)];
  const single = e.transactions.length === 1;
  return e.transactions.map((tx, t) => lineOf(e, entryIndex, tx, t, single, share));
}

/** Every line of a statement, in the statement's order. */
export function statementLines(statement: Pick<BankStatement, 'entries'>): StatementLine[] {
  const share = sharedValues();
  return statement.entries.flatMap((e, i) => entryLines(e, i, share));
}
