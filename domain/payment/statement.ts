// Bank statements and notifications as read from camt.053 / camt.054, and the integrity checks banks and auditors expect.
import { toDecimalString, type Money } from '../money/index.js';

/** The statement message a statement came from. */
export type StatementKind = 'camt.053' | 'camt.054';

/** Credit (money in) or debit (money out); `Ntry/Amt` is always positive and this gives the sign. */
export type CreditDebit = 'CRDT' | 'DBIT';

/** Entry status: BOOK (booked), PDNG (pending), INFO (information only); other codes are kept as written. */
export type EntryStatus = 'BOOK' | 'PDNG' | 'INFO' | (string & {});

/** A balance of the statement: signed (a debit balance is negative). */
export interface StatementBalance {
  /** Signed amount in the balance's currency. */
  readonly amount: Money;
  /** `Dt/Dt` (YYYY-MM-DD) or `Dt/DtTm` as written. */
  readonly date?: string;
  /** The balance type code the value came from (OPBD, PRCD, CLBD). */
  readonly code: string;
}

/** The account a statement reports on. */
export interface StatementAccount {
  readonly iban?: string;
  /** `Id/Othr/Id`: accounts without an IBAN (US, Lithuanian settlement accounts, Wise). */
  readonly other?: string;
  readonly currency?: string;
}

/** The other side of a transaction: the debtor of a credit, the creditor of a debit. */
export interface Counterparty {
  readonly name?: string;
  /** IBAN or `Othr/Id`. */
  readonly account?: string;
}

/** One transaction inside an entry (`NtryDtls/TxDtls`). */
export interface TxDetail {
  /** Undefined when absent or written NOTPROVIDED. */
  readonly endToEndId?: string;
  readonly instructionId?: string;
  readonly pmtInfId?: string;
  readonly msgId?: string;
  readonly accountServicerRef?: string;
  /** The transaction's own amount (`TxDtls/Amt`, else `AmtDtls/TxAmt/Amt`); always positive. */
  readonly amount?: Money;
  /** The transaction's own indicator: may differ from its entry's (netted bulk notifications). */
  readonly creditDebit?: CreditDebit;
  readonly counterparty: Counterparty;
  /** `Ustrd` lines kept whole (banks exceed the 140-character limit) and `Strd/CdtrRefInf/Ref` references. */
  readonly remittance: { readonly unstructured: readonly string[]; readonly references: readonly string[] };
  /** `RtrInf/Rsn/Cd` (or `Prtry`) of a returned payment. */
  readonly returnReason?: string;
}

/** One statement entry (`Ntry`). */
export interface Entry {
  /** Always positive; the direction is `creditDebit`. */
  readonly amount: Money;
  readonly creditDebit: CreditDebit;
  readonly reversal: boolean;
  /** Undefined when the bank left `Sts` out. */
  readonly status?: EntryStatus;
  readonly bookingDate?: string;
  readonly valueDate?: string;
  readonly entryRef?: string;
  /** The bank's unique reference: the dedupe key. */
  readonly accountServicerRef?: string;
  /** `NtryDtls/Btch`: `nbOfTxs` may be far larger than `transactions.length`. */
  readonly batch: { readonly nbOfTxs?: number; readonly pmtInfId?: string; readonly msgId?: string };
  readonly transactions: readonly TxDetail[];
}

/** A statement (camt.053 `Stmt`) or notification (camt.054 `Ntfctn`) without its entries. */
export interface StatementHeader {
  readonly kind: StatementKind;
  /** The message version from the namespace, e.g. 'camt.053.001.02'; just the kind when the namespace has none. */
  readonly version: string;
  /** `GrpHdr/MsgId`. */
  readonly messageId: string;
  /** `Stmt/Id` or `Ntfctn/Id`. */
  readonly statementId: string;
  readonly electronicSequence?: number;
  readonly legalSequence?: number;
  readonly createdAt?: string;
  readonly account: StatementAccount;
  /** OPBD, else PRCD; absent when the file has neither (OPAV-only statements, all camt.054). */
  readonly openingBalance?: StatementBalance;
  /** CLBD; absent when the file has none. */
  readonly closingBalance?: StatementBalance;
}

/** A statement with its entries. */
export interface BankStatement extends StatementHeader {
  readonly entries: readonly Entry[];
}

/** Codes of failed statement checks. */
export type StatementCheckCode = 'BALANCE_MISMATCH' | 'OPENING_NOT_PREVIOUS_CLOSING' | 'SEQUENCE_GAP';

/** One failed check, with the numbers in the message. */
export interface StatementCheckFailure {
  readonly code: StatementCheckCode;
  readonly message: string;
  readonly expected: number;
  readonly actual: number;
}

/**
 * True for entries that move the booked balance. Entries without `Sts` count as booked: some banks
 * (Lithuanian v08 statements) leave it out and their balances reconcile only with them.
 */
export function isBooked(entry: Entry): boolean {
  return entry.status === undefined || entry.status === 'BOOK';
}

/** The signed amount of an entry: credits positive, debits negative (a reversal is booked as its indicator says). */
export function signedMinor(entry: Entry): number {
  return entry.creditDebit === 'CRDT' ? entry.amount.minor : -entry.amount.minor;
}

/** Minor units as decimal text with the currency, e.g. "-33.06 EUR", for messages. */
function show(minor: number, currency: string): string {
  return `${toDecimalString({ minor, currency })} ${currency}`;
}

/** What the balance check needs of a statement's entries: the booked movement and count per currency. */
export interface BookedTotals {
  readonly byCurrency: Map<string, { movement: number; count: number }>;
  booked: number;
}

export const emptyTotals = (): BookedTotals => ({ byCurrency: new Map(), booked: 0 });

/** Adds one entry to `totals` (an entry not booked moves nothing): a streaming reader keeps these, not the entries. */
export function addToTotals(totals: BookedTotals, entry: Entry): void {
  if (!isBooked(entry)) return;
  totals.booked += 1;
  const t = totals.byCurrency.get(entry.amount.currency);
  if (t) {
    t.movement += signedMinor(entry);
    t.count += 1;
  } else totals.byCurrency.set(entry.amount.currency, { movement: signedMinor(entry), count: 1 });
}

export function bookedTotals(entries: readonly Entry[]): BookedTotals {
  const totals = emptyTotals();
  for (const e of entries) addToTotals(totals, e);
  return totals;
}

function balanceFailure(stmt: StatementHeader, totals: BookedTotals): StatementCheckFailure | undefined {
  const { openingBalance: opening, closingBalance: closing } = stmt;
  if (opening === undefined || closing === undefined) return undefined;
  const currency = opening.amount.currency;
  // An entry in another currency cannot be added without a rate; it is left out and named in the message.
  const same = totals.byCurrency.get(currency);
  const movement = same?.movement ?? 0;
  const skipped = totals.booked - (same?.count ?? 0);
  const expected = opening.amount.minor + movement;
  if (closing.amount.currency === currency && expected === closing.amount.minor) return undefined;
  const note = skipped > 0 ? `; ${skipped} booked entr${skipped === 1 ? 'y' : 'ies'} in another currency left out` : '';
  return {
    code: 'BALANCE_MISMATCH',
    message:
      `statement ${stmt.statementId}: opening ${show(opening.amount.minor, currency)} + booked entries ` +
      `${show(movement, currency)} = ${show(expected, currency)}, but closing is ` +
      `${show(closing.amount.minor, closing.amount.currency)}${note}`,
    expected,
    actual: closing.amount.minor,
  };
}

function sequenceFailure(label: string, statementId: string, previous: number | undefined, current: number | undefined): StatementCheckFailure | undefined {
  if (previous === undefined || current === undefined || current === previous + 1) return undefined;
  return {
    code: 'SEQUENCE_GAP',
    message: `statement ${statementId}: ${label} ${current} does not follow the previous ${previous} (expected ${previous + 1})`,
    expected: previous + 1,
    actual: current,
  };
}

/**
 * Integrity checks of one statement, optionally against the one before it for the same account:
 * BALANCE_MISMATCH when opening + booked credits − booked debits ≠ closing (only when both balances are present),
 * OPENING_NOT_PREVIOUS_CLOSING when this opening differs from the previous closing,
 * SEQUENCE_GAP when `ElctrncSeqNb` or `LglSeqNb` is not the previous one plus one.
 * An empty list means every applicable check passed.
 */
export function checkStatement(stmt: BankStatement, previous?: StatementHeader): readonly StatementCheckFailure[] {
  return checkStatementTotals(stmt, bookedTotals(stmt.entries), previous);
}

/** `checkStatement` of a statement read as a stream: its header and the totals of its entries. */
export function checkStatementTotals(stmt: StatementHeader, totals: BookedTotals, previous?: StatementHeader): readonly StatementCheckFailure[] {
  const failures: StatementCheckFailure[] = [];
  const balance = balanceFailure(stmt, totals);
  if (balance) failures.push(balance);
  if (previous) {
    const before = previous.closingBalance;
    const now = stmt.openingBalance;
    if (before && now && (before.amount.minor !== now.amount.minor || before.amount.currency !== now.amount.currency)) {
      failures.push({
        code: 'OPENING_NOT_PREVIOUS_CLOSING',
        message:
          `statement ${stmt.statementId}: opening ${show(now.amount.minor, now.amount.currency)} differs from the closing ` +
          `${show(before.amount.minor, before.amount.currency)} of statement ${previous.statementId}`,
        expected: before.amount.minor,
        actual: now.amount.minor,
      });
    }
    const electronic = sequenceFailure('electronic sequence number', stmt.statementId, previous.electronicSequence, stmt.electronicSequence);
    if (electronic) failures.push(electronic);
    const legal = sequenceFailure('legal sequence number', stmt.statementId, previous.legalSequence, stmt.legalSequence);
    if (legal) failures.push(legal);
  }
  return failures;
}
