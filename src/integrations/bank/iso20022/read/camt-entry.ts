// One camt `Ntry`, as EntryReader read it → an Entry with its transactions, read leniently (real bank files break the XSD).
import type { CreditDebit, Entry, EntryStatus, TxDetail } from '../../../../../domain/payment/statement.js';
import { readMoney } from './amount.js';
import { B, E, T, type EntryFields, type TxFields } from './camt-entry-fields.js';
import { Iso20022ReadError } from './read-error.js';
import type { XmlNode } from './xml-tree.js';

/** Banks write NOTPROVIDED when the payer gave no end-to-end id: it identifies nothing, so it is dropped. */
export const NOT_PROVIDED = 'NOTPROVIDED';

export function creditDebit(value: string | undefined, where: () => string): CreditDebit {
  // The literals, not the text read: every line of a large statement then points at the same two strings.
  if (value === 'CRDT') return 'CRDT';
  if (value === 'DBIT') return 'DBIT';
  throw new Iso20022ReadError('INVALID_VALUE', `${where()}: CdtDbtInd ${JSON.stringify(value ?? '')} is neither CRDT nor DBIT`);
}

export function optionalCreditDebit(value: string | undefined, where: () => string): CreditDebit | undefined {
  return value === undefined ? undefined : creditDebit(value, where);
}

/** The status codes of the standard, as literals: one string for every entry that carries one. */
const STATUS_CODES: ReadonlyMap<string, EntryStatus> = new Map((['BOOK', 'PDNG', 'INFO', 'FUTR'] as const).map((c) => [c, c]));

/** The trimmed text of a value; undefined when the element is missing or blank (as `text()` reads a tree). */
function text(values: readonly (string | XmlNode | undefined)[] | undefined, index: number): string | undefined {
  const v = values?.[index];
  if (v === undefined) return undefined;
  const s = (typeof v === 'string' ? v : v.text).trim();
  return s === '' ? undefined : s;
}

function statusOf(code: string | undefined): EntryStatus | undefined {
  return code === undefined ? undefined : (STATUS_CODES.get(code) ?? code);
}

function node(values: readonly (string | XmlNode | undefined)[], index: number): XmlNode | undefined {
  const v = values[index];
  return typeof v === 'string' ? undefined : v;
}

/** Shared by every transaction without remittance lines: a 100,000-entry statement need not hold 200,000 empty arrays. */
const NONE: readonly string[] = Object.freeze([]);

/** Shared by every entry without `TxDtls`. */
const NO_TRANSACTIONS: readonly TxDetail[] = Object.freeze([]);

/** Shared by every entry without `Btch`. */
const NO_BATCH: Entry['batch'] = Object.freeze({});

function texts(values: readonly string[]): readonly string[] {
  let out: string[] | undefined;
  for (const value of values) {
    const s = value.trim();
    if (s === '') continue;
    if (out === undefined) out = [s];
    else out.push(s);
  }
  return out ?? NONE;
}

/*
 * Objects are built with every key present (undefined when absent) so they share one shape: with 100,000 entries
 * held by readStatements, uniform small objects keep the statement well under the memory budget.
 */

function readTransaction(tx: TxFields, entryDirection: CreditDebit, where: () => string): TxDetail {
  const v = tx.values;
  const endToEnd = text(v, T.EndToEndId);
  const amountNode = node(v, T.Amt) ?? node(v, T.TxAmt);
  const direction = optionalCreditDebit(text(v, T.CdtDbtInd), where);
  // The counterparty of money in is the debtor; of money out, the creditor.
  const incoming = (direction ?? entryDirection) === 'CRDT';
  const name = incoming ? text(v, T.DbtrNm) ?? text(v, T.DbtrPtyNm) : text(v, T.CdtrNm) ?? text(v, T.CdtrPtyNm);
  const account = incoming ? text(v, T.DbtrIban) ?? text(v, T.DbtrOthr) : text(v, T.CdtrIban) ?? text(v, T.CdtrOthr);
  return {
    endToEndId: endToEnd === undefined || (endToEnd.length === NOT_PROVIDED.length && endToEnd.toUpperCase() === NOT_PROVIDED) ? undefined : endToEnd,
    instructionId: text(v, T.InstrId),
    pmtInfId: text(v, T.PmtInfId),
    msgId: text(v, T.MsgId),
    accountServicerRef: text(v, T.AcctSvcrRef),
    amount: amountNode ? readMoney(amountNode, () => `${where()} TxDtls amount`) : undefined,
    creditDebit: direction,
    counterparty: { name, account },
    remittance: { unstructured: texts(tx.unstructured), references: texts(tx.references) },
    returnReason: text(v, T.RsnCd) ?? text(v, T.RsnPrtry) ?? text(v, T.Rsn),
  };
}

/**
 * Maps an `Ntry` as EntryReader read it. `where` (e.g. "statement 2, entry 17", built only when needed) prefixes
 * error messages. Throws INVALID_VALUE for an entry without a readable amount or direction: silently dropping it
 * would falsify every total.
 */
export function readEntry(fields: EntryFields, where: () => string): Entry {
  const v = fields.values;
  const amountNode = node(v, E.Amt);
  if (!amountNode) throw new Iso20022ReadError('INVALID_VALUE', `${where()}: Ntry without Amt`);
  const amount = readMoney(amountNode, () => `${where()} amount`);
  const direction = creditDebit(text(v, E.CdtDbtInd), where);
  const reversal = text(v, E.RvslInd);
  const batch = fields.batch;
  const nbOfTxs = text(batch, B.NbOfTxs);
  return {
    amount,
    creditDebit: direction,
    reversal: reversal === 'true' || reversal === '1',
    status: statusOf(text(v, E.StsCd) ?? text(v, E.StsPrtry) ?? text(v, E.Sts)),
    bookingDate: text(v, E.BookgDt) ?? text(v, E.BookgDtTm),
    valueDate: text(v, E.ValDt) ?? text(v, E.ValDtTm),
    entryRef: text(v, E.NtryRef),
    accountServicerRef: text(v, E.AcctSvcrRef),
    batch: batch
      ? { nbOfTxs: nbOfTxs !== undefined && /^\d+$/.test(nbOfTxs) ? Number(nbOfTxs) : undefined, pmtInfId: text(batch, B.PmtInfId), msgId: text(batch, B.MsgId) }
      : NO_BATCH,
    transactions: fields.transactions.length === 0 ? NO_TRANSACTIONS : fields.transactions.map((tx, i) => readTransaction(tx, direction, () => `${where()}, transaction ${i + 1}`)),
  };
}
