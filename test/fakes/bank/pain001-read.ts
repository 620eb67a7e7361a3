// The fake bank's reader of incoming pain.001 (v03 and v09): just what a bank needs to book and answer, read with
// fast-xml-parser by local names. Test code: the streaming readers live in src/integrations/bank/iso20022/.
import { XMLParser } from 'fast-xml-parser';
import { parseAmount } from '../../../domain/money/index.js';

export interface Pain001Tx {
  endToEndId: string;
  instrId?: string;
  amountMinor: number;
  currency: string;
  creditorName: string;
  creditorAccount: string;
  remittance?: string;
}

export interface Pain001Batch {
  pmtInfId: string;
  debtorAccount: string;
  requestedDate: string;
  txs: Pain001Tx[];
}

export interface Pain001 {
  msgId: string;
  nbOfTxs: number;
  batches: Pain001Batch[];
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'PmtInf' || name === 'CdtTrfTxInf' || name === 'Ustrd',
});

const node = (v: unknown): Node => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Node) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'object' && v !== null && typeof (v as Node)['#text'] === 'string' ? ((v as Node)['#text'] as string) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function accountOf(acct: unknown): string | undefined {
  const id = node(node(acct).Id);
  return text(id.IBAN) ?? text(node(id.Othr).Id);
}

/** Reads a pain.001 the bank has already validated against its XSD; reasons for what a schema cannot check. */
export function readPain001(xml: string): { ok: true; value: Pain001 } | { ok: false; reasons: string[] } {
  const root = node(node(node(parser.parse(xml) as unknown).Document).CstmrCdtTrfInitn);
  const grpHdr = node(root.GrpHdr);
  const reasons: string[] = [];
  const batches: Pain001Batch[] = list(root.PmtInf).map((p, bi) => {
    const pmtInf = node(p);
    const reqd = pmtInf.ReqdExctnDt;
    const txs = list(pmtInf.CdtTrfTxInf).map((t, ti) => {
      const tx = node(t);
      const amt = node(node(tx.Amt).InstdAmt);
      const currency = String(amt['@Ccy'] ?? '');
      const parsed = parseAmount(text(amt) ?? '', currency);
      if (!parsed.ok) reasons.push(`PmtInf[${bi}]/CdtTrfTxInf[${ti}]: amount not usable in ${currency}`);
      const ustrd = list(node(tx.RmtInf).Ustrd).map(text).filter((u): u is string => u !== undefined);
      return {
        endToEndId: text(node(tx.PmtId).EndToEndId) ?? '',
        instrId: text(node(tx.PmtId).InstrId),
        amountMinor: parsed.ok ? parsed.value.minor : 0,
        currency,
        creditorName: text(node(tx.Cdtr).Nm) ?? '',
        creditorAccount: accountOf(tx.CdtrAcct) ?? '',
        remittance: ustrd.length > 0 ? ustrd.join(' ') : undefined,
      };
    });
    return {
      pmtInfId: text(pmtInf.PmtInfId) ?? '',
      debtorAccount: accountOf(pmtInf.DbtrAcct) ?? '',
      // v03: <ReqdExctnDt>2026-12-07</…>; v09: <ReqdExctnDt><Dt>2026-12-07</Dt></…>.
      requestedDate: text(reqd) ?? text(node(reqd).Dt) ?? (text(node(reqd).DtTm) ?? '').slice(0, 10),
      txs,
    };
  });
  const msgId = text(grpHdr.MsgId) ?? '';
  const nbOfTxs = Number(text(grpHdr.NbOfTxs));
  const counted = batches.reduce((n, b) => n + b.txs.length, 0);
  if (nbOfTxs !== counted) reasons.push(`GrpHdr/NbOfTxs is ${nbOfTxs} but the file holds ${counted} transactions`);
  const ctrlSum = text(grpHdr.CtrlSum);
  const currencies = new Set(batches.flatMap((b) => b.txs.map((t) => t.currency)));
  if (ctrlSum !== undefined && currencies.size === 1) {
    const [currency] = [...currencies];
    const declared = parseAmount(ctrlSum, currency!);
    const total = batches.reduce((s, b) => s + b.txs.reduce((x, t) => x + t.amountMinor, 0), 0);
    if (!declared.ok || declared.value.minor !== total) reasons.push(`GrpHdr/CtrlSum ${ctrlSum} does not equal the sum of the transactions`);
  }
  const ids = batches.flatMap((b) => b.txs.map((t) => t.endToEndId));
  if (new Set(ids).size !== ids.length) reasons.push('an EndToEndId appears twice in the file');
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, value: { msgId, nbOfTxs, batches } };
}
