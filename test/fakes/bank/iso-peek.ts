// Test-side readers of what the fake bank sends: the few fields the tests assert on, from pain.002, camt.054 and
// camt.053, read by local names with fast-xml-parser.
import { XMLParser } from 'fast-xml-parser';

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['OrgnlPmtInfAndSts', 'TxInfAndSts', 'Ntry', 'TxDtls', 'Bal', 'Stmt', 'Ntfctn', 'StsRsnInf'].includes(name),
});

const node = (v: unknown): Node => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Node) : {});
const arr = (v: unknown): Node[] => (Array.isArray(v) ? v.map(node) : v === undefined ? [] : [node(v)]);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof node(v)['#text'] === 'string' ? (node(v)['#text'] as string) : undefined);
/** Decimal text → minor units (2 decimals: the tests use CNY). */
const minor = (v: unknown): number => Math.round(Number(text(v) ?? 'NaN') * 100);

export interface PeekedStatus {
  orgnlMsgId: string;
  groupStatus: string;
  groupReasons: string[];
  rejected: { endToEndId: string; code: string }[];
}

/** GrpSts and the rejected transactions of a pain.002. */
export function peekPain002(xml: string): PeekedStatus {
  const r = node(node(node(parser.parse(xml)).Document).CstmrPmtStsRpt);
  const g = node(r.OrgnlGrpInfAndSts);
  return {
    orgnlMsgId: text(g.OrgnlMsgId) ?? '',
    groupStatus: text(g.GrpSts) ?? '',
    groupReasons: arr(g.StsRsnInf).map((s) => text(node(s.Rsn).Cd) ?? ''),
    rejected: arr(r.OrgnlPmtInfAndSts).flatMap((p) => arr(p.TxInfAndSts).map((t) => ({ endToEndId: text(t.OrgnlEndToEndId) ?? '', code: text(node(arr(t.StsRsnInf)[0]?.Rsn).Cd) ?? '' }))),
  };
}

export interface PeekedEntry {
  amountMinor: number;
  cdtDbt: string;
  reversal: boolean;
  status: string;
  bookingDate: string;
  acctSvcrRef: string;
  batch?: { msgId: string; pmtInfId: string; nbOfTxs: number };
  txs: { endToEndId: string; msgId?: string; pmtInfId?: string; amountMinor: number; returnReason?: string }[];
}

function peekEntry(n: Node): PeekedEntry {
  const dtls = node(n.NtryDtls);
  const btch = dtls.Btch === undefined ? undefined : node(dtls.Btch);
  return {
    amountMinor: minor(n.Amt),
    cdtDbt: text(n.CdtDbtInd) ?? '',
    reversal: text(n.RvslInd) === 'true',
    status: text(n.Sts) ?? '',
    bookingDate: text(node(n.BookgDt).Dt) ?? '',
    acctSvcrRef: text(n.AcctSvcrRef) ?? '',
    batch: btch && { msgId: text(btch.MsgId) ?? '', pmtInfId: text(btch.PmtInfId) ?? '', nbOfTxs: Number(text(btch.NbOfTxs)) },
    txs: arr(dtls.TxDtls).map((t) => ({
      endToEndId: text(node(t.Refs).EndToEndId) ?? '',
      msgId: text(node(t.Refs).MsgId),
      pmtInfId: text(node(t.Refs).PmtInfId),
      amountMinor: minor(node(node(t.AmtDtls).TxAmt).Amt),
      returnReason: text(node(node(t.RtrInf).Rsn).Cd),
    })),
  };
}

/** The entries of a camt.054. */
export function peekCamt054(xml: string): PeekedEntry[] {
  const d = node(node(node(parser.parse(xml)).Document).BkToCstmrDbtCdtNtfctn);
  return arr(d.Ntfctn).flatMap((n) => arr(n.Ntry).map(peekEntry));
}

export interface PeekedStatement {
  seq: number;
  account: string;
  opening: number;
  closing: number;
  entries: PeekedEntry[];
}

/** The statements of a camt.053, balances signed (DBIT negative). */
export function peekCamt053(xml: string): PeekedStatement[] {
  const d = node(node(node(parser.parse(xml)).Document).BkToCstmrStmt);
  return arr(d.Stmt).map((s) => {
    const bal = (code: string) => {
      const b = arr(s.Bal).find((x) => text(node(node(x.Tp).CdOrPrtry).Cd) === code);
      return b ? minor(b.Amt) * (text(b.CdtDbtInd) === 'DBIT' ? -1 : 1) : Number.NaN;
    };
    return { seq: Number(text(s.ElctrncSeqNb)), account: text(node(node(node(s.Acct).Id).Othr).Id) ?? '', opening: bal('OPBD'), closing: bal('CLBD'), entries: arr(s.Ntry).map(peekEntry) };
  });
}
