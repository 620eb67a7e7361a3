// pain.002.001.03 status reports as the fake bank sends them: group status ACCP / PART / RJCT / PDNG, and one
// TxInfAndSts per rejected transaction with its reason code.
import type { TxRejection } from './model.js';
import { isoDateTime, isoDocument, type XmlTree } from './xml.js';

export interface StatusReport {
  reportId: string;
  createdAtMs: number;
  orgnlMsgId: string;
  orgnlMsgNmId: string;
  orgnlNbOfTxs?: number;
  groupStatus: 'ACCP' | 'PART' | 'RJCT' | 'PDNG';
  /** Reasons for the whole file (a file-level rejection). */
  groupReasons?: { code: string; info?: string[] }[];
  rejections: TxRejection[];
}

const reason = (code: string, info?: string[]): XmlTree => ({ Rsn: { Cd: code }, AddtlInf: info?.map((i) => i.slice(0, 105)) });

/** The XML of one status report. */
export function writePain002(r: StatusReport): string {
  const byBatch = new Map<string, TxRejection[]>();
  for (const x of r.rejections) byBatch.set(x.pmtInfId, [...(byBatch.get(x.pmtInfId) ?? []), x]);
  return isoDocument('pain.002.001.03', 'CstmrPmtStsRpt', {
    GrpHdr: { MsgId: r.reportId, CreDtTm: isoDateTime(r.createdAtMs) },
    OrgnlGrpInfAndSts: {
      OrgnlMsgId: r.orgnlMsgId,
      OrgnlMsgNmId: r.orgnlMsgNmId,
      OrgnlNbOfTxs: r.orgnlNbOfTxs === undefined ? undefined : String(r.orgnlNbOfTxs),
      GrpSts: r.groupStatus,
      StsRsnInf: r.groupReasons?.map((g) => reason(g.code, g.info)),
    },
    OrgnlPmtInfAndSts: [...byBatch].map(([pmtInfId, txs]) => ({
      OrgnlPmtInfId: pmtInfId,
      TxInfAndSts: txs.map((t) => ({
        OrgnlInstrId: t.instrId,
        OrgnlEndToEndId: t.endToEndId,
        TxSts: 'RJCT',
        StsRsnInf: reason(t.reason),
      })),
    })),
  });
}
