// A deterministic reader for Chinese e-invoice XML: the fully digitalised e-invoice (全面数字化的电子发票, 数电票: root
// <EInvoice>, TaxSupervisionInfo/InvoiceNumber, SellerInformation/SellerIdNum, BasicInformation/TotalAmWithoutTax …)
// and the older e-invoice's XML inside its OFD (Fpdm, Fphm, Kprq, Jym, Xfsbh, Hjje, Hjse, Jshj). Amounts are decimal
// strings turned into integer fen without floats. A field the file does not have stays absent: nothing is invented.
import { XMLParser } from 'fast-xml-parser';
import type { InvoiceData } from '../../../domain/invoice/index.js';

export type XmlInvoiceResult = { ok: true; invoice: Partial<InvoiceData> & Pick<InvoiceData, 'kind'> } | { ok: false; reason: string };

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, removeNSPrefix: true });

/** The first value of `tag` anywhere in the tree (depth first). */
function find(node: unknown, tag: string): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === tag && (typeof v === 'string' || typeof v === 'number')) return String(v).trim() || undefined;
    const inner = find(Array.isArray(v) ? v[0] : v, tag);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function findAll(node: unknown, tag: string, out: unknown[] = []): unknown[] {
  if (node === null || typeof node !== 'object') return out;
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === tag) out.push(...(Array.isArray(v) ? v : [v]));
    else for (const x of Array.isArray(v) ? v : [v]) findAll(x, tag, out);
  }
  return out;
}

/** "1234.5" → 123450 fen; more than two decimals, or not a number, → undefined. */
export function fen(decimal: string | undefined): number | undefined {
  if (decimal === undefined) return undefined;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(decimal.replace(/[,\s¥￥]/g, ''));
  if (!m) return undefined;
  const minor = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -minor : minor;
}

/** '2026-11-03 10:20:30', '2026年11月03日' or '20261103' → '2026-11-03'. */
function isoDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /^(\d{4})[-年/]?(\d{1,2})[-月/]?(\d{1,2})/.exec(s.trim());
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : undefined;
}

const money = (minor: number | undefined) => (minor === undefined ? undefined : { minor, currency: 'CNY' });

function vatTypeOf(label: string | undefined, digital: boolean): InvoiceData['vatType'] | undefined {
  if (!label) return undefined;
  const special = label.includes('专用');
  if (digital) return special ? 'fully_digital_special' : 'fully_digital_normal';
  return special ? 'electronic_special' : 'electronic_normal';
}

/** Reads an e-invoice XML file; anything else is refused with the reason. */
export function parseEInvoiceXml(xml: string): XmlInvoiceResult {
  let tree: unknown;
  try {
    tree = parser.parse(xml, true);
  } catch (e) {
    return { ok: false, reason: `not well-formed XML: ${(e as Error).message.split('\n')[0]}` };
  }
  const digital = find(tree, 'InvoiceNumber') !== undefined || find(tree, 'EIid') !== undefined;
  const legacy = find(tree, 'Fphm') !== undefined;
  if (!digital && !legacy) return { ok: false, reason: 'not a Chinese e-invoice XML (no InvoiceNumber/EIid nor Fphm element)' };
  const pick = (d: string, l: string) => (digital ? find(tree, d) : find(tree, l));
  const number = digital ? (find(tree, 'InvoiceNumber') ?? find(tree, 'EIid')) : find(tree, 'Fphm');
  const items = digital
    ? findAll(tree, 'IssuItemInformation').flatMap((it) => {
        const name = find(it, 'ItemName');
        const amount = fen(find(it, 'Amount'));
        const rate = find(it, 'TaxRate');
        return name !== undefined && amount !== undefined ? [{ name, amountMinor: amount, ...(rate ? { taxRate: rate } : {}) }] : [];
      })
    : [];
  const fields: Partial<InvoiceData> & Pick<InvoiceData, 'kind'> = { kind: 'vat' };
  const set = <K extends keyof InvoiceData>(k: K, v: InvoiceData[K] | undefined) => {
    if (v !== undefined) fields[k] = v;
  };
  set('vatType', vatTypeOf(find(tree, 'LabelName') ?? find(tree, 'InvoiceType') ?? (legacy ? '普通' : undefined), digital));
  set('code', legacy ? find(tree, 'Fpdm') : undefined);
  set('number', number);
  set('issueDate', isoDate(pick('IssueTime', 'Kprq') ?? find(tree, 'RequestTime')));
  set('sellerName', pick('SellerName', 'Xfmc'));
  set('sellerTaxId', pick('SellerIdNum', 'Xfsbh'));
  set('buyerName', pick('BuyerName', 'Gfmc'));
  set('buyerTaxId', pick('BuyerIdNum', 'Gfsbh'));
  set('amount', money(fen(pick('TotalAmWithoutTax', 'Hjje'))));
  set('tax', money(fen(pick('TotalTaxAm', 'Hjse'))));
  set('total', money(fen(pick('TotalTax-includedAmount', 'Jshj'))));
  set('checkCode', legacy ? find(tree, 'Jym') : undefined);
  if (items.length) set('items', items);
  if (!fields.number || !fields.total) return { ok: false, reason: 'the e-invoice has no invoice number or no total (价税合计)' };
  return { ok: true, invoice: fields };
}
