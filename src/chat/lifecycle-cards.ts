// Cards of the travel and expense lifecycle (outbox topic chat.notify): the traveller's itinerary, updated in place as
// orders move; a draft expense line to confirm with one click; money notices (advance paid, claim settled); a payment
// the bank returned, to confirm or change the account (returned-card.ts).
import type { Executor } from '../../db/database.js';
import { getRequest } from '../../db/repos/approvals.js';
import { getBudget } from '../../db/repos/budgets.js';
import { getCard } from '../../db/repos/chat.js';
import { getLine } from '../../db/repos/expense-lines.js';
import { getEmployee } from '../../db/repos/org.js';
import type { ClaimedMessage } from '../../db/repos/outbox.js';
import { ordersOfTrip } from '../../db/repos/supplier-orders.js';
import type { CardView, ExpenseConfirmCardView, ItineraryCardView, LedgerNoticeCardView } from '../../cards/view-model.js';
import type { Offer } from '../../domain/travel/index.js';
import { formatAmount } from '../../domain/money/index.js';
import { available } from '../../domain/budget/index.js';
import type { OutboxHandler } from '../jobs/dispatcher.js';
import type { NotifyPayload } from '../usecases/lifecycle/topics.js';
import { tripFactsOf } from '../usecases/trip-policy.js';
import { signAction } from './action-token.js';
import { localeOf, recipientsOf, type ApprovalCardDeps } from './approval-cards.js';
import { deliver, type Recipient } from './deliver.js';
import { returnedCard } from './returned-card.js';
import { arrivalText } from '../usecases/reception/gate.js';

const CABIN: Record<string, { zh: string; en: string }> = {
  economy: { zh: '经济舱', en: 'Economy' },
  premium_economy: { zh: '超级经济舱', en: 'Premium economy' },
  business: { zh: '公务舱', en: 'Business' },
  first: { zh: '头等舱', en: 'First' },
  second: { zh: '二等座', en: 'Second class' },
  hard_sleeper: { zh: '硬卧', en: 'Hard sleeper' },
  soft_sleeper: { zh: '软卧', en: 'Soft sleeper' },
};
const WEEK = 7 * 24 * 3600;

/** `chat.notify`: builds the card from the newest state and sends it to every chat the employee is reachable in. */
export function notifyHandler(deps: ApprovalCardDeps): OutboxHandler {
  return async (msg: ClaimedMessage) => {
    const p = msg.payload as NotifyPayload;
    await deps.db.transaction(async (tx) => {
      const employee = await getEmployee(tx, msg.orgId, p.employeeId);
      if (!employee) return;
      const now = deps.clock.now();
      if (p.kind === 'text' || p.kind === 'visitor_arrived') {
        const text = p.kind === 'text' ? p.text : await arrivalText(tx, msg.orgId, p);
        if (!text) return;
        for (const r of await recipientsOf(tx, deps, msg.orgId, p.employeeId, localeOf(employee.locale))) await deliver(tx, deps.ids, r, { text: text[r.locale] }, now);
        return;
      }
      const built = await viewOf(tx, deps, msg.orgId, p);
      if (!built) return;
      for (const r of await recipientsOf(tx, deps, msg.orgId, p.employeeId, localeOf(employee.locale))) {
        const view = built.forRecipient ? built.forRecipient(r) : built.view;
        await deliver(tx, deps.ids, r, { cardKey: built.cardKey, view }, now);
      }
    });
  };
}

type Built = { cardKey: string; view: CardView; forRecipient?: (r: Recipient) => CardView };

async function viewOf(tx: Executor, deps: ApprovalCardDeps, orgId: string, p: Exclude<NotifyPayload, { kind: 'text' | 'visitor_arrived' }>): Promise<Built | undefined> {
  if (p.kind === 'itinerary') {
    const view = await itineraryView(tx, orgId, p.tripId);
    return view && { cardKey: `itinerary:${p.tripId}`, view };
  }
  if (p.kind === 'expense_confirm') {
    const line = await getLine(tx, orgId, p.lineId);
    if (!line || line.status !== 'draft') return undefined;
    const trip = line.applicationId ? await getRequest(tx, orgId, line.applicationId) : undefined;
    const exp = Math.floor(deps.clock.now().getTime() / 1000) + 4 * WEEK;
    const base: Omit<ExpenseConfirmCardView, 'buttons'> = {
      kind: 'expense_confirm',
      lineId: line.id,
      source: line.source === 'card' ? 'card' : 'supplier',
      amount: { minor: line.amountMinor, currency: line.currency },
      date: line.date,
      merchant: line.merchant ?? line.description ?? '',
      category: line.category,
      ...(trip ? { trip: { requestId: trip.id, title: trip.title } } : {}),
    };
    const forRecipient = (r: Recipient): CardView => ({
      ...base,
      buttons: (['confirm', 'dismiss'] as const).map((action) => ({ action, value: signAction(deps.box, { kind: 'line', org: orgId, id: line.id, action, to: r.employeeId, exp }) })),
    });
    return { cardKey: `line:${line.id}`, view: { ...base, buttons: [] }, forRecipient };
  }
  if (p.kind === 'returned') return returnedCard(tx, deps, orgId, p);
  const request = await getRequest(tx, orgId, p.requestId);
  const view: LedgerNoticeCardView = {
    kind: 'ledger_notice',
    event: p.event,
    requestId: p.requestId,
    ...(request ? { number: request.number } : {}),
    title: request?.title ?? '',
    lines: p.lines.map((l) => ({ label: l.label, amount: { minor: l.minor, currency: l.currency } })),
    // The sentence for the employee: why a payment failed and what to do, where the money went.
    ...(p.note ? { note: p.note } : {}),
  };
  return { cardKey: `ledger:${p.requestId}:${p.event}`, view };
}

/** The itinerary as it stands: every order with its status; failed legs say so. */
export async function itineraryView(tx: Executor, orgId: string, tripId: string): Promise<ItineraryCardView | undefined> {
  const trip = await getRequest(tx, orgId, tripId);
  if (!trip) return undefined;
  const facts = tripFactsOf(trip.details);
  const traveller = await getEmployee(tx, orgId, trip.submitterId);
  const orders = await ordersOfTrip(tx, orgId, tripId);
  const currency = trip.currency ?? orders[0]?.currency ?? 'CNY';
  const items = orders.map((o) => {
    const offer = o.offer as Partial<Offer>;
    const cls = offer.cabin ?? offer.seatClass;
    return {
      kind: o.kind as 'flight' | 'train' | 'hotel',
      description: offer.description ?? (o.error ? `⚠️ ${o.error}` : o.kind),
      ...(offer.departAt ? { departAt: offer.departAt } : {}),
      ...(offer.arriveAt ? { arriveAt: offer.arriveAt } : {}),
      ...(offer.checkIn ? { checkIn: offer.checkIn } : {}),
      ...(offer.checkOut ? { checkOut: offer.checkOut } : {}),
      ...(cls && CABIN[cls] ? { cabinOrSeat: CABIN[cls] } : {}),
      status: o.status as ItineraryCardView['items'][number]['status'],
      ...(o.supplierOrderId ? { orderId: o.supplierOrderId } : {}),
      amount: { minor: o.amountMinor - o.refundedMinor, currency: o.currency },
      payment: o.payment as 'company' | 'personal',
    };
  });
  const total = items.filter((i) => i.status !== 'cancelled' && i.status !== 'failed' && i.amount.currency === currency).reduce((s, i) => s + i.amount.minor, 0);
  const frozen = (trip.details as { frozen?: { minor: number; budgetId?: string } }).frozen;
  // What the department's budget has left (the figure the approval text and the draft card speak of), not what is
  // left of this trip's own freeze.
  const deptBudget = frozen?.budgetId ? await getBudget(tx, orgId, frozen.budgetId) : undefined;
  const short = (trip.details as { budgetShort?: { neededMinor: number } }).budgetShort;
  const phase = trip.phase;
  return {
    kind: 'itinerary',
    requestId: trip.id,
    number: trip.number,
    title: trip.title,
    traveller: traveller?.name ?? trip.submitterId,
    destination: facts?.destination ?? '',
    departDate: facts?.departDate ?? '',
    returnDate: facts?.returnDate ?? '',
    items,
    total: { minor: total, currency },
    ...(frozen ? { budget: { frozen: { minor: frozen.minor, currency }, ...(deptBudget ? { available: { minor: available(deptBudget), currency: deptBudget.currency } } : {}) } } : {}),
    ...(phase === 'cancelled'
      ? { note: { zh: '行程已取消，冻结的预算已释放。', en: 'Trip cancelled; the frozen budget was released.' } }
      : phase === 'completed'
        ? { note: { zh: '行程已报销结案，冻结的预算已结转。', en: 'Trip closed: claimed, and its frozen budget settled.' } }
        : phase === 'travelled'
          ? { note: { zh: '行程已结束，订单已生成费用明细，可以报销了。', en: 'Trip done: its orders are now expense lines, ready to claim.' } }
          : short
            ? { note: { zh: `预算不足以冻结实际订单费用（还差 ${currency} ${formatAmount({ minor: short.neededMinor, currency })}），财务可见。`, en: `The budget could not freeze the booked cost (${currency} ${formatAmount({ minor: short.neededMinor, currency })} short); finance can see it.` } }
            : {}),
  };
}

/** Replaces every copy of a draft line's card with its answered form (no buttons). */
export async function closeLineCard(tx: Executor, deps: { ids: ApprovalCardDeps['ids'] }, to: Recipient, lineId: string, status: 'confirmed' | 'dismissed', now: Date): Promise<CardView | undefined> {
  const card = await getCard(tx, to.orgId, `line:${lineId}`, to.channel, to.employeeId);
  if (!card) return undefined;
  const view: ExpenseConfirmCardView = { ...(card.view as ExpenseConfirmCardView), buttons: [], closed: { status, at: now.toISOString() } };
  await deliver(tx, deps.ids, { ...to, address: card.address }, { cardKey: card.cardKey, view }, now);
  return view;
}
