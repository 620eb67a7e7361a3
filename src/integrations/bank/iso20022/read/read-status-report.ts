// Streaming pain.002 reader: the bank's verdict on a payment file, per batch and per transaction, values trimmed.
import type { PaymentInformationStatus, PaymentStatusReport, StatusReason, TransactionStatus } from '../../../../../domain/payment/status-report.js';
import { identifyMessage } from './message-kind.js';
import { Iso20022ReadError } from './read-error.js';
import { all, child, childrenNamed, text } from './xml-node.js';
import { streamXml, type XmlInput, type XmlNode } from './xml-tree.js';

/**
 * Reasons from every `StsRsnInf`: `Rsn/Cd`, else `Rsn/Prtry`. Banks write proprietary reasons as "code;text"
 * (e.g. "AC04;Account closed"): the part before ';' is the code, the rest joins the text.
 */
function reasons(node: XmlNode | undefined): StatusReason[] {
  return childrenNamed(node, 'StsRsnInf').flatMap((info) => {
    const raw = text(info, 'Rsn', 'Cd') ?? text(info, 'Rsn', 'Prtry');
    if (raw === undefined) return [];
    const split = raw.indexOf(';');
    const code = (split < 0 ? raw : raw.slice(0, split)).trim();
    const lines = [split < 0 ? '' : raw.slice(split + 1).trim(), ...all(info, 'AddtlInf').map((n) => n.text.trim())].filter((s) => s !== '');
    return code === '' ? [] : [{ code, ...(lines.length > 0 && { text: lines.join(' ') }) }];
  });
}

function transaction(tx: XmlNode): TransactionStatus {
  const endToEnd = text(tx, 'OrgnlEndToEndId');
  const instruction = text(tx, 'OrgnlInstrId');
  const status = text(tx, 'TxSts');
  return {
    ...(endToEnd !== undefined && { originalEndToEndId: endToEnd }),
    ...(instruction !== undefined && { originalInstructionId: instruction }),
    ...(status !== undefined && { status }),
    reasons: reasons(tx),
  };
}

function payment(node: XmlNode): PaymentInformationStatus {
  const status = text(node, 'PmtInfSts');
  return {
    originalPaymentInformationId: text(node, 'OrgnlPmtInfId') ?? '',
    ...(status !== undefined && { status }),
    reasons: reasons(node),
    transactions: childrenNamed(node, 'TxInfAndSts').map(transaction),
  };
}

/** Payment blocks are mapped as they close and their trees dropped. */
const PAYMENTS = { detach: (path: readonly string[]): boolean => path.length === 3 && path[2] === 'OrgnlPmtInfAndSts' };

/**
 * Reads a pain.002 (v03 and later) status report. Throws Iso20022ReadError for malformed or truncated XML
 * (line and column), for another kind of document, and for a report without `OrgnlGrpInfAndSts/OrgnlMsgId`.
 */
export async function readStatusReport(input: XmlInput): Promise<PaymentStatusReport> {
  let version = '';
  const payments: PaymentInformationStatus[] = [];
  for await (const event of streamXml(input, PAYMENTS)) {
    if (event.type === 'start') version = identifyMessage(event.root, event.message, ['pain.002']).version;
    else if (event.type === 'element') payments.push(payment(event.node));
    else if (event.type === 'end') {
      if (version === '') throw new Iso20022ReadError('WRONG_DOCUMENT', `not an ISO 20022 pain.002 document: <${event.root.name}> has no message element`);
      const report = child(event.root, 'CstmrPmtStsRpt');
      const group = child(report, 'OrgnlGrpInfAndSts');
      const originalMessageId = text(group, 'OrgnlMsgId');
      if (originalMessageId === undefined) throw new Iso20022ReadError('INVALID_VALUE', 'pain.002 without OrgnlGrpInfAndSts/OrgnlMsgId');
      const originalMessageName = text(group, 'OrgnlMsgNmId');
      const groupStatus = text(group, 'GrpSts');
      return {
        version,
        messageId: text(report, 'GrpHdr', 'MsgId') ?? '',
        originalMessageId,
        ...(originalMessageName !== undefined && { originalMessageName }),
        ...(groupStatus !== undefined && { groupStatus }),
        groupReasons: reasons(group),
        payments,
      };
    }
  }
  throw new Iso20022ReadError('MALFORMED_XML', 'the document ended before it was complete');
}
