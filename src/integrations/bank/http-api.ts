// The BankConnector over an HTTP bank API (JSON + signed requests, see http-signature.ts). A submission whose answer
// is lost after it left us is "unknown", never "rejected": the caller polls with the same MsgId. No automatic retries:
// the outbox retries what this adapter throws. Request bodies and account numbers are never logged or put in errors.
import { z } from 'zod';
import type { BankConnector, BankFile, BankReceipt, PaymentFile, SubmitOutcome } from '../../../domain/payment/bank.port.js';
import { BankCallError, bankExchange, jsonOf, type BankExchange, type BankHttpOptions } from './http-exchange.js';

export { BankCallError, type BankHttpOptions } from './http-exchange.js';

const FileKind = z.enum(['pain.002', 'camt.053', 'camt.054']);
const StatusReportsReply = z.object({ reports: z.array(z.object({ name: z.string(), xml: z.string() })) });
const FilesReply = z.object({ files: z.array(z.object({ name: z.string(), kind: FileKind, xml: z.string() })), next: z.string().nullable().optional() });
const AcceptedReply = z.object({ bankRef: z.string().optional() }).passthrough();
const RejectedReply = z.object({ reasons: z.array(z.string()) }).passthrough();
const CodeReply = z.object({ code: z.string().optional(), status: z.string().optional() }).passthrough();

/** Bank texts may quote account numbers (an XSD error quotes the value): keep their last four digits only. */
const maskAccounts = (text: string) => text.replace(/\d{9,}/g, (digits) => `****${digits.slice(-4)}`);

/** Maps the answer to a submission. Everything that may have reached the bank without a clear verdict is `unknown`. */
export function submitOutcomeOf(x: BankExchange): SubmitOutcome {
  if (!x.sent) throw new BankCallError(`bank unreachable (${x.reason}); the file was not sent`, false);
  if ('lost' in x) return { kind: 'unknown', detail: x.lost === 'timeout' ? 'timeout after sending' : 'connection lost after sending' };
  const body = jsonOf(x);
  if (x.status === 201 || x.status === 200) {
    const a = AcceptedReply.safeParse(body);
    return a.success && a.data.bankRef !== undefined ? { kind: 'accepted', bankRef: a.data.bankRef } : { kind: 'accepted' };
  }
  if (x.status === 409) {
    const c = CodeReply.safeParse(body);
    if (c.success && c.data.code === 'DU01') return { kind: 'duplicate' };
    return { kind: 'unknown', detail: `HTTP 409 ${c.success ? (c.data.code ?? '') : ''}`.trim() };
  }
  if (x.status === 422) {
    const r = RejectedReply.safeParse(body);
    return { kind: 'rejected', reasons: r.success && r.data.reasons.length > 0 ? r.data.reasons.map(maskAccounts) : ['HTTP 422 without reasons'] };
  }
  if (x.status === 202) {
    const c = CodeReply.safeParse(body);
    return { kind: 'unknown', detail: `bank answered ${c.success && c.data.status ? c.data.status : 'HTTP 202'}` };
  }
  // A 5xx may come after the bank stored the file: only a poll can tell.
  if (x.status >= 500) return { kind: 'unknown', detail: `HTTP ${x.status}` };
  // 400/401/403/404…: our request or our credentials are wrong; nothing was taken, and no caller decision fits.
  throw new BankCallError(`bank refused the request with HTTP ${x.status}`, true, x.status);
}

/** The answer of a read-only call, or a thrown BankCallError (timeouts included: reads are safe to retry). */
function answered(x: BankExchange, what: string): Extract<BankExchange, { status: number }> {
  if (!x.sent) throw new BankCallError(`${what}: bank unreachable (${x.reason})`, false);
  if ('lost' in x) throw new BankCallError(`${what}: ${x.lost}`, true);
  return x;
}

function parsed<S extends z.ZodType>(schema: S, x: { body: Buffer }, what: string): z.output<S> {
  const r = schema.safeParse(jsonOf(x));
  if (!r.success) throw new BankCallError(`${what}: malformed answer at ${r.error.issues[0]?.path.join('.') || '(body)'}`, true);
  return r.data;
}

/** A BankConnector for the HTTP bank API at `o.baseUrl`. */
export function createHttpBankConnector(o: BankHttpOptions): BankConnector {
  return {
    servesReceipts: true,

    async submit(file: PaymentFile): Promise<SubmitOutcome> {
      const body = JSON.stringify({ msgId: file.msgId, format: file.format, xml: file.xml });
      return submitOutcomeOf(await bankExchange(o, 'POST', '/v1/payment-files', body, { 'idempotency-key': file.msgId }));
    },

    async poll(msgId: string): Promise<BankFile[]> {
      const what = 'status reports';
      const x = answered(await bankExchange(o, 'GET', `/v1/payment-files/${encodeURIComponent(msgId)}/status-reports`, undefined), what);
      if (x.status === 404) return [];
      if (x.status !== 200) throw new BankCallError(`${what}: HTTP ${x.status}`, true, x.status);
      return parsed(StatusReportsReply, x, what).reports.map((r) => ({ name: r.name, kind: 'pain.002' as const, xml: r.xml }));
    },

    async incoming(cursor: string | null): Promise<{ files: BankFile[]; cursor: string | null }> {
      const what = 'incoming files';
      const query = cursor === null ? '' : `?cursor=${encodeURIComponent(cursor)}`;
      const x = answered(await bankExchange(o, 'GET', `/v1/files${query}`, undefined), what);
      if (x.status !== 200) throw new BankCallError(`${what}: HTTP ${x.status}`, true, x.status);
      const reply = parsed(FilesReply, x, what);
      // A bank that answers no `next` has nothing newer: keep our place rather than start over.
      return { files: reply.files, cursor: reply.next ?? cursor };
    },

    async done(): Promise<void> {
      // The HTTP API keeps its files; the cursor is our acknowledgement.
    },

    /** GET /v1/receipts/{endToEndId}, signed like every call: 200 with the document (PDF or JSON), 404 while there is none. */
    async receipt(endToEndId: string): Promise<BankReceipt | null> {
      const what = 'e-receipt';
      const x = answered(await bankExchange(o, 'GET', `/v1/receipts/${encodeURIComponent(endToEndId)}`, undefined), what);
      if (x.status === 404) return null;
      if (x.status !== 200) throw new BankCallError(`${what}: HTTP ${x.status}`, true, x.status);
      return { contentType: x.contentType.split(';')[0]!.trim() || 'application/octet-stream', data: new Uint8Array(x.body) };
    },
  };
}
