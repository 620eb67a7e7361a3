// One camt `Stmt` / `Ntfctn` element tree (its entries already detached) → the statement header with balances.
import type { StatementBalance, StatementHeader, StatementKind } from '../../../../../domain/payment/statement.js';
import { readMoney } from './amount.js';
import { accountIdOf, child, childrenNamed, codeOf, dateOf, text } from './xml-node.js';
import type { XmlNode } from './xml-tree.js';

/** Opening balance types in order of preference: OPBD is the booked opening; PRCD (previous closing) stands in for it. */
const OPENING_CODES = ['OPBD', 'PRCD'] as const;
/** Only the booked closing counts; CLAV (available) is a different figure. */
const CLOSING_CODES = ['CLBD'] as const;

function readBalance(bal: XmlNode, amountNode: XmlNode, code: string, where: string, accountCurrency: string | undefined): StatementBalance {
  const amount = readMoney(amountNode, () => `${where} balance ${code}`, accountCurrency);
  // A balance without CdtDbtInd is a credit (zero balances and some Lithuanian banks omit it).
  const debit = text(bal, 'CdtDbtInd') === 'DBIT';
  const date = dateOf(child(bal, 'Dt'));
  return { amount: debit ? { minor: amount.minor === 0 ? 0 : -amount.minor, currency: amount.currency } : amount, ...(date !== undefined && { date }), code };
}

function pickBalance(balances: readonly XmlNode[], codes: readonly string[], where: string, currency: string | undefined): StatementBalance | undefined {
  for (const code of codes) {
    const bal = balances.find((b) => codeOf(child(b, 'Tp', 'CdOrPrtry')) === code);
    const amountNode = child(bal, 'Amt');
    if (bal && amountNode) return readBalance(bal, amountNode, code, where, currency);
  }
  return undefined;
}

function sequence(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Reads the header of a statement or notification; `where` (e.g. "statement 1") prefixes error messages. */
export function readStatementHeader(stmt: XmlNode, kind: StatementKind, version: string, messageId: string, where: string): StatementHeader {
  const acct = child(stmt, 'Acct');
  const currency = text(acct, 'Ccy');
  const balances = childrenNamed(stmt, 'Bal');
  const opening = pickBalance(balances, OPENING_CODES, where, currency);
  const closing = pickBalance(balances, CLOSING_CODES, where, currency);
  const electronicSequence = sequence(text(stmt, 'ElctrncSeqNb'));
  const legalSequence = sequence(text(stmt, 'LglSeqNb'));
  const createdAt = text(stmt, 'CreDtTm');
  return {
    kind,
    version,
    messageId,
    statementId: text(stmt, 'Id') ?? '',
    ...(electronicSequence !== undefined && { electronicSequence }),
    ...(legalSequence !== undefined && { legalSequence }),
    ...(createdAt !== undefined && { createdAt }),
    account: { ...accountIdOf(acct), ...(currency !== undefined && { currency }) },
    ...(opening && { openingBalance: opening }),
    ...(closing && { closingBalance: closing }),
  };
}
