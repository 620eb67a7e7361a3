// XML helpers of the fake bank: documents serialised by fast-xml-builder (the pain.001 writer's library; it escapes
// every text and attribute value, nothing is concatenated into markup), ISO amounts from minor units, ISO dates.
import XMLBuilder from 'fast-xml-builder';
import { toDecimalString } from '../../../domain/money/index.js';

/** An element tree: `@_name` attributes, `#text` text, arrays for repeated elements, undefined = element absent. */
export type XmlTree = { [name: string]: XmlTree | XmlTree[] | string | string[] | undefined };

// processEntities (the default, stated for the reader) escapes & < > ' " in text and attribute values.
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', textNodeName: '#text', processEntities: true, format: true, indentBy: '  ', suppressEmptyNode: false });

/** Drops absent (undefined) elements, so optional ISO elements can be written inline in a tree. */
function prune(v: XmlTree[string]): XmlTree[string] {
  if (Array.isArray(v)) return (v as (XmlTree | string)[]).map((x) => (typeof x === 'string' ? x : prune(x))) as XmlTree[] | string[];
  if (typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, prune(x)]));
}

/** `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:<schema>"><root>…</root></Document>` as UTF-8 text. */
export function isoDocument(schema: string, root: string, body: XmlTree): string {
  const doc = { '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, Document: { '@_xmlns': `urn:iso:std:iso:20022:tech:xsd:${schema}`, [root]: prune(body) } };
  return builder.build(doc) as string;
}

/** An ISO amount element: `<Amt Ccy="CNY">1280.50</Amt>`, from minor units (the currency's exponent decides the decimals). */
export function isoAmount(minor: number, currency: string): XmlTree {
  return { '@_Ccy': currency, '#text': toDecimalString({ minor, currency }) };
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
