// One statement entry (Ntry) as camt.053.001.02 and camt.054.001.02 share it: a paid batch is one DBIT entry with
// Btch and one TxDtls per payment; a returned payment is a CRDT entry whose TxDtls carries RtrInf.
import type { AccountRecord, Entry } from './model.js';
import { isoAccount, isoAmount, isoDecimal, type XmlTree } from './xml.js';

/** PMNT / ICDT (issued credit transfers) / DMCT (domestic) for a payment; RRTN (returned) for a return. */
const bankTxCode = (e: Entry): XmlTree => ({ Domn: { Cd: 'PMNT', Fmly: { Cd: 'ICDT', SubFmlyCd: e.kind === 'return' ? 'RRTN' : 'DMCT' } } });

/** The Ntry element of one booked entry. */
export function entryXml(e: Entry): XmlTree {
  return {
    NtryRef: e.acctSvcrRef,
    Amt: isoAmount(e.amountMinor, e.currency),
    CdtDbtInd: e.cdtDbt,
    RvslInd: e.reversal ? 'true' : undefined,
    Sts: 'BOOK',
    BookgDt: { Dt: e.bookingDate },
    ValDt: { Dt: e.bookingDate },
    AcctSvcrRef: e.acctSvcrRef,
    BkTxCd: bankTxCode(e),
    NtryDtls: {
      Btch: e.batch
        ? { MsgId: e.batch.msgId, PmtInfId: e.batch.pmtInfId, NbOfTxs: String(e.txs.length), TtlAmt: isoAmount(e.amountMinor, e.currency), CdtDbtInd: e.cdtDbt }
        : undefined,
      TxDtls: e.txs.map((t) => ({
        Refs: { MsgId: t.msgId, AcctSvcrRef: e.acctSvcrRef, PmtInfId: t.pmtInfId, InstrId: t.instrId, EndToEndId: t.endToEndId },
        AmtDtls: { TxAmt: { Amt: isoAmount(t.amountMinor, t.currency) } },
        RltdPties: { Cdtr: { Nm: t.creditorName }, CdtrAcct: isoAccount(t.creditorAccount) },
        RmtInf: t.remittance === undefined ? undefined : { Ustrd: t.remittance.slice(0, 140) },
        RtrInf: e.kind === 'return' && t.returned ? { Rsn: { Cd: t.returned.reason }, AddtlInf: 'returned by the beneficiary bank' } : undefined,
      })),
    },
  };
}

/** The Acct element of a statement or notification. */
export function accountXml(id: string, a: AccountRecord): XmlTree {
  return { ...isoAccount(id, a.currency), Ownr: { Nm: a.name } };
}

/** A balance (OPBD / CLBD); ISO amounts are unsigned, the sign is CdtDbtInd. */
export function balanceXml(code: 'OPBD' | 'CLBD', minor: number, currency: string, date: string): XmlTree {
  return { Tp: { CdOrPrtry: { Cd: code } }, Amt: isoAmount(Math.abs(minor), currency), CdtDbtInd: minor < 0 ? 'DBIT' : 'CRDT', Dt: { Dt: date } };
}

/** TxsSummry: counts and sums of credits and debits, so a reader can check the entries it read. */
export function summaryXml(entries: readonly Entry[], currency: string): XmlTree {
  const credits = entries.filter((e) => e.cdtDbt === 'CRDT');
  const debits = entries.filter((e) => e.cdtDbt === 'DBIT');
  const sum = (list: readonly Entry[]) => list.reduce((n, e) => n + e.amountMinor, 0);
  const net = sum(credits) - sum(debits);
  return {
    TtlNtries: { NbOfNtries: String(entries.length), Sum: isoDecimal(sum(entries), currency), TtlNetNtryAmt: isoDecimal(Math.abs(net), currency), CdtDbtInd: net < 0 ? 'DBIT' : 'CRDT' },
    TtlCdtNtries: { NbOfNtries: String(credits.length), Sum: isoDecimal(sum(credits), currency) },
    TtlDbtNtries: { NbOfNtries: String(debits.length), Sum: isoDecimal(sum(debits), currency) },
  };
}
