// camt.054.001.02 debit/credit notifications: sent when a batch is booked (one Ntry per PmtInf) and when a payment
// comes back. Notifications carry no balances (camt.053 does).
import { accountXml, entryXml } from './camt-entry.js';
import type { AccountRecord, Entry } from './model.js';
import { isoDateTime, isoDocument } from './xml.js';

/** The XML of one notification for the entries of one account. */
export function writeCamt054(n: { id: string; createdAtMs: number; accountId: string; account: AccountRecord; entries: readonly Entry[] }): string {
  return isoDocument('camt.054.001.02', 'BkToCstmrDbtCdtNtfctn', {
    GrpHdr: { MsgId: n.id, CreDtTm: isoDateTime(n.createdAtMs) },
    Ntfctn: {
      Id: n.id,
      CreDtTm: isoDateTime(n.createdAtMs),
      Acct: accountXml(n.accountId, n.account),
      Ntry: n.entries.map(entryXml),
    },
  });
}
