// What happens to payments when the bank speaks, set-based: a statement import settles tens of thousands at once, so
// every step takes a list and costs a fixed number of statements however long it is (moves, audit rows, webhook
// events, the employees' notices, payables, vouchers). The one-payment callers (a status report, a person's match in the
// exceptions queue) call the same functions with one.
import type { Executor } from '../../../db/database.js';
import { auditVia } from '../../../db/repos/audit.js';
import { enqueueWrite } from '../../../db/repos/outbox.js';
import { movePaymentsAnnounced, noticeFacts, setPayablesStatus, type PaymentRow } from '../../../db/repos/payments.js';
import { formatMoney } from '../../../domain/money/index.js';
import { accountAtFault, paymentTransition, reasonText, type PaymentStatus } from '../../../domain/payment/index.js';
import type { Clock, IdGenerator } from '../../../domain/shared/index.js';
import type { BankConnector } from '../../../domain/payment/bank.port.js';
import { notifyMessage } from '../lifecycle/topics.js';
import { TOPIC_PUBLISH } from '../../integrations/webhooks.js';
import { bookPaymentVouchers, paymentVouchers, writeVouchers } from '../vouchers/book.js';
import { send, type WriteQueue } from '../write-queue.js';
import { awaitPayees } from './returned-payments.js';
import { receiptMessage } from './topics.js';

/**
 * What applying a statement needs: the clock and ids, whether the bank serves e-receipts (then they are fetched), and
 * optionally a queue its writes are sent through without waiting for each (a statement import drains it per chunk).
 */
export type StatementDeps = { clock: Clock; ids: IdGenerator; bank?: Pick<BankConnector, 'servesReceipts'>; writes?: WriteQueue };

/** The bank's reason for a move (a refusal's or a return's code and text). */
export interface MoveReason {
  code?: string;
  text?: string;
}

/** Gives payments' payables back to the pool (the next run pays them, under new EndToEndIds). */
export async function reopen(tx: Executor, orgId: string, list: readonly PaymentRow[]): Promise<void> {
  await setPayablesStatus(tx, orgId, list.map((p) => p.payableId), 'open');
}

/**
 * Moves payments to `to` where the move is allowed (a repeat or a refused move is skipped), each audited and announced
 * to subscribed systems as `payment.<to>` (no account numbers: the payee is named by owner), in one statement whatever
 * the count (movePaymentsAnnounced). Returns those that moved, in the order given, as they now are.
 */
export async function movePaymentsTo(tx: Executor, _ids: IdGenerator, orgId: string, list: readonly { p: PaymentRow; reason?: MoveReason }[], to: PaymentStatus, now: Date, actorId = 'job:bank'): Promise<PaymentRow[]> {
  const once = new Set<string>();
  const allowed = list.filter(({ p }) => paymentTransition(p.status as PaymentStatus, to) === 'apply' && !once.has(p.id) && once.add(p.id) !== undefined);
  if (allowed.length === 0) return [];
  const movedIds = await movePaymentsAnnounced(
    tx,
    orgId,
    allowed.map(({ p, reason }) => ({ id: p.id, from: p.status, code: reason?.code ?? null, text: reason?.text ?? null })),
    to,
    now,
    { actorId, via: auditVia({}), topic: TOPIC_PUBLISH },
  );
  return allowed.filter(({ p }) => movedIds.has(p.id)).map(({ p, reason }) => ({ ...p, status: to, reasonCode: reason?.code ?? null, reasonText: reason?.text ?? null, updatedAt: now }));
}

/** What the employees' notices say of their payments: the request each payable pays, the payee account's last digits. */
export interface PayeeFacts {
  requestOf: Map<string, string>;
  last4Of: Map<string, string | null>;
}

/** The facts `tellPayees` needs of these payments (only those owed to employees are told), read in one statement. */
export async function payeeFacts(tx: Executor, orgId: string, list: readonly PaymentRow[]): Promise<PayeeFacts> {
  const mine = list.filter((p) => p.ownerType === 'employee');
  if (mine.length === 0) return { requestOf: new Map(), last4Of: new Map() };
  return noticeFacts(tx, orgId, [...new Set(mine.map((p) => p.payableId))], [...new Set(mine.map((p) => p.payeeId))]);
}

/**
 * Tells employees what happened to their payments (settled, rejected), in their language; a return asks them
 * (awaitPayees). `facts` when the caller read them already (payeeFacts).
 */
export async function tellPayees(tx: Executor, orgId: string, list: readonly { p: PaymentRow; reason?: MoveReason }[], event: 'payment_settled' | 'payment_rejected', facts?: PayeeFacts, writes?: WriteQueue): Promise<void> {
  const mine = list.filter(({ p }) => p.ownerType === 'employee');
  if (mine.length === 0) return;
  const { requestOf, last4Of } = facts ?? (await payeeFacts(tx, orgId, mine.map(({ p }) => p)));
  await send(
    writes,
    enqueueWrite(
      tx,
      mine.map(({ p, reason }) => {
        const last4 = last4Of.get(p.payeeId);
        const amount = { minor: p.amountMinor, currency: p.currency };
        const to = { zh: `尾号${last4 ?? '****'}`, en: `****${last4 ?? ''}` };
        const why = reasonText(reason?.code, reason?.text);
        const fix = accountAtFault(reason?.code);
        const note =
          event === 'payment_settled'
            ? { zh: `已付款 ${formatMoney(amount, 'zh-CN')} 至${to.zh}`, en: `Paid ${formatMoney(amount, 'en')} to ${to.en}` }
            : { zh: `付款未成功：${why.zh}。${fix ? '请核对或更新收款账户，' : ''}财务将在下一批次重新付款。`, en: `The payment failed: ${why.en}. ${fix ? 'Please check or update your payout account; ' : ''}finance will pay it in the next run.` };
        const requestId = requestOf.get(p.payableId) ?? p.payableId;
        return notifyMessage(orgId, `${event}:${p.id}`, { kind: 'ledger', employeeId: p.ownerId, requestId, event, lines: [{ label: { zh: '金额', en: 'Amount' }, minor: p.amountMinor, currency: p.currency }], note });
      }),
    ),
  );
}

/**
 * Applies payments' bookings by the bank: planned or sent → settled, their payables paid, the employees told, the
 * e-receipts fetched after the commit (through the outbox, retried until the bank has them), and the books: money in
 * transit leaves the bank account (sent and booked at once when the statement is the first news of a payment).
 * Returns the payments settled now (one already settled, or refused meanwhile, is not).
 */
export async function settlePayments(tx: Executor, deps: StatementDeps, orgId: string, list: readonly { p: PaymentRow; date: string }[], bankAccountId: string | undefined, now: Date): Promise<PaymentRow[]> {
  const w = deps.writes;
  // Read first, before any write of the chunk is queued: what the notices say (only the settled are told).
  const facts = await payeeFacts(tx, orgId, list.map(({ p }) => p));
  const dateOf = new Map(list.map(({ p, date }) => [p.id, date]));
  const planned = list.filter(({ p }) => p.status === 'planned');
  const sent = await movePaymentsTo(tx, deps.ids, orgId, planned, 'submitted', now);
  const sentIds = new Set(sent.map((p) => p.id));
  const ready = list.map(({ p }) => ({ p: sentIds.has(p.id) ? { ...p, status: 'submitted' } : p }));
  const settled = await movePaymentsTo(tx, deps.ids, orgId, ready, 'settled', now);
  if (settled.length === 0) return [];
  const settledIds = new Set(settled.map((p) => p.id));
  // The vouchers' numbers are taken before the writes below are queued (their answer would wait behind them); then
  // every write of the chunk goes out in the order it always had, each built while the database runs the one before.
  const submittedVouchers = await paymentVouchers(tx, deps.ids, orgId, 'payment_submitted', sent.filter((p) => settledIds.has(p.id)).map((p) => ({ p, date: dateOf.get(p.id)! })), bankAccountId);
  const settledVouchers = await paymentVouchers(tx, deps.ids, orgId, 'payment_settled', settled.map((p) => ({ p, date: dateOf.get(p.id)! })), bankAccountId);
  const paid = settled.map((p) => p.payableId);
  await send(w, () => setPayablesStatus(tx, orgId, paid, 'paid'));
  await tellPayees(tx, orgId, settled.map((p) => ({ p })), 'payment_settled', facts, w);
  await writeVouchers(tx, deps.ids, orgId, submittedVouchers, now, w);
  await writeVouchers(tx, deps.ids, orgId, settledVouchers, now, w);
  if (deps.bank?.servesReceipts) await send(w, enqueueWrite(tx, settled.map((p) => receiptMessage(orgId, p.id))));
  return settled;
}

/**
 * Money back for settled payments: returned, their payables reopened, the employees asked to confirm or change their
 * account (runs hold the payables until then), the return booked. A return of something not yet settled waits for
 * its debit first (skipped). Returns the payments returned now.
 */
export async function returnPayments(tx: Executor, deps: StatementDeps, orgId: string, list: readonly { p: PaymentRow; date: string; reason?: string | undefined }[], bankAccountId: string | undefined, now: Date): Promise<PaymentRow[]> {
  const byId = new Map(list.map((x) => [x.p.id, x]));
  const returned = await movePaymentsTo(tx, deps.ids, orgId, list.filter(({ p }) => p.status === 'settled').map(({ p, reason }) => ({ p, ...(reason ? { reason: { code: reason } } : {}) })), 'returned', now);
  if (returned.length === 0) return [];
  await reopen(tx, orgId, returned);
  await awaitPayees(tx, orgId, returned, now);
  await bookPaymentVouchers(tx, deps.ids, orgId, 'payment_returned', returned.map((p) => ({ p, date: byId.get(p.id)!.date, reason: byId.get(p.id)!.reason })), bankAccountId, now);
  return returned;
}
