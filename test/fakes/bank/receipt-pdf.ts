// A tiny, valid one-page PDF standing for a bank's e-receipt (电子回单): header, catalog, page, font, text stream and
// an xref table with correct byte offsets, so PDF readers and `file` accept it. ASCII text only (no CJK font).
import type { BookedTx } from './model.js';
import { isoDecimal } from './xml.js';

/** Escapes text for a PDF literal string and keeps it printable ASCII. */
const pdfText = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');

/** Shows only the last four digits of an account. */
const masked = (account: string) => `****${account.slice(-4)}`;

/** The receipt of one settled payment. */
export function receiptPdf(tx: BookedTx, bankRef: string): Uint8Array {
  const lines = [
    'Electronic payment receipt',
    `Reference: ${bankRef}`,
    `EndToEndId: ${tx.endToEndId}`,
    `Amount: ${tx.currency} ${isoDecimal(tx.amountMinor, tx.currency)}`,
    `Payee account: ${masked(tx.creditorAccount)}`,
    `Booked: ${tx.bookingDate}`,
  ];
  const stream = ['BT', '/F1 12 Tf', '72 760 Td', '16 TL', ...lines.map((l) => `(${pdfText(l)}) '`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}
