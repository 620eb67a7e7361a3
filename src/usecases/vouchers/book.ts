// Booking vouchers in the transaction of what they book (a payment settled or returned, a bank fee): numbered per
// organisation and month without gaps (the number is taken in the same transaction), once per source and kind, and
// pushed to the ERP as a signed `voucher.booked` webhook through the outbox. A voucher the chart of accounts cannot
// map waits, with the reason and no number, instead of being half-booked.
import type { Executor } from '../../../db/database.js';
import { insertVoucher, nextVoucherSequence, voucherExists } from '../../../db/repos/vouchers.js';
import type { Result } from '../../../domain/shared/index.js';
import { paymentRejectedVoucher, paymentReturnedVoucher, paymentSettledVoucher, paymentSubmittedVoucher, voucherNumber, type VoucherDraft, type VoucherKind } from '../../../domain/voucher/index.js';
import type { IdGenerator } from '../../../domain/shared/index.js';
import { publish } from '../publish.js';
import { chartFor } from './chart.js';

/** What a voucher is of, to record it waiting when the draft could not be made. */
export interface VoucherSubject {
  kind: VoucherKind;
  source: { type: string; id: string };
  date: string;
  memo: string;
}

/** Books `draft` (or records it waiting with its error's message); false when the source already has its voucher. */
export async function bookVoucher(tx: Executor, ids: IdGenerator, orgId: string, subject: VoucherSubject, draft: Result<VoucherDraft>, now: Date): Promise<boolean> {
  if (await voucherExists(tx, orgId, subject.kind, subject.source.type, subject.source.id)) return false;
  const period = subject.date.slice(0, 7);
  const base = { id: ids.next('vch'), orgId, period, kind: subject.kind, sourceType: subject.source.type, sourceId: subject.source.id, date: subject.date, createdAt: now };
  if (!draft.ok) {
    await insertVoucher(tx, { ...base, status: 'waiting', number: null, memo: subject.memo, lines: [], reason: draft.error.message });
    return true;
  }
  const number = voucherNumber(subject.date, await nextVoucherSequence(tx, orgId, period));
  await insertVoucher(tx, { ...base, status: 'booked', number, memo: draft.value.memo, lines: draft.value.lines, reason: null });
  // To the ERP through the outbox: a signed `voucher.booked` webhook, keyed by the voucher (sent once, retried until taken).
  await publish(tx, ids, [{ type: 'voucher.booked', orgId, subject: { type: 'voucher', id: base.id }, at: now, payload: { number, period, kind: subject.kind, source: subject.source, date: subject.date, memo: draft.value.memo, lines: draft.value.lines } }], `voucher:${base.id}`);
  return true;
}

/**
 * The voucher of a payment's move (sent to the bank, refused by it after taking it, booked by it, returned), dated
 * `date`; `reason` is the bank's code of a refusal or return, written in the memo.
 */
export async function bookPaymentVoucher(
  tx: Executor,
  ids: IdGenerator,
  orgId: string,
  kind: 'payment_submitted' | 'payment_settled' | 'payment_rejected' | 'payment_returned',
  p: { id: string; endToEndId: string; amountMinor: number; currency: string },
  date: string,
  bankAccountId: string | undefined,
  now: Date,
  reason?: string,
): Promise<void> {
  const booking = { paymentId: p.id, endToEndId: p.endToEndId, date, amountMinor: p.amountMinor, currency: p.currency, ...(bankAccountId ? { bankAccountId } : {}), ...(reason ? { reason } : {}) };
  const build = { payment_submitted: paymentSubmittedVoucher, payment_settled: paymentSettledVoucher, payment_rejected: paymentRejectedVoucher, payment_returned: paymentReturnedVoucher }[kind];
  const memo = { payment_submitted: '付款', payment_settled: '银行付款', payment_rejected: '银行拒绝', payment_returned: '退票' }[kind];
  await bookVoucher(tx, ids, orgId, { kind, source: { type: 'payment', id: p.id }, date, memo: `${memo} ${p.endToEndId}` }, build((await chartFor(tx, orgId)).chart, booking), now);
}
