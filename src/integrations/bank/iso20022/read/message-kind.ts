// Which ISO 20022 message a document is, from its first element and its namespace (none, ISO or Swiss SIX).
import { Iso20022ReadError } from './read-error.js';
import type { XmlNode } from './xml-tree.js';

/** The messages these readers understand. */
export type MessageKind = 'camt.053' | 'camt.054' | 'pain.002';

/** The message element under `Document` for each kind; camt.052 and pain.001 are named so the error can say so. */
const MESSAGE_ELEMENTS: Readonly<Record<string, string>> = {
  BkToCstmrStmt: 'camt.053',
  BkToCstmrDbtCdtNtfctn: 'camt.054',
  CstmrPmtStsRpt: 'pain.002',
  BkToCstmrAcctRpt: 'camt.052',
  CstmrCdtTrfInitn: 'pain.001',
  CstmrDrctDbtInitn: 'pain.008',
};

/** A message name and version inside a namespace URI, e.g. urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 or the SIX …/camt.053.001.04.ch.02.xsd. */
const VERSION_IN_NAMESPACE = /([a-z]{4}\.\d{3}\.\d{3}\.\d{2})/;

/**
 * The kind and version of a document whose root and first child have opened. The version comes from the namespace;
 * without one (or when it names another message) it is just the kind. Throws WRONG_DOCUMENT when the document is
 * not one of `accepted`.
 */
export function identifyMessage(root: XmlNode, messageElement: string, accepted: readonly MessageKind[]): { kind: MessageKind; version: string } {
  const found = MESSAGE_ELEMENTS[messageElement];
  const expected = accepted.join(' or ');
  if (root.name !== 'Document' || found === undefined) {
    throw new Iso20022ReadError('WRONG_DOCUMENT', `not an ISO 20022 ${expected} document: it starts with <${root.name}><${messageElement}>`);
  }
  const kind = accepted.find((k) => k === found);
  if (kind === undefined) throw new Iso20022ReadError('WRONG_DOCUMENT', `expected a ${expected} document, got ${found} (<${messageElement}>)`);
  const versions = Object.entries(root.attrs)
    .filter(([name]) => name === 'xmlns' || name.startsWith('xmlns:'))
    .map(([, uri]) => VERSION_IN_NAMESPACE.exec(uri)?.[1])
    .filter((v): v is string => v !== undefined && v.startsWith(`${kind}.`));
  return { kind, version: versions[0] ?? kind };
}
