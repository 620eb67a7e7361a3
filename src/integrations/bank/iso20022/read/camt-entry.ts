// One camt `Ntry` element tree → an Entry with its transactions, read leniently (real bank files break the XSD).
import type { CreditDebit, Entry, TxDetail } from '../../../../../domain/payment/statement.js';
import { readMoney } from './amount.js';
import { Iso20022ReadError } from './read-error.js';
import { accountIdOf, all, child, codeOf, dateOf, text } from './xml-node.js';
import type { XmlNode } from './xml-tree.js';

/** Banks write NOTPROVIDED when the payer gave no end-to-end id: it identifies nothing, so it is dropped. */
const NOT_PROVIDED = 'NOTPROVIDED';

function creditDebit(value: string | undefined, where: string): CreditDebit {
  if (value === 'CRDT' || value === 'DBIT') return value;
  throw new Iso20022ReadError('INVALID_VALUE', `${where}: CdtDbtInd ${JSON.stringify(value ?? '')} is neither CRDT nor DBIT`);
}

function optionalCreditDebit(value: string | undefined, where: string): CreditDebit | undefined {
  return value === undefined ? undefined : creditDebit(value, where);
}

/** Name under `Nm` (v02–v04) or `Pty/Nm` (v08+). */
function partyName(party: XmlNode | undefined): string | undefined {
  return text(party, 'Nm') ?? text(party, 'Pty', 'Nm');
}

function readTransaction(tx: XmlNode, entryDirection: CreditDebit, where: string): TxDetail {
  const refs = child(tx, 'Refs');
  const endToEnd = text(refs, 'EndToEndId');
  const amountNode = child(tx, 'Amt') ?? child(tx, 'AmtDtls', 'TxAmt', 'Amt');
  const direction = optionalCreditDebit(text(tx, 'CdtDbtInd'), where);
  // The counterparty of money in is the debtor; of money out, the creditor.
  const incoming = (direction ?? entryDirection) === 'CRDT';
  const parties = child(tx, 'RltdPties');
  const party = child(parties, incoming ? 'Dbtr' : 'Cdtr');
  const account = accountIdOf(child(parties, incoming ? 'DbtrAcct' : 'CdtrAcct'));
  const name = partyName(party);
  const accountId = account.iban ?? account.other;
  const returnReason = codeOf(child(tx, 'RtrInf', 'Rsn'));
  const optional = {
    endToEndId: endToEnd === undefined || endToEnd.toUpperCase() === NOT_PROVIDED ? undefined : endToEnd,
    instructionId: text(refs, 'InstrId'),
    pmtInfId: text(refs, 'PmtInfId'),
    msgId: text(refs, 'MsgId'),
    accountServicerRef: text(refs, 'AcctSvcrRef'),
    amount: amountNode ? readMoney(amountNode, `${where} TxDtls amount`) : undefined,
    creditDebit: direction,
    returnReason,
  };
  return {
    ...dropUndefined(optional),
    counterparty: dropUndefined({ name, account: accountId }),
    remittance: {
      unstructured: all(tx, 'RmtInf', 'Ustrd').map((n) => n.text.trim()).filter((s) => s !== ''),
      references: all(tx, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref').map((n) => n.text.trim()).filter((s) => s !== ''),
    },
  };
}

/** Copies `o` without its undefined values (the domain types use optional keys, not undefined values). */
function dropUndefined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/**
 * Maps an `Ntry` tree. `where` (e.g. "statement 2, entry 17") prefixes error messages. Throws INVALID_VALUE for an
 * entry without a readable amount or direction: silently dropping it would falsify every total.
 */
export function readEntry(ntry: XmlNode, where: string): Entry {
  const amountNode = child(ntry, 'Amt');
  if (!amountNode) throw new Iso20022ReadError('INVALID_VALUE', `${where}: Ntry without Amt`);
  const amount = readMoney(amountNode, `${where} amount`);
  const direction = creditDebit(text(ntry, 'CdtDbtInd'), where);
  const reversal = text(ntry, 'RvslInd');
  const details = all(ntry, 'NtryDtls');
  const batch = all(ntry, 'NtryDtls', 'Btch')[0];
  const nbOfTxs = text(batch, 'NbOfTxs');
  const optional = {
    status: codeOf(child(ntry, 'Sts')),
    bookingDate: dateOf(child(ntry, 'BookgDt')),
    valueDate: dateOf(child(ntry, 'ValDt')),
    entryRef: text(ntry, 'NtryRef'),
    accountServicerRef: text(ntry, 'AcctSvcrRef'),
  };
  return {
    amount,
    creditDebit: direction,
    reversal: reversal === 'true' || reversal === '1',
    ...dropUndefined(optional),
    batch: dropUndefined({
      nbOfTxs: nbOfTxs !== undefined && /^\d+$/.test(nbOfTxs) ? Number(nbOfTxs) : undefined,
      pmtInfId: text(batch, 'PmtInfId'),
      msgId: text(batch, 'MsgId'),
    }),
    transactions: details.flatMap((d) => all(d, 'TxDtls')).map((tx, i) => readTransaction(tx, direction, `${where}, transaction ${i + 1}`)),
  };
}
