// The tree mapper the streaming entry reader replaced, kept as the oracle it is checked against: one `Ntry` element
// tree → an Entry, by plain lookups (`child`: first of a name, `all`/`first`: every one), easy to read and trust.
import type { CreditDebit, Entry, TxDetail } from '../../../../../domain/payment/statement.js';
import { readMoney } from '../../../../../src/integrations/bank/iso20022/read/amount.js';
// The CdtDbtInd checks and the NOTPROVIDED rule are shared: what this oracle checks is the reader's traversal.
import { creditDebit, NOT_PROVIDED, optionalCreditDebit } from '../../../../../src/integrations/bank/iso20022/read/camt-entry.js';
import { Iso20022ReadError } from '../../../../../src/integrations/bank/iso20022/read/read-error.js';
import { accountIdOf, all, child, codeOf, dateOf, first, ownText, text } from '../../../../../src/integrations/bank/iso20022/read/xml-node.js';
import type { XmlNode } from '../../../../../src/integrations/bank/iso20022/read/xml-tree.js';

/** Name under `Nm` (v02–v04) or `Pty/Nm` (v08+). */
function partyName(party: XmlNode | undefined): string | undefined {
  return text(party, 'Nm') ?? text(party, 'Pty', 'Nm');
}

/** Shared by every transaction without remittance lines: a 100,000-entry statement need not hold 200,000 empty arrays. */
const NONE: readonly string[] = Object.freeze([]);

/** Shared by every entry without `Btch`. */
const NO_BATCH: Entry['batch'] = Object.freeze({});

function texts(nodes: readonly XmlNode[]): readonly string[] {
  if (nodes.length === 0) return NONE;
  const out = nodes.map(ownText).filter((s) => s !== '');
  return out.length === 0 ? NONE : out;
}

/*
 * Objects are built with every key present (undefined when absent) so they share one shape: with 100,000 entries
 * held by readStatements, uniform small objects keep the statement well under the memory budget.
 */

function readTransaction(tx: XmlNode, entryDirection: CreditDebit, where: () => string): TxDetail {
  const refs = child(tx, 'Refs');
  const endToEnd = text(refs, 'EndToEndId');
  const amountNode = child(tx, 'Amt') ?? child(tx, 'AmtDtls', 'TxAmt', 'Amt');
  const direction = optionalCreditDebit(text(tx, 'CdtDbtInd'), where);
  // The counterparty of money in is the debtor; of money out, the creditor.
  const incoming = (direction ?? entryDirection) === 'CRDT';
  const parties = child(tx, 'RltdPties');
  const account = accountIdOf(child(parties, incoming ? 'DbtrAcct' : 'CdtrAcct'));
  return {
    endToEndId: endToEnd === undefined || endToEnd.toUpperCase() === NOT_PROVIDED ? undefined : endToEnd,
    instructionId: text(refs, 'InstrId'),
    pmtInfId: text(refs, 'PmtInfId'),
    msgId: text(refs, 'MsgId'),
    accountServicerRef: text(refs, 'AcctSvcrRef'),
    amount: amountNode ? readMoney(amountNode, () => `${where()} TxDtls amount`) : undefined,
    creditDebit: direction,
    counterparty: { name: partyName(child(parties, incoming ? 'Dbtr' : 'Cdtr')), account: account.iban ?? account.other },
    remittance: { unstructured: texts(all(tx, 'RmtInf', 'Ustrd')), references: texts(all(tx, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref')) },
    returnReason: codeOf(child(tx, 'RtrInf', 'Rsn')),
  };
}

/**
 * Maps an `Ntry` tree. `where` (e.g. "statement 2, entry 17", built only when needed) prefixes error messages.
 * Throws INVALID_VALUE for an entry without a readable amount or direction: silently dropping it would falsify
 * every total.
 */
export function readEntry(ntry: XmlNode, where: () => string): Entry {
  const amountNode = child(ntry, 'Amt');
  if (!amountNode) throw new Iso20022ReadError('INVALID_VALUE', `${where()}: Ntry without Amt`);
  const amount = readMoney(amountNode, () => `${where()} amount`);
  const direction = creditDebit(text(ntry, 'CdtDbtInd'), where);
  const reversal = text(ntry, 'RvslInd');
  const batch = first(ntry, 'NtryDtls', 'Btch');
  const nbOfTxs = text(batch, 'NbOfTxs');
  const txNodes = all(ntry, 'NtryDtls', 'TxDtls');
  return {
    amount,
    creditDebit: direction,
    reversal: reversal === 'true' || reversal === '1',
    status: codeOf(child(ntry, 'Sts')),
    bookingDate: dateOf(child(ntry, 'BookgDt')),
    valueDate: dateOf(child(ntry, 'ValDt')),
    entryRef: text(ntry, 'NtryRef'),
    accountServicerRef: text(ntry, 'AcctSvcrRef'),
    batch: batch
      ? { nbOfTxs: nbOfTxs !== undefined && /^\d+$/.test(nbOfTxs) ? Number(nbOfTxs) : undefined, pmtInfId: text(batch, 'PmtInfId'), msgId: text(batch, 'MsgId') }
      : NO_BATCH,
    transactions: txNodes.map((tx, i) => readTransaction(tx, direction, () => `${where()}, transaction ${i + 1}`)),
  };
}
