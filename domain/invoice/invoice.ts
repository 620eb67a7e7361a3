// Invoices on expense lines: Chinese VAT invoices (增值税发票, including fully digital 数电票) and foreign receipts — their
// fields, their checks, and the identity keys that find the same invoice claimed twice anywhere in the organisation.
import { z } from 'zod';
import { currencyExponent } from '../money/index.js';
import { domainError, err, ok, type Result } from '../shared/index.js';

const Money = z.object({ minor: z.number().int(), currency: z.string().regex(/^[A-Z]{3}$/, 'a 3-letter ISO 4217 code') });

export const InvoiceDataSchema = z.object({
  kind: z.enum(['vat', 'receipt']),
  /** 增值税专用发票 / 普通发票 / 电子专票 / 电子普票 / 数电专票 / 数电普票. */
  vatType: z.enum(['special', 'normal', 'electronic_special', 'electronic_normal', 'fully_digital_special', 'fully_digital_normal']).optional(),
  /** 发票代码: 10 or 12 digits; fully digital invoices have none. */
  code: z.string().optional(),
  /** 发票号码: 8 digits, or 20 for a fully digital invoice; any receipt number for a foreign receipt. */
  number: z.string().min(1, 'is required'),
  issueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
  sellerName: z.string().optional(),
  sellerTaxId: z.string().optional(),
  buyerName: z.string().optional(),
  buyerTaxId: z.string().optional(),
  /** 金额 (before tax). */
  amount: Money,
  /** 税额. */
  tax: Money.optional(),
  /** 价税合计. */
  total: Money,
  /** 校验码 (20 digits; often only the last 6 are printed). */
  checkCode: z.string().optional(),
  items: z.array(z.object({ name: z.string(), amountMinor: z.number().int(), taxRate: z.string().optional() })).optional(),
  merchant: z.string().optional(),
  country: z.string().optional(),
});
export type InvoiceData = z.infer<typeof InvoiceDataSchema>;

const bad = (field: string, message: string) => err(domainError('INVOICE.INVALID', `invoice.${field}: ${message}`, { field: `invoice.${field}` }));

/** Half-width, upper case, no spaces: the same invoice typed twice compares equal. */
export function normalise(s: string): string {
  return s
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .toUpperCase();
}

const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The 18-character unified social credit code (统一社会信用代码) with its GB 32100-2015 check character. */
export function isCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NP-RTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARS.indexOf(code[i]!) * CREDIT_CODE_WEIGHTS[i]!;
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31] === code[17];
}

/** A taxpayer id: a valid credit code, or a legacy 15/17/20-character tax registration number. */
const isTaxId = (id: string) => isCreditCode(id) || /^[0-9A-Z]{15}$|^[0-9A-Z]{17}$|^[0-9A-Z]{20}$/.test(id);

/**
 * Checks an invoice's fields: number and code formats, tax ids, a real issue date not after `today`, amounts above
 * zero in one supported currency, and for a VAT invoice total = amount + tax. INVOICE.INVALID names the field.
 */
export function validateInvoice(raw: unknown, today: string): Result<InvoiceData> {
  const parsed = InvoiceDataSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return bad(i.path.join('.') || '(body)', i.message);
  }
  const d: InvoiceData = { ...parsed.data, number: normalise(parsed.data.number), ...(parsed.data.code ? { code: normalise(parsed.data.code) } : {}) };
  const when = new Date(`${d.issueDate}T00:00:00Z`);
  if (Number.isNaN(when.getTime()) || when.toISOString().slice(0, 10) !== d.issueDate) return bad('issueDate', `'${d.issueDate}' is not a date`);
  if (d.issueDate > today) return bad('issueDate', `${d.issueDate} is in the future (today is ${today})`);
  const cur = d.total.currency;
  if (currencyExponent(cur) === undefined) return err(domainError('MONEY.UNSUPPORTED_CURRENCY', `invoice.total.currency: unsupported currency ${cur}`, { field: 'invoice.total.currency' }));
  for (const [f, m] of [['amount', d.amount], ['tax', d.tax], ['total', d.total]] as const) if (m && m.currency !== cur) return bad(`${f}.currency`, `is ${m.currency} but the total is in ${cur}`);
  if (d.total.minor <= 0) return bad('total.minor', 'must be greater than zero');
  if (d.amount.minor <= 0) return bad('amount.minor', 'must be greater than zero');
  if (d.kind === 'vat') {
    if (d.code !== undefined && d.code !== '' && !/^\d{10}$|^\d{12}$/.test(d.code)) return bad('code', 'a VAT invoice code has 10 or 12 digits');
    if (!/^\d{8}$|^\d{20}$/.test(d.number)) return bad('number', 'a VAT invoice number has 8 digits (20 for a fully digital invoice)');
    if (d.number.length === 8 && !d.code) return bad('code', 'an 8-digit invoice number needs its 10- or 12-digit invoice code');
    const tax = d.tax?.minor ?? 0;
    if (tax < 0) return bad('tax.minor', 'cannot be negative');
    if (d.amount.minor + tax !== d.total.minor) return bad('total.minor', `${d.total.minor} is not amount ${d.amount.minor} + tax ${tax}`);
    for (const f of ['sellerTaxId', 'buyerTaxId'] as const) {
      const v = d[f];
      if (v !== undefined && v !== '' && !isTaxId(normalise(v))) return bad(f, `'${v}' is not a valid taxpayer id (统一社会信用代码)`);
    }
    if (d.checkCode !== undefined && d.checkCode !== '' && !/^\d{6}$|^\d{20}$/.test(d.checkCode)) return bad('checkCode', 'a check code has 20 digits (or its last 6)');
  }
  return ok(d);
}

/**
 * The keys that identify an invoice organisation-wide. Two, because the same paper invoice may be typed with its
 * code and number once and with seller + number + amount (no code, e.g. read from a photo) another time:
 *  - `vat:<code>:<number>` (a fully digital invoice's 20-digit number is unique on its own: `vat::<number>`);
 *  - `sn:<seller tax id or name>:<number>:<total><currency>`;
 *  - a foreign receipt with a number: `rcpt:<merchant>:<number>:<date>:<total><currency>`.
 */
export function invoiceIdentityKeys(d: InvoiceData): string[] {
  const number = normalise(d.number);
  const total = `${d.total.minor}${d.total.currency}`;
  const seller = d.sellerTaxId ? normalise(d.sellerTaxId) : d.sellerName ? normalise(d.sellerName) : undefined;
  if (d.kind === 'vat') {
    const keys = [number.length === 20 ? `vat::${number}` : `vat:${normalise(d.code ?? '')}:${number}`];
    if (seller) keys.push(`sn:${seller}:${number}:${total}`);
    return keys;
  }
  const merchant = d.merchant ?? d.sellerName;
  return merchant ? [`rcpt:${normalise(merchant)}:${number}:${d.issueDate}:${total}`] : [`rcpt::${number}:${d.issueDate}:${total}`];
}
