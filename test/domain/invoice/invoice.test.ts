import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { invoiceIdentityKeys, isCreditCode, validateInvoice, type InvoiceData } from '../../../domain/invoice/index.js';
import { fen, parseEInvoiceXml } from '../../../src/integrations/invoice/einvoice-xml.js';

const today = '2026-11-27';
const vat: InvoiceData = {
  kind: 'vat',
  code: '031002200111',
  number: '40213822',
  issueDate: '2026-11-20',
  sellerTaxId: '91310000MA1FL8XQ37',
  amount: { minor: 113_208, currency: 'CNY' },
  tax: { minor: 6_792, currency: 'CNY' },
  total: { minor: 120_000, currency: 'CNY' },
};

describe('validateInvoice', () => {
  it('accepts a consistent VAT invoice and normalises full-width digits', () => {
    const r = validateInvoice({ ...vat, number: '４０２１３８２２' }, today);
    expect(r.ok && r.value.number).toBe('40213822');
  });
  it.each([
    [{ ...vat, total: { minor: 120_001, currency: 'CNY' } }, 'invoice.total.minor'],
    [{ ...vat, issueDate: '2026-11-28' }, 'invoice.issueDate'],
    [{ ...vat, number: '123' }, 'invoice.number'],
    [{ ...vat, code: undefined }, 'invoice.code'],
    [{ ...vat, sellerTaxId: '91310000MA1FL8XQ38' }, 'invoice.sellerTaxId'],
    [{ ...vat, amount: { minor: 0, currency: 'CNY' }, total: { minor: 6_792, currency: 'CNY' } }, 'invoice.amount.minor'],
    [{ ...vat, tax: { minor: 6_792, currency: 'USD' } }, 'invoice.tax.currency'],
  ])('refuses %#, naming %s', (input, field) => {
    const r = validateInvoice(input, today);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.details?.field).toBe(field);
  });
  it('refuses an unsupported currency with its own code', () => {
    const r = validateInvoice({ kind: 'receipt', number: 'R1', issueDate: '2026-11-20', amount: { minor: 100, currency: 'XXX' }, total: { minor: 100, currency: 'XXX' } }, today);
    expect(!r.ok && r.error.code).toBe('MONEY.UNSUPPORTED_CURRENCY');
  });
  it('checks the unified social credit code check character', () => {
    expect(isCreditCode('91310000MA1FL8XQ37')).toBe(true);
    expect(isCreditCode('91310000MA1FL8XQ38')).toBe(false);
  });
});

describe('invoiceIdentityKeys', () => {
  it('gives code+number and seller+number+amount, so a copy typed without its code is still caught', () => {
    const keys = invoiceIdentityKeys(vat);
    expect(keys).toEqual(['vat:031002200111:40213822', 'sn:91310000MA1FL8XQ37:40213822:120000CNY']);
    const retyped = invoiceIdentityKeys({ ...vat, code: undefined });
    expect(retyped).toContain(keys[1]);
  });
  it('keys a fully digital invoice by its 20-digit number alone', () => {
    expect(invoiceIdentityKeys({ ...vat, code: undefined, number: '26312000000123456789' })[0]).toBe('vat::26312000000123456789');
  });
});

describe('e-invoice XML', () => {
  const file = (name: string) => readFileSync(new URL(`../../fixtures/einvoice/${name}`, import.meta.url), 'utf8');
  it('reads a fully digital invoice (数电票) without inventing fields', () => {
    const r = parseEInvoiceXml(file('fully-digital-normal.xml'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.invoice).toMatchObject({ kind: 'vat', vatType: 'fully_digital_normal', number: '26312000000123456789', issueDate: '2026-11-16', sellerTaxId: '91310000MA1FL8XQ37', amount: { minor: 8_302 }, tax: { minor: 498 }, total: { minor: 8_800, currency: 'CNY' } });
    expect(r.invoice.code).toBeUndefined();
    expect(r.invoice.checkCode).toBeUndefined();
    expect(validateInvoice(r.invoice, today).ok).toBe(true);
  });
  it('reads the older e-invoice XML (Fpdm/Fphm/Jshj)', () => {
    const r = parseEInvoiceXml(file('legacy-ofd-original.xml'));
    expect(r.ok && r.invoice).toMatchObject({ code: '031002200111', number: '40213822', issueDate: '2026-11-20', total: { minor: 120_000 }, checkCode: '12345678901234567890' });
  });
  it('refuses a file that is not an e-invoice, and malformed XML', () => {
    expect(parseEInvoiceXml(file('not-an-invoice.xml'))).toMatchObject({ ok: false });
    expect(parseEInvoiceXml('<EInvoice><InvoiceNumber>1</EInvoice>').ok).toBe(false);
  });
  it('turns decimal strings into fen without floats', () => {
    expect(fen('0.1')).toBe(10);
    expect(fen('1,234.56')).toBe(123_456);
    expect(fen('1.234')).toBeUndefined();
  });
});
