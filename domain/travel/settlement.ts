// Matching a travel supplier's monthly settlement statement (对账单) with our orders, line by line. Pure: the use case
// loads the orders the lines name, the completed company-paid orders of the month and what earlier statements already
// settled; this decides which lines are owed and why the others are not.
import { formatMoney } from '../money/index.js';
import type { PaymentMode, SettlementLine } from './supplier.port.js';
import type { OrderStatus } from './order-lifecycle.js';

export type SettlementExceptionKind = 'unknown_order' | 'amount_mismatch' | 'missing_order' | 'duplicate_line' | 'currency_mismatch' | 'not_billable';

/** A reason in both languages finance reads. */
export interface Reason {
  readonly zh: string;
  readonly en: string;
}

/** One of our orders as the matcher needs it. */
export interface SettlementOrder {
  readonly id: string;
  readonly supplierOrderId: string;
  readonly clientRef: string;
  readonly status: OrderStatus;
  readonly payment: PaymentMode;
  readonly amountMinor: number;
  readonly refundedMinor: number;
  readonly currency: string;
  /** 'YYYY-MM-DD' the service was used (departure, check-in); decides the month a missing order belongs to. */
  readonly serviceDate: string;
}

/** What earlier statements settled for one order: the signed sum of its matched lines and their line ids. */
export interface PriorSettlement {
  readonly matchedMinor: number;
  readonly lineIds: ReadonlySet<string>;
  /** The month of the latest statement that settled it, for the reason text. */
  readonly month: string;
}

export interface SettlementInput {
  readonly month: string;
  readonly lines: readonly SettlementLine[];
  /** Our orders the lines name, and our completed company-paid orders of the month (by supplier order id). */
  readonly orders: readonly SettlementOrder[];
  /** By supplier order id. */
  readonly prior: ReadonlyMap<string, PriorSettlement>;
}

export interface LineOutcome {
  /** 1-based position on the statement. */
  readonly lineNo: number;
  readonly status: 'matched' | 'exception';
  readonly orderId?: string;
  readonly exception?: SettlementExceptionKind;
}

export interface SettlementException {
  readonly kind: SettlementExceptionKind;
  /** The statement lines it is about (none for a missing order). */
  readonly lineNos: readonly number[];
  readonly supplierOrderRef: string;
  readonly orderId?: string;
  /** What the statement bills (signed: refunds lower it). */
  readonly billed?: { readonly minor: number; readonly currency: string };
  /** What our order says is owed. */
  readonly expected?: { readonly minor: number; readonly currency: string };
  readonly reason: Reason;
}

export interface SettlementResult {
  readonly lines: readonly LineOutcome[];
  readonly exceptions: readonly SettlementException[];
  /** Signed sum of the matched lines, per currency: what is owed to the supplier. */
  readonly matched: Readonly<Record<string, number>>;
  /** Signed sum of every line, per currency: what the supplier asks for. */
  readonly billed: Readonly<Record<string, number>>;
}

/** A refund credits, everything else charges. */
export const signedMinor = (l: Pick<SettlementLine, 'kind' | 'amount'>): number => (l.kind === 'refund' ? -l.amount.minor : l.amount.minor);

const fmt = (minor: number, currency: string) => formatMoney({ minor, currency });

/** 'YYYY-MM' with a real month. */
export const isMonth = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

/** The month before 'YYYY-MM'. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Why a line for this order is not billable to the company, or undefined when it is. */
function notBillable(o: SettlementOrder): Reason | undefined {
  if (o.payment !== 'company') return { zh: `订单 ${o.supplierOrderId} 由出行人个人支付，不应向公司结算`, en: `order ${o.supplierOrderId} was paid by the traveller, not billed to the company account` };
  if (o.status === 'cancelled') return { zh: `订单 ${o.supplierOrderId} 已取消`, en: `order ${o.supplierOrderId} was cancelled` };
  if (o.status === 'failed') return { zh: `订单 ${o.supplierOrderId} 预订失败，未成交`, en: `order ${o.supplierOrderId} was never booked (the booking failed)` };
  if (o.status !== 'completed') return { zh: `订单 ${o.supplierOrderId} 尚未完成（${o.status}），完成后再结算`, en: `order ${o.supplierOrderId} is not completed yet (${o.status}); it is settled once completed` };
  return undefined;
}

/**
 * Matches a statement with our orders. Each line is checked in order: a repeat of an earlier line (same line id or
 * same order, kind, amount and date), or a line an earlier statement already settled, is a duplicate; a line naming
 * an order we did not book (or under another reference) is unknown; a line for an order that is cancelled, paid
 * personally or not completed is not billable; a line in another currency than its order is a currency mismatch.
 * The remaining lines of each order must add up (ticket + change fees − refunds) to what the order still owes (its
 * net less what earlier statements settled): then they are matched, else every one of them is an amount mismatch.
 * Finally each completed company-paid order used in the month that no line names and no earlier statement settled
 * is missing.
 */
export function matchSettlement(input: SettlementInput): SettlementResult {
  const orders = new Map(input.orders.map((o) => [o.supplierOrderId, o]));
  const outcomes: LineOutcome[] = [];
  const exceptions: SettlementException[] = [];
  const billed: Record<string, number> = {};
  const matched: Record<string, number> = {};
  const seenIds = new Map<string, number>();
  const seenContent = new Map<string, number>();
  const named = new Set<string>();
  const byOrder = new Map<string, { order: SettlementOrder; lineNos: number[]; lines: SettlementLine[] }>();
  const lineException = (lineNo: number, l: SettlementLine, kind: SettlementExceptionKind, reason: Reason, o?: SettlementOrder, expected?: { minor: number; currency: string }) => {
    outcomes[lineNo - 1] = { lineNo, status: 'exception', exception: kind, ...(o ? { orderId: o.id } : {}) };
    exceptions.push({ kind, lineNos: [lineNo], supplierOrderRef: l.supplierOrderRef, ...(o ? { orderId: o.id } : {}), billed: { minor: signedMinor(l), currency: l.amount.currency }, ...(expected ? { expected } : {}), reason });
  };

  input.lines.forEach((l, i) => {
    const lineNo = i + 1;
    billed[l.amount.currency] = (billed[l.amount.currency] ?? 0) + signedMinor(l);
    named.add(l.supplierOrderRef);
    const content = `${l.supplierOrderRef}|${l.kind}|${l.amount.minor}|${l.amount.currency}|${l.date}`;
    const firstById = seenIds.get(l.lineId);
    const firstByContent = seenContent.get(content);
    if (firstById === undefined) seenIds.set(l.lineId, lineNo);
    if (firstByContent === undefined) seenContent.set(content, lineNo);
    const order = orders.get(l.supplierOrderRef);
    if (firstById !== undefined || firstByContent !== undefined) {
      const first = firstById ?? firstByContent!;
      const amount = fmt(l.amount.minor, l.amount.currency);
      return lineException(lineNo, l, 'duplicate_line', { zh: `与第 ${first} 行重复：订单 ${l.supplierOrderRef} 的 ${amount} 被计费两次`, en: `repeats line ${first}: ${amount} for order ${l.supplierOrderRef} is billed twice` }, order);
    }
    const prior = input.prior.get(l.supplierOrderRef);
    if (prior?.lineIds.has(l.lineId)) {
      return lineException(lineNo, l, 'duplicate_line', { zh: `第 ${l.lineId} 行已在 ${prior.month} 对账单中结算`, en: `line ${l.lineId} was already settled on the ${prior.month} statement` }, order);
    }
    if (!order) {
      return lineException(lineNo, l, 'unknown_order', { zh: `订单 ${l.supplierOrderRef} 不是我们预订的订单`, en: `order ${l.supplierOrderRef} is not an order we booked` });
    }
    if (order.clientRef !== l.clientRef) {
      return lineException(lineNo, l, 'unknown_order', { zh: `订单 ${l.supplierOrderRef} 的预订号是 ${order.clientRef}，对账单写的是 ${l.clientRef}`, en: `order ${l.supplierOrderRef} was booked under ${order.clientRef}, the statement says ${l.clientRef}` }, order);
    }
    const why = notBillable(order);
    if (why) return lineException(lineNo, l, 'not_billable', why, order);
    if (l.amount.currency !== order.currency) {
      return lineException(lineNo, l, 'currency_mismatch', { zh: `订单 ${l.supplierOrderRef} 以 ${order.currency} 计价，对账单按 ${l.amount.currency} 计费`, en: `order ${l.supplierOrderRef} is in ${order.currency}, the statement bills it in ${l.amount.currency}` }, order);
    }
    const group = byOrder.get(order.supplierOrderId) ?? { order, lineNos: [], lines: [] };
    group.lineNos.push(lineNo);
    group.lines.push(l);
    byOrder.set(order.supplierOrderId, group);
  });

  for (const { order, lineNos, lines } of byOrder.values()) {
    const sum = lines.reduce((s, l) => s + signedMinor(l), 0);
    const settled = input.prior.get(order.supplierOrderId)?.matchedMinor ?? 0;
    const owed = order.amountMinor - order.refundedMinor - settled;
    if (sum === owed) {
      for (const n of lineNos) outcomes[n - 1] = { lineNo: n, status: 'matched', orderId: order.id };
      matched[order.currency] = (matched[order.currency] ?? 0) + sum;
      continue;
    }
    for (const n of lineNos) outcomes[n - 1] = { lineNo: n, status: 'exception', exception: 'amount_mismatch', orderId: order.id };
    const b = fmt(sum, order.currency);
    const e = fmt(owed, order.currency);
    const earlier = settled !== 0 ? { zh: `（已在此前对账单结算 ${fmt(settled, order.currency)}）`, en: ` (after ${fmt(settled, order.currency)} settled on earlier statements)` } : { zh: '', en: '' };
    exceptions.push({
      kind: 'amount_mismatch',
      lineNos,
      supplierOrderRef: order.supplierOrderId,
      orderId: order.id,
      billed: { minor: sum, currency: order.currency },
      expected: { minor: owed, currency: order.currency },
      reason: { zh: `订单 ${order.supplierOrderId} 对账单计费 ${b}，我方订单应付 ${e}${earlier.zh}`, en: `the statement bills ${b} for order ${order.supplierOrderId}, our order comes to ${e}${earlier.en}` },
    });
  }

  for (const o of input.orders) {
    if (named.has(o.supplierOrderId) || input.prior.has(o.supplierOrderId)) continue;
    if (o.status !== 'completed' || o.payment !== 'company' || !o.serviceDate.startsWith(`${input.month}-`)) continue;
    const net = o.amountMinor - o.refundedMinor;
    if (net <= 0) continue;
    exceptions.push({
      kind: 'missing_order',
      lineNos: [],
      supplierOrderRef: o.supplierOrderId,
      orderId: o.id,
      expected: { minor: net, currency: o.currency },
      reason: { zh: `我方已完成的订单 ${o.supplierOrderId}（${fmt(net, o.currency)}，${o.serviceDate}）不在对账单上`, en: `our completed order ${o.supplierOrderId} (${fmt(net, o.currency)}, ${o.serviceDate}) is not on the statement` },
    });
  }
  return { lines: outcomes, exceptions, matched, billed };
}
