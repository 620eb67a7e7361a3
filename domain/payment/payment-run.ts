// Payment runs: which due payables a run proposes, which it holds and why, how it splits into bank batches, and
// the statuses a run and each payment in it may move through.
import { domainError, err, ok, type Result } from '../shared/index.js';
import { onHold } from './payee.js';

/** A payable the company owes, as a run sees it. */
export interface DuePayable {
  readonly id: string;
  readonly payeeType: 'employee' | 'supplier';
  readonly payeeId: string;
  readonly amount: { readonly minor: number; readonly currency: string };
  /** The day it falls due, YYYY-MM-DD in the organisation's calendar. */
  readonly dueOn: string;
  readonly createdAt: Date;
  /** A payment of it came back (退票): it waits until the employee confirms or changes their account. */
  readonly awaitingPayeeSince?: Date | null;
}

/** The payee account a payable would be paid to (undefined: none on file). */
export interface PayeeAccountFacts {
  readonly payeeId: string;
  readonly currency: string;
  readonly holdUntil?: Date | null;
}

/** One of the organisation's own accounts money is paid from; one per currency is the default debtor. */
export interface DebtorAccountFacts {
  readonly id: string;
  readonly currency: string;
}

/** Why an item of a run is not paid in it. */
export type HoldReason =
  | { readonly code: 'NO_ACCOUNT' }
  | { readonly code: 'PAYEE_ON_HOLD'; readonly until: string }
  | { readonly code: 'AWAITING_PAYEE_CONFIRMATION'; readonly since: string }
  | { readonly code: 'NO_DEBTOR_ACCOUNT'; readonly currency: string }
  | { readonly code: 'ACCOUNT_CURRENCY'; readonly accountCurrency: string }
  | { readonly code: 'BY_FINANCE'; readonly note?: string };

export const RUN_ITEM_STATES = ['included', 'held', 'excluded'] as const;
/** Included: paid in this run; held: kept in the run, not paid (a reason); excluded: taken out, back to the pool. */
export type RunItemState = (typeof RUN_ITEM_STATES)[number];

/** One payable in a proposed run. */
export interface RunItem {
  readonly payableId: string;
  readonly owner: { readonly type: 'employee' | 'supplier'; readonly id: string };
  readonly payeeId?: string;
  readonly amount: { readonly minor: number; readonly currency: string };
  /** When the payable fell due (absent on runs proposed before payables had due dates). */
  readonly dueOn?: string;
  readonly debtorAccountId?: string;
  readonly state: RunItemState;
  readonly reason?: HoldReason;
}

/** A run's included items of one currency and debtor account: one PmtInf in one file. */
export interface RunBatch {
  readonly currency: string;
  readonly debtorAccountId: string;
  readonly count: number;
  readonly totalMinor: number;
}

/**
 * Proposes a run of the payables due by `dueBy` (YYYY-MM-DD; later ones are left for a later run): each is included
 * when its payee has an account in the payable's currency, not on hold, and the organisation has a debtor account in
 * that currency (the first one in that currency pays), and no returned payment of it still waits for the employee to
 * confirm their account; otherwise it is held with the reason, so finance sees why instead of it silently waiting.
 * Items come grouped by currency and debtor account (held ones after the paid ones of their currency), each group in
 * due-date order, oldest first.
 */
export function proposeRun(payables: readonly DuePayable[], accounts: ReadonlyMap<string, PayeeAccountFacts>, debtors: readonly DebtorAccountFacts[], now: Date, dueBy: string): RunItem[] {
  const debtorOf = new Map<string, string>();
  for (const d of debtors) if (!debtorOf.has(d.currency)) debtorOf.set(d.currency, d.id);
  const items = payables
    .filter((p) => p.dueOn <= dueBy)
    .map((p): RunItem & { createdAt: number } => {
      const base = { payableId: p.id, owner: { type: p.payeeType, id: p.payeeId }, amount: p.amount, dueOn: p.dueOn, createdAt: p.createdAt.getTime() };
      const account = accounts.get(`${p.payeeType}:${p.payeeId}`);
      if (!account) return { ...base, state: 'held', reason: { code: 'NO_ACCOUNT' } };
      const withPayee = { ...base, payeeId: account.payeeId };
      if (p.awaitingPayeeSince) return { ...withPayee, state: 'held', reason: { code: 'AWAITING_PAYEE_CONFIRMATION', since: new Date(p.awaitingPayeeSince).toISOString() } };
      if (account.currency !== p.amount.currency) return { ...withPayee, state: 'held', reason: { code: 'ACCOUNT_CURRENCY', accountCurrency: account.currency } };
      if (onHold(account, now)) return { ...withPayee, state: 'held', reason: { code: 'PAYEE_ON_HOLD', until: new Date(account.holdUntil!).toISOString() } };
      const debtor = debtorOf.get(p.amount.currency);
      if (!debtor) return { ...withPayee, state: 'held', reason: { code: 'NO_DEBTOR_ACCOUNT', currency: p.amount.currency } };
      return { ...withPayee, debtorAccountId: debtor, state: 'included' };
    });
  // Held items have no debtor account: '\uffff' sorts them after their currency's paid groups.
  const key = (i: RunItem) => `${i.amount.currency}|${i.debtorAccountId ?? '\uffff'}`;
  items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) || (a.dueOn! < b.dueOn! ? -1 : a.dueOn! > b.dueOn! ? 1 : 0) || a.createdAt - b.createdAt || (a.payableId < b.payableId ? -1 : 1));
  return items.map(({ createdAt: _c, ...i }) => i);
}

/** The bank batches of a run: included items grouped by currency and debtor account, in a stable order. */
export function batchesOf(items: readonly RunItem[]): RunBatch[] {
  const groups = new Map<string, { currency: string; debtorAccountId: string; count: number; totalMinor: number }>();
  for (const i of items) {
    if (i.state !== 'included' || !i.debtorAccountId) continue;
    const key = `${i.amount.currency}|${i.debtorAccountId}`;
    const g = groups.get(key) ?? { currency: i.amount.currency, debtorAccountId: i.debtorAccountId, count: 0, totalMinor: 0 };
    g.count++;
    g.totalMinor += i.amount.minor;
    if (!Number.isSafeInteger(g.totalMinor)) throw new RangeError(`run total in ${i.amount.currency} is beyond safe integers`);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => (a.currency + a.debtorAccountId < b.currency + b.debtorAccountId ? -1 : 1));
}

export const RUN_STATUSES = ['draft', 'pending_approval', 'approved', 'released', 'completed', 'cancelled'] as const;
/** draft → pending_approval → approved → released (files built, sent) → completed; or cancelled (rejected, withdrawn). */
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Finance may change a run's items only while it is a draft (or was returned to one). */
export function canEditItems(status: RunStatus): Result<void> {
  return status === 'draft' ? ok(undefined) : err(domainError('PAYMENT.RUN_NOT_DRAFT', `the run is ${status}; only a draft run can be changed`, { status }));
}

/** Holds or excludes an item of a draft run (or takes it back in): one decision by finance. */
export function setItemState(items: readonly RunItem[], payableId: string, state: RunItemState, note: string | undefined): Result<RunItem[]> {
  const i = items.findIndex((x) => x.payableId === payableId);
  if (i < 0) return err(domainError('NOT_FOUND', `payable ${payableId} is not in this run`));
  const item = items[i]!;
  if (state === 'included' && item.reason && item.reason.code !== 'BY_FINANCE')
    return err(domainError('PAYMENT.ITEM_NOT_PAYABLE', `payable ${payableId} cannot be included: ${item.reason.code}`, { reason: item.reason }));
  const { reason: _old, ...rest } = item;
  const next: RunItem = state === 'included' ? rest : { ...rest, state, reason: { code: 'BY_FINANCE', ...(note ? { note } : {}) } };
  return ok(items.map((x, k) => (k === i ? { ...next, state } : x)));
}

export const PAYMENT_STATUSES = ['planned', 'submitted', 'accepted', 'settled', 'rejected', 'returned', 'cancelled'] as const;
/**
 * planned (ids persisted, file built) → submitted (the bank has the file, or may have: unknown outcomes stay here and
 * are polled) → accepted (status report) → settled (booked on the statement); rejected by the bank; returned after
 * settling (退票); cancelled before submission.
 */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

const NEXT: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  planned: ['submitted', 'cancelled', 'rejected'],
  submitted: ['accepted', 'rejected', 'settled'],
  accepted: ['settled', 'rejected'],
  settled: ['returned'],
  rejected: [],
  returned: [],
  cancelled: [],
};

/** Whether a payment may move from `from` to `to` (a repeat of the same status is a no-op, not an error). */
export function paymentTransition(from: PaymentStatus, to: PaymentStatus): 'apply' | 'same' | 'refuse' {
  if (from === to) return 'same';
  return NEXT[from].includes(to) ? 'apply' : 'refuse';
}

/** An ISO 20022 id (MsgId, PmtInfId, EndToEndId): ≤ 35 characters from the EPC set, made from one of our ids. */
export function isoId(prefix: 'MSG' | 'PMI' | 'E2E', id: string): string {
  const body = id.replace(/^[a-z]+_/, '').replace(/[^A-Za-z0-9]/g, '');
  const out = `${prefix}-${body}`;
  if (out.length > 35) throw new RangeError(`ISO id too long: ${out}`);
  return out;
}
