// Outbox topics of money out, and their payloads.
import type { OutboxMessage } from '../../../db/repos/outbox.js';

/** Build (once), check and send one pain.001 file to the bank: `{ msgId }`. */
export const TOPIC_BANK_SUBMIT = 'bank.submit';
/** Ask the bank for the status of a file whose outcome is not known yet: `{ msgId }`. */
export const TOPIC_BANK_POLL = 'bank.poll';

/** Keyed by the MsgId: queueing the same file twice (a run released twice) queues it once. */
export const submitMessage = (orgId: string, msgId: string): OutboxMessage => ({ orgId, topic: TOPIC_BANK_SUBMIT, key: `bank.submit:${orgId}:${msgId}`, payload: { msgId } });
/** One poll message per file and round (`round` counts the polls already made). */
export const pollMessage = (orgId: string, msgId: string, round: number): OutboxMessage => ({ orgId, topic: TOPIC_BANK_POLL, key: `bank.poll:${orgId}:${msgId}:${round}`, payload: { msgId, round } });
/** Fetch the e-receipt (电子回单) of a settled payment and keep it: `{ paymentId }`. */
export const TOPIC_BANK_RECEIPT = 'bank.receipt';

/** Keyed by the payment: settling the same payment twice (a statement read again) queues one fetch. */
export const receiptMessage = (orgId: string, paymentId: string): OutboxMessage => ({ orgId, topic: TOPIC_BANK_RECEIPT, key: `bank.receipt:${orgId}:${paymentId}`, payload: { paymentId } });
