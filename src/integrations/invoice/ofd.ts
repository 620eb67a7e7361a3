// Reading a Chinese e-invoice delivered as OFD (GB/T 33190, the fixed-layout format tax offices issue e-invoices in):
// a zip whose root OFD.xml names the document. The invoice's data is read deterministically, never from the page
// image: from the e-invoice XML attached inside (数电票 carry their original XML under Doc_N/Attachs), else from the
// CustomData entries of OFD.xml (发票号码, 开票日期, 合计金额, 合计税额 …). fflate opens the zip: small, pure JavaScript,
// maintained, and it runs wherever the service runs (Node and Workers alike).
import { unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import type { InvoiceData } from '../../../domain/invoice/index.js';
import { fen, parseEInvoiceXml, type XmlInvoiceResult } from './einvoice-xml.js';

/** Bounds on what is inflated: an invoice is a few hundred kilobytes; a zip bomb is refused, not unpacked. */
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;
const MAX_TOTAL_BYTES = 16 * 1024 * 1024;
const MAX_ENTRIES = 4_000;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OFD_NAME = new TextEncoder().encode('OFD.xml');

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** A zip naming an OFD.xml entry (names are stored in the clear in a zip's headers). */
export function looksLikeOfd(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b) && contains(bytes, OFD_NAME);
}

const attrs = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true, removeNSPrefix: true });

/** The CustomData name → value pairs of OFD.xml's DocInfo. */
function customData(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'CustomData') {
        for (const d of Array.isArray(v) ? v : [v]) {
          if (d && typeof d === 'object' && typeof (d as Record<string, unknown>)['@Name'] === 'string') {
            const value = (d as Record<string, unknown>)['#text'];
            if (value !== undefined && String(value).trim() !== '') out.set(String((d as Record<string, unknown>)['@Name']).trim(), String(value).trim());
          }
        }
      } else for (const x of Array.isArray(v) ? v : [v]) walk(x);
    }
  };
  walk(attrs.parse(xml));
  return out;
}

/** '2026年11月03日', '2026-11-03' or '20261103' → '2026-11-03'. */
function isoDate(s: string | undefined): string | undefined {
  const m = s === undefined ? null : /^(\d{4})[-年/.]?(\d{1,2})[-月/.]?(\d{1,2})/.exec(s);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : undefined;
}

/** The invoice from OFD.xml's CustomData, as the tax office's OFD carries it for older e-invoices. */
function fromCustomData(data: Map<string, string>): XmlInvoiceResult {
  const get = (...names: string[]) => names.map((n) => data.get(n)).find((v) => v !== undefined);
  const number = get('发票号码', 'InvoiceNo', 'InvoiceNumber');
  const amount = fen(get('合计金额', '金额', 'TotalAmount'));
  const tax = fen(get('合计税额', '税额', 'TotalTax'));
  const total = fen(get('价税合计', 'TotalTax-includedAmount')) ?? (amount !== undefined && tax !== undefined ? amount + tax : undefined);
  if (number === undefined || total === undefined) return { ok: false, reason: 'the OFD carries no e-invoice XML and no invoice number or total (发票号码, 合计金额 + 合计税额) in its CustomData' };
  const fields: Partial<InvoiceData> & Pick<InvoiceData, 'kind'> = { kind: 'vat', number, total: { minor: total, currency: 'CNY' } };
  const code = get('发票代码', 'InvoiceCode');
  if (code) fields.code = code;
  const issued = isoDate(get('开票日期', 'IssueDate'));
  if (issued) fields.issueDate = issued;
  if (amount !== undefined) fields.amount = { minor: amount, currency: 'CNY' };
  if (tax !== undefined) fields.tax = { minor: tax, currency: 'CNY' };
  const check = get('校验码', 'InvoiceCheckCode');
  if (check) fields.checkCode = check;
  const sellerTaxId = get('销售方纳税人识别号', '销售方识别号', 'SellerTaxID');
  if (sellerTaxId) fields.sellerTaxId = sellerTaxId;
  const buyerTaxId = get('购买方纳税人识别号', '购买方识别号', 'BuyerTaxID');
  if (buyerTaxId) fields.buyerTaxId = buyerTaxId;
  const seller = get('销售方名称', 'SellerName');
  if (seller) fields.sellerName = seller;
  const buyer = get('购买方名称', 'BuyerName');
  if (buyer) fields.buyerName = buyer;
  return { ok: true, invoice: fields };
}

/** Reads the invoice in an OFD file; anything else is refused with the reason. */
export function readOfdInvoice(bytes: Uint8Array): XmlInvoiceResult {
  if (!ZIP_MAGIC.every((b, i) => bytes[i] === b)) return { ok: false, reason: 'not an OFD file (not a zip container)' };
  let total = 0;
  let entries = 0;
  let tooBig: string | undefined;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        entries++;
        if (!/\.xml$/i.test(f.name)) return false;
        if (f.originalSize > MAX_ENTRY_BYTES || (total += f.originalSize) > MAX_TOTAL_BYTES || entries > MAX_ENTRIES) {
          tooBig ??= f.name;
          return false;
        }
        return true;
      },
    });
  } catch (e) {
    return { ok: false, reason: `not a readable OFD file: ${(e as Error).message}` };
  }
  if (tooBig !== undefined) return { ok: false, reason: `the OFD file unpacks to more than an invoice does (${tooBig}); it was not read` };
  const names = Object.keys(files);
  const root = names.find((n) => n.replace(/^\.?\//, '').toLowerCase() === 'ofd.xml');
  if (root === undefined) return { ok: false, reason: 'not an OFD file (no OFD.xml)' };
  const text = (n: string) => new TextDecoder('utf-8').decode(files[n]);
  // The e-invoice XML attached inside, original_invoice.xml first: it is the tax office's own record.
  const attached = names
    .filter((n) => n !== root && /attach|invoice/i.test(n))
    .sort((a, b) => Number(/original_invoice/i.test(b)) - Number(/original_invoice/i.test(a)));
  for (const n of attached) {
    const r = parseEInvoiceXml(text(n));
    if (r.ok) return r;
  }
  return fromCustomData(customData(text(root)));
}
