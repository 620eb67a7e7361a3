// Booking vouchers in the transaction of what they book (a payment settled or returned, a bank fee): numbered per
// organisation and month without gaps (the number is taken in the same transaction), once per source and kind, and
// pushed to the ERP as a signed `voucher.booked` webhook through the outbox. A voucher the chart of accounts cannot
// map waits, with the reason and no number, instead of being half-booked.
import type { Executor } from '../../../db/database.js';
import { enqueue } from '../../../db/repos/outbox.js';
import { getVoucherChart, insertVouchersPublished, type VoucherInsert, lockWaitingVouchers, takeVoucherNumbers, updateWaitingVoucher, vouchersOfSources } from '../../../db/repos/vouchers.js';
import type { Result } from '../../../domain/shared/index.js';
import { buildVoucher, ChartOfAccountsSchema, DEFAULT_CHART, voucherNumber, type ChartOfAccounts, type VoucherDraft, type VoucherInput, type VoucherKind } from '../../../domain/voucher/index.js';
import type { IdGenerator } from '../../../domain/shared/index.js';
import { eventMessages } from '../publish.js';
import { TOPIC_PUBLISH } from '../../integrations/webhooks.js';
import { send, type WriteQueue } from '../write-queue.js';

export interface StoredChart {
  chart: ChartOfAccounts;
  /** 0 while the default applies. */
  version: number;
}

/** The chart vouchers are booked with: the organisation's own, else the default. */
export async function chartFor(db: Executor, orgId: string): Promise<StoredChart> {
  const row = await getVoucherChart(db, orgId);
  const parsed = row ? ChartOfAccountsSchema.safeParse(row.chart) : undefined;
  return parsed?.success ? { chart: parsed.data, version: row!.version } : { chart: DEFAULT_CHART, version: 0 };
}

/** What a voucher is of, to record it waiting when the draft could not be made. */
export interface VoucherSubject {
  kind: VoucherKind;
  source: { type: string; id: string };
  date: string;
  memo: string;
}

/**
 * One voucher to book: what it is of, and what it is built from (kept with it: one that waits for the chart is built
 * again when the chart changes), or the error that kept even that from being made.
 */
export interface VoucherToBook {
  subject: VoucherSubject;
  input: VoucherInput | Extract<Result<VoucherDraft>, { ok: false }>;
}

/**
 * Books vouchers in the caller's transaction, set-based whatever the count (a statement import books thousands): those
 * whose source already has its voucher of that kind are skipped; the rest are numbered per month in the order given
 * (the numbers taken at once, so still without gaps), stored, and published. A draft that could not be made waits,
 * with the reason and no number. Returns how many were new.
 */
export async function bookVouchers(tx: Executor, ids: IdGenerator, orgId: string, items: readonly VoucherToBook[], now: Date, writes?: WriteQueue): Promise<number> {
  const rows = await numberVouchers(tx, ids, orgId, items);
  await writeVouchers(tx, ids, orgId, rows, now, writes);
  return rows.length;
}

/** Vouchers built and numbered (`numberVouchers`), to be stored and published (`writeVouchers`). */
export type NumberedVoucher = VoucherInsert & { status: string; period: string; memo: string; lines: VoucherDraft['lines'] };

/**
 * The first half of `bookVouchers`: what is not booked yet, built with the chart in force and numbered (the numbers are
 * taken: the caller stores the rows in the same transaction with `writeVouchers`).
 */
export async function numberVouchers(tx: Executor, ids: IdGenerator, orgId: string, items: readonly VoucherToBook[]): Promise<NumberedVoucher[]> {
  if (items.length === 0) return [];
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
  // Built with the chart in force (read once), numbered in the order given within each month.
  const chart = fresh.some((it) => 'kind' in it.input) ? (await chartFor(tx, orgId)).chart : undefined;
  const drafts = new Map(fresh.map((it) => [it, 'kind' in it.input ? buildVoucher(chart!, it.input) : it.input]));
  const next = new Map<string, number>();
  for (const it of fresh) if (drafts.get(it)!.ok) next.set(it.subject.date.slice(0, 7), (next.get(it.subject.date.slice(0, 7)) ?? 0) + 1);
  for (const [period, count] of next) next.set(period, await takeVoucherNumbers(tx, orgId, period, count));
  return fresh.map((it) => {
    const period = it.subject.date.slice(0, 7);
    const draft = drafts.get(it)!;
    const base = { id: ids.next('vch'), period, kind: it.subject.kind, sourceType: it.subject.source.type, sourceId: it.subject.source.id, date: it.subject.date, input: 'kind' in it.input ? it.input : null };
    if (!draft.ok) return { ...base, status: 'waiting', number: null, memo: it.subject.memo, lines: [] as VoucherDraft['lines'], reason: draft.error.message };
    const seq = next.get(period)!;
    next.set(period, seq + 1);
    return { ...base, status: 'booked', number: voucherNumber(it.subject.date, seq), memo: draft.value.memo, lines: draft.value.lines, reason: null };
  });
}

/** The second half of `bookVouchers`: numbered vouchers stored and the booked ones published, sent through `writes` when given. */
export async function writeVouchers(tx: Executor, ids: IdGenerator, orgId: string, rows: readonly NumberedVoucher[], now: Date, writes?: WriteQueue): Promise<void> {
  if (rows.length === 0) return;
  // Stored and published in one statement: each booked voucher's `voucher.booked` event is built from its row there,
  // as publishBooked builds it.
  await send(writes, insertVouchersPublished(tx, orgId, now, rows, { topic: TOPIC_PUBLISH, type: 'voucher.booked' }));
}

/** Books one voucher (or records it waiting with the reason); false when the source already has its voucher. */
export async function bookVoucher(tx: Executor, ids: IdGenerator, orgId: string, subject: VoucherSubject, input: VoucherToBook['input'], now: Date): Promise<boolean> {
  return (await bookVouchers(tx, ids, orgId, [{ subject, input }], now)) === 1;
}

interface BookedVoucher {
  id: string;
  number: string;
  period: string;
  kind: string;
  sourceType: string;
  sourceId: string;
  date: string;
  memo: string;
  lines: VoucherDraft['lines'];
}

/** To the ERP through the outbox: a signed `voucher.booked` webhook each, keyed by the voucher (sent once, retried until taken). */
function publishBooked(tx: Executor, ids: IdGenerator, orgId: string, booked: readonly BookedVoucher[], now: Date): Promise<void> {
  return enqueue(
    tx,
    booked.flatMap((r) => eventMessages(ids, [{ type: 'voucher.booked', orgId, subject: { type: 'voucher', id: r.id }, at: now, payload: { number: r.number, period: r.period, kind: r.kind, source: { type: r.sourceType, id: r.sourceId }, date: r.date, memo: r.memo, lines: r.lines } }], `voucher:${r.id}`)),
  );
}

/**
 * Builds again, with the chart now in force, the organisation's vouchers that wait (their chart lacked an account):
 * those it now maps are booked (numbered after the month's last, in the order they were made) and sent to the ERP;
 * the others keep waiting with the reason as it now reads. In the caller's transaction (the chart's save). Returns
 * how many were booked and how many still wait.
 */
export async function rebookWaitingVouchers(tx: Executor, ids: IdGenerator, orgId: string, now: Date): Promise<{ booked: number; waiting: number }> {
  const waiting = await lockWaitingVouchers(tx, orgId);
  if (waiting.length === 0) return { booked: 0, waiting: 0 };
  const chart = (await chartFor(tx, orgId)).chart;
  const built = waiting.map((v) => ({ v, draft: v.input ? buildVoucher(chart, v.input as VoucherInput) : undefined }));
  const count = new Map<string, number>();
  for (const { v, draft } of built) if (draft?.ok) count.set(v.period, (count.get(v.period) ?? 0) + 1);
  const next = new Map<string, number>();
  for (const [period, n] of count) next.set(period, await takeVoucherNumbers(tx, orgId, period, n));
  const booked: BookedVoucher[] = [];
  for (const { v, draft } of built) {
    if (!draft) continue;
    if (!draft.ok) {
      if (draft.error.message !== v.reason) await updateWaitingVoucher(tx, orgId, v.id, { reason: draft.error.message });
      continue;
    }
    const seq = next.get(v.period)!;
    next.set(v.period, seq + 1);
    const row = { id: v.id, number: voucherNumber(v.date, seq), period: v.period, kind: v.kind, sourceType: v.sourceType, sourceId: v.sourceId, date: v.date, memo: draft.value.memo, lines: draft.value.lines };
    await updateWaitingVoucher(tx, orgId, v.id, { number: row.number, memo: row.memo, lines: row.lines });
    booked.push(row);
  }
  await publishBooked(tx, ids, orgId, booked, now);
  return { booked: booked.length, waiting: waiting.length - booked.length };
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
export async function bookPaymentVouchers(tx: Executor, ids: IdGenerator, orgId: string, kind: PaymentVoucherKind, moves: readonly PaymentMoveToBook[], bankAccountId: string | undefined, now: Date, writes?: WriteQueue): Promise<void> {
  await writeVouchers(tx, ids, orgId, await paymentVouchers(tx, ids, orgId, kind, moves, bankAccountId), now, writes);
}

/** `bookPaymentVouchers` up to the numbers (`numberVouchers`): the caller writes them (`writeVouchers`). */
export async function paymentVouchers(tx: Executor, ids: IdGenerator, orgId: string, kind: PaymentVoucherKind, moves: readonly PaymentMoveToBook[], bankAccountId: string | undefined): Promise<NumberedVoucher[]> {
  if (moves.length === 0) return [];
  const memo = { payment_submitted: '付款', payment_settled: '银行付款', payment_rejected: '银行拒绝', payment_returned: '退票' }[kind];
  const items = moves.map(({ p, date, reason }) => {
    const booking = { paymentId: p.id, endToEndId: p.endToEndId, date, amountMinor: p.amountMinor, currency: p.currency, ...(bankAccountId ? { bankAccountId } : {}), ...(reason ? { reason } : {}) };
    return { subject: { kind, source: { type: 'payment', id: p.id }, date, memo: `${memo} ${p.endToEndId}` }, input: { kind, booking } as VoucherInput };
  });
  return numberVouchers(tx, ids, orgId, items);
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
