// Receipts sent in chat, for the platform tests: e-invoice XML of a chosen number, amount and day (from the fixture),
// a tiny JPEG, a receipt store in a temporary folder, and what the database holds of an employee's receipts and lines.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { zipSync, strToU8 } from 'fflate';
import { rowsOf, type Db } from '../../db/database.js';
import { localReceiptStore, type ReceiptStore } from '../../src/integrations/storage/receipt-store.js';

const FIXTURE = readFileSync(new URL('../fixtures/einvoice/fully-digital-normal.xml', import.meta.url), 'utf8');

/** A fully digital invoice (数电票) XML: `number` 20 digits, `total` in fen (6% tax included), issued on `day`. */
export function einvoiceXml(o: { number: string; total: number; day: string; seller?: string }): Uint8Array {
  const tax = Math.round((o.total * 6) / 106);
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  const xml = FIXTURE.replaceAll('26312000000123456789', o.number)
    .replace('<TotalAmWithoutTax>83.02</TotalAmWithoutTax>', `<TotalAmWithoutTax>${yuan(o.total - tax)}</TotalAmWithoutTax>`)
    .replace('<TotalTaxAm>4.98</TotalTaxAm>', `<TotalTaxAm>${yuan(tax)}</TotalTaxAm>`)
    .replace('<TotalTax-includedAmount>88.00</TotalTax-includedAmount>', `<TotalTax-includedAmount>${yuan(o.total)}</TotalTax-includedAmount>`)
    .replace('<Amount>83.02</Amount>', `<Amount>${yuan(o.total - tax)}</Amount>`)
    .replace('<ComTaxAm>4.98</ComTaxAm>', `<ComTaxAm>${yuan(tax)}</ComTaxAm>`)
    .replaceAll('2026-11-16', o.day)
    .replace('上海锦江汽车服务有限公司', o.seller ?? '上海锦江汽车服务有限公司');
  return new TextEncoder().encode(xml);
}

/**
 * An e-invoice as OFD (GB/T 33190): a zip with OFD.xml whose DocInfo carries the invoice in CustomData (as older
 * e-invoices do), a page, and, with `attachXml`, the 数电票 XML under Doc_0/Attachs as the tax office attaches it.
 */
export function ofdBytes(o: { number: string; total: number; day: string; attachXml?: boolean; code?: string }): Uint8Array {
  const tax = Math.round((o.total * 6) / 106);
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  const [y, m, d] = o.day.split('-');
  const ofd =
    '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>' +
    `<ofd:DocID>f3b2c1d0e9a84b7c8d6e5f4a3b2c1d0e</ofd:DocID><ofd:Creator>税务局</ofd:Creator><ofd:CreationDate>${o.day}</ofd:CreationDate><ofd:CustomDatas>` +
    `<ofd:CustomData Name="发票代码">${o.code ?? '031001900111'}</ofd:CustomData><ofd:CustomData Name="发票号码">${o.number}</ofd:CustomData>` +
    `<ofd:CustomData Name="开票日期">${y}年${m}月${d}日</ofd:CustomData><ofd:CustomData Name="校验码">12345678901234567890</ofd:CustomData>` +
    `<ofd:CustomData Name="合计金额">${yuan(o.total - tax)}</ofd:CustomData><ofd:CustomData Name="合计税额">${yuan(tax)}</ofd:CustomData>` +
    '<ofd:CustomData Name="销售方纳税人识别号">91310000MA1FL8XQ3C</ofd:CustomData><ofd:CustomData Name="购买方纳税人识别号">91110000600037341L</ofd:CustomData>' +
    '</ofd:CustomDatas></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>';
  const files: Record<string, Uint8Array> = {
    'OFD.xml': strToU8(ofd),
    'Doc_0/Document.xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>'),
    'Doc_0/Pages/Page_0/Content.xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content/></ofd:Page>'),
  };
  if (o.attachXml) files['Doc_0/Attachs/original_invoice.xml'] = einvoiceXml({ number: o.number, total: o.total, day: o.day });
  return zipSync(files);
}

/** The smallest bytes a JPEG starts with, then padding: enough for the type to be sniffed. */
export function jpegBytes(size = 256): Uint8Array {
  const b = new Uint8Array(size);
  b.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
  return b;
}

/** A .docx is a zip: it starts with PK\x03\x04. */
export function docxBytes(): Uint8Array {
  return new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, ...new Array(64).fill(0)]);
}

export function tempReceiptStore(): ReceiptStore {
  return localReceiptStore(mkdtempSync(path.join(process.env.TMPDIR ?? tmpdir(), 'chat-receipts-')));
}

/** The chat receipts, receipt rows and lines of one employee (the organisation's only). */
export async function receiptState(db: Db, orgId: string, employeeId: string) {
  const chat = rowsOf<{ id: string; status: string; line_id: string | null; read_by: string; source_key: string; refusal: unknown }>(
    await db.execute(sql`SELECT id, status, line_id, read_by, source_key, refusal FROM chat_receipts WHERE org_id = ${orgId} AND employee_id = ${employeeId} ORDER BY created_at, id`),
  );
  const receipts = rowsOf<{ id: string; line_id: string }>(await db.execute(sql`SELECT r.id, r.line_id FROM receipts r JOIN expense_lines l ON l.org_id = r.org_id AND l.id = r.line_id WHERE r.org_id = ${orgId} AND l.employee_id = ${employeeId}`));
  const lines = rowsOf<{ id: string; status: string; amount_minor: number; date: string; invoice_id: string | null; source: string }>(
    await db.execute(sql`SELECT id, status, amount_minor, date, invoice_id, source FROM expense_lines WHERE org_id = ${orgId} AND employee_id = ${employeeId} ORDER BY created_at, id`),
  );
  return { chat, receipts, lines: lines.map((l) => ({ ...l, amount_minor: Number(l.amount_minor) })) };
}
