// E-invoices as OFD (GB/T 33190 zips): read without a model, from the 数电票 XML attached inside or from OFD.xml's
// CustomData; a zip that is not an OFD, or one that would unpack to far more than an invoice, is refused with a reason.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createExtractor } from '../../src/integrations/invoice/extract.js';
import { looksLikeOfd, readOfdInvoice } from '../../src/integrations/invoice/ofd.js';
import { docxBytes, ofdBytes } from '../helpers/receipts.js';

describe('OFD e-invoices', () => {
  it('reads a 数电票 from the XML attached inside the OFD', () => {
    const r = readOfdInvoice(ofdBytes({ number: '26312000000100000077', total: 10_600, day: '2026-11-12', attachXml: true }));
    expect(r).toMatchObject({ ok: true, invoice: { kind: 'vat', number: '26312000000100000077', issueDate: '2026-11-12', total: { minor: 10_600, currency: 'CNY' }, tax: { minor: 600, currency: 'CNY' } } });
    // The attached XML is the tax office's record: its seller name is there, which CustomData does not carry.
    expect(r.ok && r.invoice.sellerName).toBe('上海锦江汽车服务有限公司');
  });

  it('reads an older e-invoice from OFD.xml CustomData, the total as amount + tax exactly', () => {
    const r = readOfdInvoice(ofdBytes({ number: '12345678', total: 31_800, day: '2026-11-03', code: '031001900222' }));
    expect(r).toEqual({
      ok: true,
      invoice: {
        kind: 'vat', code: '031001900222', number: '12345678', issueDate: '2026-11-03', checkCode: '12345678901234567890',
        amount: { minor: 30_000, currency: 'CNY' }, tax: { minor: 1_800, currency: 'CNY' }, total: { minor: 31_800, currency: 'CNY' },
        sellerTaxId: '91310000MA1FL8XQ3C', buyerTaxId: '91110000600037341L',
      },
    });
  });

  it('refuses a zip that is not an OFD, something that is not a zip, and a zip bomb', () => {
    expect(looksLikeOfd(docxBytes())).toBe(false);
    expect(readOfdInvoice(zipSync({ 'word/document.xml': strToU8('<w:document/>') }))).toEqual({ ok: false, reason: 'not an OFD file (no OFD.xml)' });
    expect(readOfdInvoice(new TextEncoder().encode('<EInvoice/>'))).toMatchObject({ ok: false });
    const bomb = zipSync({ 'OFD.xml': strToU8('<OFD/>'), 'Doc_0/Attachs/big.xml': new Uint8Array(5 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(readOfdInvoice(bomb)).toMatchObject({ ok: false, reason: expect.stringContaining('more than an invoice') });
  });

  it('is picked by the extractor from the bytes, whatever the declared type', async () => {
    const ofd = ofdBytes({ number: '26312000000100000078', total: 5_300, day: '2026-11-10', attachXml: true });
    const r = await createExtractor().extract({ bytes: ofd, contentType: 'application/octet-stream', filename: 'fapiao' });
    expect(r).toMatchObject({ ok: true, source: 'xml', invoice: { number: '26312000000100000078' } });
  });
});
