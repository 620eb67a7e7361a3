// camt.053.001.02 daily statements: opening balance (the previous closing), the day's entries, closing balance,
// and ElctrncSeqNb increasing by one per statement of the account, so a reader can spot a missing day.
import { accountXml, balanceXml, entryXml, summaryXml } from './camt-entry.js';
import type { AccountRecord, Entry } from './model.js';
import { isoDateTime, isoDocument } from './xml.js';

export interface StatementInput {
  id: string;
  createdAtMs: number;
  date: string;
  seq: number;
  accountId: string;
  account: AccountRecord;
  openingMinor: number;
  closingMinor: number;
  entries: readonly Entry[];
}

/** The XML of one statement. */
export function writeCamt053(s: StatementInput): string {
  const ccy = s.account.currency;
  return isoDocument('camt.053.001.02', 'BkToCstmrStmt', {
    GrpHdr: { MsgId: s.id, CreDtTm: isoDateTime(s.createdAtMs) },
    Stmt: {
      Id: s.id,
      ElctrncSeqNb: String(s.seq),
      LglSeqNb: String(s.seq),
      CreDtTm: isoDateTime(s.createdAtMs),
      FrToDt: { FrDtTm: `${s.date}T00:00:00+08:00`, ToDtTm: `${s.date}T23:59:59+08:00` },
      Acct: accountXml(s.accountId, s.account),
      Bal: [balanceXml('OPBD', s.openingMinor, ccy, s.date), balanceXml('CLBD', s.closingMinor, ccy, s.date)],
      TxsSummry: summaryXml(s.entries, ccy),
      Ntry: s.entries.map(entryXml),
    },
  });
}
