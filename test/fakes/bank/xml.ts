// XML helpers of the fake bank: documents built with xmlbuilder2 from plain objects (the library escapes; no string
// concatenation), ISO amounts from integer minor units, and ISO dates.
import { create } from 'xmlbuilder2';
import { toDecimalString } from '../../../domain/money/index.js';

/** An element tree as xmlbuilder2 takes it: `@name` attributes, `#` text, arrays for repeated elements, undefined = absent. */
export type XmlTree = { [name: string]: XmlTree | XmlTree[] | string | number | undefined };

/** `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:<schema>"><root>…</root></Document>` as UTF-8 text. */
export function isoDocument(schema: string, root: string, body: XmlTree): string {
  return create({ version: '1.0', encoding: 'UTF-8' }, { Document: { '@xmlns': `urn:iso:std:iso:20022:tech:xsd:${schema}`, [root]: body } }).end({ prettyPrint: true });
}

/** An ISO amount element: `<Amt Ccy="CNY">1280.50</Amt>`, from minor units (the currency's exponent decides the decimals). */
export function isoAmount(minor: number, currency: string): XmlTree {
  return { '@Ccy': currency, '#': toDecimalString({ minor, currency }) };
}

/** A plain decimal (CtrlSum, TtlAmt-like sums without a currency attribute). */
export function isoDecimal(minor: number, currency: string): string {
  return toDecimalString({ minor, currency });
}

/** A domestic account as ISO writes it when it is not an IBAN: `<Id><Othr><Id>6225…</Id></Othr></Id>`. */
export function isoAccount(account: string, currency?: string): XmlTree {
  return { Id: /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(account) ? { IBAN: account } : { Othr: { Id: account } }, Ccy: currency };
}

/** ISODateTime without milliseconds, in UTC. */
export function isoDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
