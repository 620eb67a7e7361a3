// E-receipts (电子回单) of settled payments: the `bank.receipt` outbox handler fetches the bank's document once the
// statement settled the payment, keeps it in the receipt store and links it to the payment; finance and the employee
// paid download it. Idempotent: a retry, a second instance or a redelivered message finds the link and stops.
import type { Db } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getPayment, getPaymentReceipt, insertPaymentReceipt } from '../../../db/repos/payments.js';
import type { BankConnector } from '../../../domain/payment/bank.port.js';
import { domainError, err, ok, type Clock, type Result } from '../../../domain/shared/index.js';
import type { ReceiptStore } from '../../integrations/storage/receipt-store.js';
import { actingEmployeeOf, requireRole, type Actor } from '../authorise.js';
import { command } from '../unit-of-work.js';

/** Thrown while the bank has no receipt for a settled payment yet: the outbox asks again later, with backoff. */
export class ReceiptNotYet extends Error {}

export interface ReceiptDeps {
  db: Db;
  clock: Clock;
  bank: BankConnector;
  receipts: ReceiptStore;
  /** Largest document kept (RECEIPT_MAX_BYTES); a larger one is refused, never cut. */
  maxBytes: number;
}

/** Statuses in which the bank has executed the payment (a return later does not undo its receipt). */
const EXECUTED = new Set(['settled', 'returned']);

/** Where a payment's receipt lives in the store: one key per payment, so a retried write replaces the same object. */
export const receiptKey = (orgId: string, paymentId: string) => `${orgId}/payments/${paymentId}/bank-receipt`;

/**
 * The outbox handler of `bank.receipt`: asks the bank for the payment's e-receipt (by its EndToEndId, over the
 * connector's signed API), stores the bytes, then links them to the payment and audits it in one transaction. Throws
 * ReceiptNotYet while the bank has none, so the outbox retries.
 */
export async function fetchPaymentReceipt(deps: ReceiptDeps, orgId: string, paymentId: string): Promise<void> {
  const payment = await getPayment(deps.db, orgId, paymentId);
  if (!payment || !EXECUTED.has(payment.status) || !deps.bank.servesReceipts) return;
  if (await getPaymentReceipt(deps.db, orgId, paymentId)) return; // fetched before
  const doc = await deps.bank.receipt(payment.endToEndId);
  if (!doc) throw new ReceiptNotYet(`payment ${paymentId}: the bank has no e-receipt yet`);
  if (doc.data.byteLength === 0 || doc.data.byteLength > deps.maxBytes) throw new Error(`payment ${paymentId}: the bank's e-receipt is ${doc.data.byteLength} bytes (allowed 1 to ${deps.maxBytes})`);
  const key = receiptKey(orgId, paymentId);
  const stored = await deps.receipts.put(key, doc.data, doc.contentType);
  const now = deps.clock.now();
  await command(deps.db, async (tx) => {
    const linked = await insertPaymentReceipt(tx, { orgId, paymentId, endToEndId: payment.endToEndId, storageKey: key, contentType: doc.contentType, size: stored.size, sha256: stored.sha256, fetchedAt: now });
    if (linked) await appendAudit(tx, { orgId, actorId: 'job:bank', action: 'payment.receipt_stored', subjectType: 'payment', subjectId: paymentId, after: { endToEndId: payment.endToEndId, contentType: doc.contentType, size: stored.size, sha256: stored.sha256 }, at: now });
    return ok(undefined);
  });
}

/** A payment's e-receipt as downloaded. */
export interface ReceiptDownload {
  bytes: Uint8Array;
  contentType: string;
  sha256: string;
  endToEndId: string;
}

/**
 * The e-receipt of a payment, for finance or the employee it paid (anyone else: AUTH.FORBIDDEN); another
 * organisation's payment is NOT_FOUND. PAYMENT.RECEIPT_PENDING (404) until the bank's document is here.
 */
export async function paymentReceiptOf(deps: { db: Db; receipts: ReceiptStore }, orgId: string, actor: Actor, paymentId: string): Promise<Result<ReceiptDownload>> {
  const payment = await getPayment(deps.db, orgId, paymentId);
  if (!payment) return err(domainError('NOT_FOUND', `no payment ${paymentId}`));
  const payee = actor.kind === 'employee' && payment.ownerType === 'employee' && payment.ownerId === actor.id;
  const allowed = await (payee ? actingEmployeeOf(deps.db, orgId, actor.id) : requireRole(deps.db, orgId, actor, ['finance'], "reading another person's payment receipt"));
  if (!allowed.ok) return allowed;
  const link = await getPaymentReceipt(deps.db, orgId, paymentId);
  const file = link ? await deps.receipts.get(link.storageKey) : undefined;
  if (!link || !file) return err(domainError('PAYMENT.RECEIPT_PENDING', `the bank's e-receipt of payment ${paymentId} is not here yet`, { status: payment.status }));
  return ok({ bytes: file.bytes, contentType: link.contentType, sha256: link.sha256, endToEndId: link.endToEndId });
}
