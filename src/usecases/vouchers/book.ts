// Booking vouchers in the transaction of what they book (a payment settled or returned, a bank fee): numbered per
// organisation and month without gaps (the number is taken in the same transaction), once per source and kind, and
// pushed to the ERP as a signed `voucher.booked` webhook through the outbox. A voucher the chart of accounts cannot
// map waits, with the reason and no number, instead of being half-booked.
import type { Executor } from '../../../db/database.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { insertVouchers, takeVoucherNumbers, vouchersOfSources } from '../../../db/repos/vouchers.js';
import type { Result } from '../../../domain/shared/index.js';
import { paymentRejectedVoucher, paymentReturnedVoucher, paymentSettledVoucher, paymentSubmittedVoucher, voucherNumber, type VoucherDraft, type VoucherKind } from '../../../domain/voucher/index.js';
import type { IdGenerator } from '../../../domain/shared/index.js';
import { eventMessages } from '../publish.js';
import { chartFor } from './chart.js';

/** What a voucher is of, to record it waiting when the draft could not be made. */
export interface VoucherSubject {
  kind: VoucherKind;
  source: { type: string; id: string };
  date: string;
  memo: string;
}

/** One voucher to book: what it is of, and its draft (or the error that kept it from being made). */
export interface VoucherToBook {
  subject: VoucherSubject;
  draft: Result<VoucherDraft>;
}

/**
 * Books vouchers in the caller's transaction, set-based whatever the count (a statement import books thousands): those
 * whose source already has its voucher of that kind are skipped; the rest are numbered per month in the order given
 * (the numbers taken at once, so still without gaps), stored, and published. A draft that could not be made waits,
 * with the reason and no number. Returns how many were new.
 */
export async function bookVouchers(tx: Executor, ids: IdGenerator, orgId: string, items: readonly VoucherToBook[], now: Date): Promise<number> {
  if (items.length === 0) return 0;
  // Already booked (a repeat), asked once per kind and source type; a source named twice in one call is booked once.
  const sourcesOf = new Map<string, string[]>();
  for (const it of items) {
    const g = `${it.subject.kind}\u0000${it.subject.source.type}`;
    const list = sourcesOf.get(g);
    if (list) list.push(it.subject.source.id);
    else sourcesOf.set(g, [it.subject.source.id]);
  }
  const taken = new Set<string>();
  for (const [g, sourceIds] of sourcesOf) {
    const [kind, type] = g.split('\u0000') as [string, string];
    for (const id of await vouchersOfSources(tx, orgId, kind, type, sourceIds)) taken.add(`${g}\u0000${id}`);
  }
  const fresh: VoucherToBook[] = [];
  for (const it of items) {
    const key = `${it.subject.kind}\u0000${it.subject.source.type}\u0000${it.subject.source.id}`;
    if (taken.has(key)) continue;
    taken.add(key);
    fresh.push(it);
  }
  // Numbered in the order given within each month.
  const next = new Map<string, number>();
  for (const it of fresh) if (it.draft.ok) next.set(it.subject.date.slice(0, 7), (next.get(it.subject.date.slice(0, 7)) ?? 0) + 1);
  for (const [period, count] of next) next.set(period, await takeVoucherNumbers(tx, orgId, period, count));
  const rows = fresh.map((it) => {
    const period = it.subject.date.slice(0, 7);
    const base = { id: ids.next('vch'), period, kind: it.subject.kind, sourceType: it.subject.source.type, sourceId: it.subject.source.id, date: it.subject.date };
    if (!it.draft.ok) return { ...base, status: 'waiting', number: null, memo: it.subject.memo, lines: [] as VoucherDraft['lines'], reason: it.draft.error.message };
    const seq = next.get(period)!;
    next.set(period, seq + 1);
    return { ...base, status: 'booked', number: voucherNumber(it.subject.date, seq), memo: it.draft.value.memo, lines: it.draft.value.lines, reason: null };
  });
  await insertVouchers(tx, orgId, now, rows);
  // To the ERP through the outbox: a signed `voucher.booked` webhook, keyed by the voucher (sent once, retried until taken).
  const booked = rows.filter((r) => r.status === 'booked');
  await enqueue(
    tx,
    booked.flatMap((r) => eventMessages(ids, [{ type: 'voucher.booked', orgId, subject: { type: 'voucher', id: r.id }, at: now, payload: { number: r.number, period: r.period, kind: r.kind, source: { type: r.sourceType, id: r.sourceId }, date: r.date, memo: r.memo, lines: r.lines } }], `voucher:${r.id}`)),
  );
  return rows.length;
}

/** Books `draft` (or records it waiting with its error's message); false when the source already has its voucher. */
export async function bookVoucher(tx: Executor, ids: IdGenerator, orgId: string, subject: VoucherSubject, draft: Result<VoucherDraft>, now: Date): Promise<boolean> {
  return (await bookVouchers(tx, ids, orgId, [{ subject, draft }], now)) === 1;
}

export type PaymentVoucherKind = 'payment_submitted' | 'payment_settled' | 'payment_rejected' | 'payment_returned';

/** One payment's move to book: the payment, the day its voucher is dated, and the bank's code of a refusal or return. */
export interface PaymentMoveToBook {
  p: { id: string; endToEndId: string; amountMinor: number; currency: string };
  date: string;
  reason?: string | undefined;
}

/**
 * The vouchers of payments' moves of one kind (sent to the bank, refused by it after taking it, booked by it,
 * returned) from one bank account, each dated its own day; `reason` is written in the memo.
 */
export async function bookPaymentVouchers(tx: Executor, ids: IdGenerator, orgId: string, kind: PaymentVoucherKind, moves: readonly PaymentMoveToBook[], bankAccountId: string | undefined, now: Date): Promise<void> {
  if (moves.length === 0) return;
  const build = { payment_submitted: paymentSubmittedVoucher, payment_settled: paymentSettledVoucher, payment_rejected: paymentRejectedVoucher, payment_returned: paymentReturnedVoucher }[kind];
  const memo = { payment_submitted: '付款', payment_settled: '银行付款', payment_rejected: '银行拒绝', payment_returned: '退票' }[kind];
  const chart = (await chartFor(tx, orgId)).chart;
  const items = moves.map(({ p, date, reason }) => {
    const booking = { paymentId: p.id, endToEndId: p.endToEndId, date, amountMinor: p.amountMinor, currency: p.currency, ...(bankAccountId ? { bankAccountId } : {}), ...(reason ? { reason } : {}) };
    return { subject: { kind, source: { type: 'payment', id: p.id }, date, memo: `${memo} ${p.endToEndId}` }, draft: build(chart, booking) };
  });
  await bookVouchers(tx, ids, orgId, items, now);
}

/** The voucher of one payment's move (see `bookPaymentVouchers`), dated `date`. */
export async function bookPaymentVoucher(
  tx: Executor,
  ids: IdGenerator,
  orgId: string,
  kind: PaymentVoucherKind,
  p: PaymentMoveToBook['p'],
  date: string,
  bankAccountId: string | undefined,
  now: Date,
  reason?: string,
): Promise<void> {
  await bookPaymentVouchers(tx, ids, orgId, kind, [{ p, date, reason }], bankAccountId, now);
}
