// Tells which ISO 20022 message a bank file holds from its head: the namespace when it is the ISO one, else the first
// element inside the root (national variants change the namespace, never the message element).
import type { BankFile } from '../../../domain/payment/bank.port.js';

/** How far into a file the root element and its first child must appear. */
const HEAD_CHARS = 8192;

const BY_NAMESPACE: Readonly<Record<string, BankFile['kind']>> = {
  'pain.002': 'pain.002',
  'camt.053': 'camt.053',
  'camt.054': 'camt.054',
};

const BY_MESSAGE_ELEMENT: Readonly<Record<string, BankFile['kind']>> = {
  CstmrPmtStsRpt: 'pain.002',
  BkToCstmrStmt: 'camt.053',
  BkToCstmrDbtCdtNtfctn: 'camt.054',
};

/** The kind of the message in `xml`, or undefined when it is none we read (camt.052, pain.001, not XML…). */
export function detectBankFileKind(xml: string): BankFile['kind'] | undefined {
  const head = xml.slice(0, HEAD_CHARS).replace(/<!--[\s\S]*?-->/g, '').replace(/<\?[\s\S]*?\?>/g, '');
  const ns = /xmlns(?::\w+)?\s*=\s*["']urn:iso:std:iso:20022:tech:xsd:(\w+\.\d{3})\.\d{3}\.\d{2}["']/.exec(head);
  if (ns) return BY_NAMESPACE[ns[1]!];
  // Root, then its first child element: <Document …><BkToCstmrStmt> (prefixes allowed).
  const elements = [...head.matchAll(/<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/g)].slice(0, 2).map((m) => m[2]!);
  return elements[0] === 'Document' && elements[1] !== undefined ? BY_MESSAGE_ELEMENT[elements[1]] : undefined;
}
