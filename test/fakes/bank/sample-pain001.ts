// Builds pain.001.001.03 files for the bank tests (CNY domestic shape: accounts in Othr/Id, banks by CNAPS code).
// Test input only: the product's writer lives in src/integrations/bank/iso20022/.
import { isoAccount, isoAmount, isoDateTime, isoDecimal, isoDocument, type XmlTree } from './xml.js';

export interface SampleTx {
  endToEndId: string;
  amountMinor: number;
  creditorName: string;
  creditorAccount: string;
  /** CNAPS code (联行号) of the creditor's bank. */
  creditorBank?: string;
  remittance?: string;
}

export interface SampleBatch {
  pmtInfId: string;
  requestedDate: string;
  txs: SampleTx[];
}

export interface SamplePain001 {
  msgId: string;
  debtorName?: string;
  debtorAccount: string;
  currency?: string;
  createdAtMs?: number;
  batches: SampleBatch[];
}

const agent = (cnaps: string): XmlTree => ({ FinInstnId: { ClrSysMmbId: { ClrSysId: { Cd: 'CNAPS' }, MmbId: cnaps } } });

/** A schema-valid pain.001.001.03 with one PmtInf per batch; NbOfTxs and CtrlSum computed from the transactions. */
export function samplePain001(s: SamplePain001): string {
  const currency = s.currency ?? 'CNY';
  const sumOf = (txs: SampleTx[]) => txs.reduce((n, t) => n + t.amountMinor, 0);
  const all = s.batches.flatMap((b) => b.txs);
  return isoDocument('pain.001.001.03', 'CstmrCdtTrfInitn', {
    GrpHdr: {
      MsgId: s.msgId,
      CreDtTm: isoDateTime(s.createdAtMs ?? Date.UTC(2026, 11, 7, 2, 0, 0)),
      NbOfTxs: String(all.length),
      CtrlSum: isoDecimal(sumOf(all), currency),
      InitgPty: { Nm: s.debtorName ?? 'Demo Co Ltd' },
    },
    PmtInf: s.batches.map((b) => ({
      PmtInfId: b.pmtInfId,
      PmtMtd: 'TRF',
      BtchBookg: 'false',
      NbOfTxs: String(b.txs.length),
      CtrlSum: isoDecimal(sumOf(b.txs), currency),
      ReqdExctnDt: b.requestedDate,
      Dbtr: { Nm: s.debtorName ?? 'Demo Co Ltd' },
      DbtrAcct: isoAccount(s.debtorAccount, currency),
      DbtrAgt: agent('308584000013'),
      ChrgBr: 'SLEV',
      CdtTrfTxInf: b.txs.map((t) => ({
        PmtId: { InstrId: t.endToEndId, EndToEndId: t.endToEndId },
        Amt: { InstdAmt: isoAmount(t.amountMinor, currency) },
        CdtrAgt: agent(t.creditorBank ?? '102100099996'),
        Cdtr: { Nm: t.creditorName },
        CdtrAcct: isoAccount(t.creditorAccount),
        RmtInf: t.remittance === undefined ? undefined : { Ustrd: t.remittance },
      })),
    })),
  });
}
