// The one view model every card is rendered from. Renderers (Feishu card JSON 2.0, DingTalk card data, Slack Block
// Kit, HTML) are pure functions of (view, options); the use cases build views, never platform JSON.

import type { DigestCardView } from './digest-view.js';
import type { Locale, LocalizedText, MoneyView } from './basics.js';

export type { Locale, LocalizedText, MoneyView } from './basics.js';
export type { DigestCardView } from './digest-view.js';

/** The facts of one request, as shown on every card about it. */
export interface RequestFacts {
  readonly requestId: string;
  /** What people call it (`TR-0042`); a draft has none until it is submitted. */
  readonly number?: string;
  readonly type: 'trip' | 'expense' | 'visit' | 'advance' | 'reimbursement' | 'payment_run';
  /**
   * A title someone wrote (an OA system's, a claim's). Empty when the card should name the request by its facts in
   * the reader's language ("出差申请 · 深圳" / "Trip request · Shenzhen", "费用报销 · 交通" / "Expense claim · Transport").
   */
  readonly title: string;
  /** Display names, e.g. "张伟 Zhang Wei". */
  readonly requester: string;
  readonly department?: string;
  readonly amount?: MoneyView;
  readonly trip?: {
    readonly origin?: string;
    readonly destination?: string;
    /** `YYYY-MM-DD`. */
    readonly departDate?: string;
    readonly returnDate?: string;
    readonly transport?: 'flight' | 'train' | 'car' | 'bus' | 'ship';
    readonly travellers?: number;
    readonly purpose?: string;
  };
  readonly expense?: {
    readonly category: string;
    readonly date?: string;
    readonly merchant?: string;
    readonly description?: string;
  };
  /** A reimbursement: its lines, the applications it settles, what it offsets and how its cost is split. */
  readonly reimbursement?: {
    readonly lines: number;
    readonly applications: readonly string[];
    readonly advanceOffset?: MoneyView;
    readonly payable?: MoneyView;
    readonly allocations?: readonly { readonly label: string; readonly amount: MoneyView }[];
  };
  readonly advance?: { readonly purpose?: string; readonly outstanding?: MoneyView };
  /** A payment run finance approves: how many, how much per currency, who gets most, what waits. */
  readonly paymentRun?: {
    readonly count: number;
    readonly byCurrency: readonly { readonly amount: MoneyView; readonly count: number }[];
    readonly largest: readonly { readonly name: string; readonly amount: MoneyView }[];
    readonly held: number;
  };
  readonly visit?: {
    readonly visitorName?: string;
    readonly company?: string;
    readonly visitDate?: string;
    /** `HH:MM`. */
    readonly startTime?: string;
    readonly headcount?: number;
    readonly purpose?: string;
  } & VisitPlanFacts;
}

/**
 * A registered visit's fields (the reception's approval card and the staff's schedule): each visitor (the mobile
 * already masked to its last four), level, window, site, staff, resources, and the estimate of only the chosen types.
 */
export interface VisitPlanFacts {
  readonly visitors?: readonly { readonly name: string; readonly company?: string; readonly title?: string; readonly mobile?: string }[];
  readonly level?: 'vip' | 'standard';
  /** ISO instants; shown in the reader's time zone. */
  readonly start?: string;
  readonly end?: string;
  readonly site?: string;
  readonly address?: string;
  readonly host?: string;
  readonly companions?: readonly string[];
  readonly resources?: readonly ('meeting_room' | 'equipment' | 'car' | 'meal' | 'lodging')[];
  readonly estimate?: readonly { readonly type: 'visit' | 'meal' | 'alcohol' | 'lodging' | 'transport' | 'gift'; readonly amount: MoneyView }[];
  /** `standard`: estimated from the reception standards for the party (no amount was given); `given`: as written. */
  readonly estimateBasis?: 'standard' | 'given';
  /** The advance (借款) to the host asked for, paid out on approval. */
  readonly advance?: MoneyView;
  /** Beside an advance, as they stood when it was asked: the department's hospitality budget available (null: none set)… */
  readonly hospitalityAvailable?: MoneyView | null;
  /** …and the host's outstanding advances: how many, and their total per currency. */
  readonly hostAdvances?: { readonly count: number; readonly totals: readonly MoneyView[] };
  /**
   * A recurring visit: the rule in words, each occurrence's start (ISO), the estimate above being per occurrence and
   * `total` for all; `assumed` when the requester gave no count or end and the default was taken.
   */
  readonly series?: { readonly rule: LocalizedText; readonly starts: readonly string[]; readonly total?: MoneyView; readonly assumed?: boolean };
}

export interface PolicyNoteView {
  readonly severity: 'block' | 'warn' | 'info';
  readonly message: LocalizedText;
}

/** What the request does to its budget, always in the budget's currency. */
export interface BudgetImpactView {
  readonly availableBefore: MoneyView;
  readonly availableAfter: MoneyView;
  readonly overBudget: boolean;
  /** The request's amount was in another currency: what it was, what it is in the budget's currency, and the rate. */
  readonly converted?: { readonly from: MoneyView; readonly amount: MoneyView; readonly rate: string };
  /** The request's amount is in `currency`, with no rate to the budget's: shown as not comparable (after = before). */
  readonly notComparable?: { readonly currency: string };
}

/** A budget line: the impact, or `none` when the department has no budget for this category and period. */
export type BudgetView = BudgetImpactView | { readonly none: true };

export type HistoryAction = 'submit' | 'approve' | 'reject' | 'return' | 'withdraw' | 'resubmit' | 'remind' | 'escalate' | 'delegate';

export interface HistoryEntryView {
  /** ISO timestamp; renderers show it in `RenderOptions.timeZone`. */
  readonly at: string;
  /** Display name of who acted; ignored when `system` is set. */
  readonly actor: string;
  /** The scheduler acted (a reminder, an escalation): shown as "系统" / "System" in the reader's language. */
  readonly system?: boolean;
  readonly action: HistoryAction;
  readonly step?: string;
  readonly comment?: string;
}

/** Who approved the active step and who still may: "2/3 approved" on an `all` (会签) step. */
export interface StepView {
  readonly name: string;
  readonly mode: 'any' | 'all';
  readonly approved: readonly string[];
  readonly pending: readonly string[];
}

/** `open_form`: Slack's button opening a card's form (the visit form) in a modal. */
export type ButtonAction = 'approve' | 'reject' | 'return' | 'submit' | 'edit' | 'cancel' | 'confirm' | 'dismiss' | 'pay_again' | 'change_account' | 'enter_account' | 'open_form';

/**
 * A button. `value` is an opaque signed token (instance, step, action, expiry) that the platform sends back on click;
 * renderers put it where the platform returns it and never look inside. `reject` and `return` need a reason: each
 * renderer asks for one (a text input on Feishu and HTML, a modal opened by the adapter on Slack).
 */
export interface ButtonView {
  readonly action: ButtonAction;
  readonly value: string;
  /** A label of its own instead of the action's ("重新付款至尾号1234"). */
  readonly label?: LocalizedText;
}

export interface DecisionView {
  readonly status: 'approved' | 'rejected' | 'returned' | 'withdrawn';
  readonly by: string;
  /** ISO timestamp. */
  readonly at: string;
  readonly comment?: string;
}

/** Draft/confirm card: what the bot understood, the policy check and budget impact, Submit / Edit / Cancel. */
export interface DraftCardView {
  readonly kind: 'draft';
  readonly facts: RequestFacts;
  readonly violations: readonly PolicyNoteView[];
  readonly budget?: BudgetView;
  /** What the employee wrote to justify a policy warning; the approver sees it too. */
  readonly justification?: string;
  readonly buttons: readonly ButtonView[];
  /**
   * Set once the draft was submitted or cancelled, or while it is being edited (Edit was clicked and the new draft has
   * not replaced it yet; `replaced` once it has): buttons are gone and this says what happened. A submitted draft
   * names the request number it became.
   */
  readonly closed?: { readonly status: 'submitted' | 'cancelled' | 'editing' | 'replaced'; readonly at: string; readonly number?: string };
}

/** The approver's card. While the step waits it has buttons; once decided it shows the decision and none. */
export interface ApprovalCardView {
  readonly kind: 'approval';
  readonly facts: RequestFacts;
  readonly violations: readonly PolicyNoteView[];
  /** The employee's written justification for submitting despite violations. */
  readonly justification?: string;
  readonly budget?: BudgetView;
  readonly history: readonly HistoryEntryView[];
  readonly step?: StepView;
  readonly buttons: readonly ButtonView[];
  readonly decided?: DecisionView;
}

/** A notification to the submitter, or a reminder / escalation to an approver (which may carry buttons). */
export interface NoticeCardView {
  readonly kind: 'notice';
  readonly event: 'submitted' | 'approved' | 'rejected' | 'returned' | 'withdrawn' | 'reminder' | 'escalated';
  readonly facts: RequestFacts;
  readonly by?: string;
  /** ISO timestamp. */
  readonly at?: string;
  readonly comment?: string;
  readonly buttons?: readonly ButtonView[];
}

/** "我的申请 / my requests". */
export interface RequestListView {
  readonly kind: 'list';
  readonly items: readonly {
    readonly requestId: string;
    readonly number?: string;
    readonly type: RequestFacts['type'];
    readonly title: string;
    readonly status: 'draft' | 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn';
    readonly amount?: MoneyView;
    /** ISO timestamp of submission. */
    readonly at: string;
  }[];
}

export type OrderStatusView = 'booked' | 'issued' | 'changed' | 'refunded' | 'completed' | 'cancelled' | 'failed';

/** The traveller's booked trip, updated in place as the supplier's orders move. */
export interface ItineraryCardView {
  readonly kind: 'itinerary';
  readonly requestId: string;
  readonly number?: string;
  readonly title: string;
  readonly traveller: string;
  readonly destination: string;
  readonly departDate: string;
  readonly returnDate: string;
  readonly items: readonly {
    readonly kind: 'flight' | 'train' | 'hotel';
    readonly description: string;
    /** 'YYYY-MM-DDTHH:MM', local to where it happens. */
    readonly departAt?: string;
    readonly arriveAt?: string;
    readonly checkIn?: string;
    readonly checkOut?: string;
    readonly cabinOrSeat?: LocalizedText;
    readonly status: OrderStatusView;
    readonly orderId?: string;
    readonly amount: MoneyView;
    readonly payment: 'company' | 'personal';
  }[];
  readonly total: MoneyView;
  /** What this trip holds frozen, and what its department budget has left after it. */
  readonly budget?: { readonly frozen: MoneyView; readonly available?: MoneyView };
  readonly note?: LocalizedText;
}

/** A draft expense line (a card transaction, a personally paid order) to confirm with one click. */
export interface ExpenseConfirmCardView {
  readonly kind: 'expense_confirm';
  readonly lineId: string;
  readonly source: 'card' | 'supplier';
  readonly amount: MoneyView;
  readonly date: string;
  readonly merchant: string;
  readonly category: string;
  readonly trip?: { readonly requestId: string; readonly title: string };
  readonly match?: LocalizedText;
  /** `confirm` and `dismiss`. */
  readonly buttons: readonly ButtonView[];
  readonly closed?: { readonly status: 'confirmed' | 'dismissed'; readonly at: string };
}

/**
 * A receipt sent in chat, as read: seller, date, amount, tax (an e-invoice read exactly, or a model's suggestion), the
 * line it went to, and `confirm` to accept it (attaching a suggestion, opening a draft line).
 */
export interface ReceiptReadCardView {
  readonly kind: 'receipt_read';
  readonly receiptId: string;
  readonly filename?: string;
  /** `xml`: read exactly from the e-invoice; `model`: read from the image by the model, to check; `none`: not read. */
  readonly readBy: 'xml' | 'model' | 'none';
  readonly seller?: string;
  readonly date?: string;
  readonly total?: MoneyView;
  readonly tax?: MoneyView;
  readonly number?: string;
  /** `matched`: an open line of the same amount and date took it; `new`: a new draft line. */
  readonly line?: { readonly how: 'matched' | 'new' };
  readonly note?: LocalizedText;
  /** `confirm`. */
  readonly buttons: readonly ButtonView[];
  readonly closed?: { readonly status: 'confirmed'; readonly at: string };
}

/** Money that moved: an advance paid, a claim settled (offset, payable), budget released. */
export interface LedgerNoticeCardView {
  readonly kind: 'ledger_notice';
  readonly event: 'advance_paid' | 'advance_offset' | 'reimbursement_approved' | 'payable_created' | 'budget_released' | 'payee_changed' | 'payment_settled' | 'payment_rejected' | 'payment_returned';
  readonly requestId: string;
  readonly number?: string;
  readonly title: string;
  readonly lines: readonly { readonly label: LocalizedText; readonly amount: MoneyView }[];
  readonly note?: LocalizedText;
}

/**
 * The form an employee fills in to set their payout account: inputs on Feishu and the console, a button opening a
 * modal on Slack, the line to type on DingTalk (whose cards cannot take input). `value` is the signed token the
 * submission carries.
 */
export interface PayeeFormCardView {
  readonly kind: 'payee_form';
  readonly value: string;
  /** Asked to set an account, or to change it after a payment came back. */
  readonly purpose: 'set' | 'change';
  /** Once submitted (the confirmation card follows) no input is left to fill. */
  readonly closed?: { readonly status: 'submitted'; readonly at: string };
}

/** An account the employee typed, shown masked for them to confirm: Confirm / Cancel. */
export interface PayeeConfirmCardView {
  readonly kind: 'payee_confirm';
  readonly holderName: string;
  readonly bankName: string;
  /** `尾号1234` / `****1234`: the number itself never reaches a card. */
  readonly masked: LocalizedText;
  readonly cnaps?: string;
  readonly bic?: string;
  readonly currency: string;
  /** Payments wait this long after a change (said before the employee confirms). */
  readonly holdHours: number;
  /** ISO timestamp: the buttons stop working then. */
  readonly expiresAt: string;
  readonly buttons: readonly ButtonView[];
  readonly closed?: { readonly status: 'confirmed' | 'unchanged' | 'cancelled' | 'expired' | 'replaced'; readonly at: string; readonly holdUntil?: string };
}

/** A payment the bank returned (退票): why, and Pay again to the same account / Change account. */
export interface PaymentReturnedCardView {
  readonly kind: 'payment_returned';
  readonly requestId: string;
  readonly number?: string;
  readonly title: string;
  readonly amount: MoneyView;
  readonly reason: LocalizedText;
  /** The account it was returned from. */
  readonly account: { readonly bankName: string; readonly masked: LocalizedText };
  readonly buttons: readonly ButtonView[];
  readonly closed?: { readonly status: 'pay_again' | 'changed'; readonly at: string };
}

/**
 * A visit's schedule for the staff receiving it (the host, the companions, the site's reception desk): sent when it is
 * approved and again shortly before it starts.
 */
export interface VisitScheduleCardView {
  readonly kind: 'visit_schedule';
  readonly occasion: 'approved' | 'reminder';
  readonly visitId: string;
  readonly number?: string;
  /** Why this reader gets it: they host it, accompany it, or staff the site's reception desk. */
  readonly role: 'host' | 'companion' | 'desk';
  readonly visit: VisitPlanFacts & { readonly company?: string; readonly purpose?: string };
}

/**
 * The visit registration form (来访登记): inputs on Feishu and the console, a button opening a modal on Slack, the
 * sentence to send on DingTalk. `value` is the signed token the submission carries.
 */
export interface VisitFormCardView {
  readonly kind: 'visit_form';
  readonly value: string;
  /** The organisation's sites to choose from; with only one, none is asked for. */
  readonly sites: readonly { readonly id: string; readonly name: string }[];
  /**
   * A submission refused, sent back on the card (in the answer to it only, never stored): what was typed, and why,
   * naming the field at fault.
   */
  readonly refill?: { readonly values: Readonly<Record<string, string>>; readonly problem: string };
  /** Once registered no input is left: the request it became. */
  readonly closed?: { readonly status: 'submitted'; readonly at: string; readonly number?: string };
}

export type CardView =
  | VisitScheduleCardView
  | VisitFormCardView
  | DraftCardView | ApprovalCardView | NoticeCardView | RequestListView | ItineraryCardView | ExpenseConfirmCardView | LedgerNoticeCardView | ReceiptReadCardView
  | PayeeFormCardView | PayeeConfirmCardView | PaymentReturnedCardView | DigestCardView;

export interface RenderOptions {
  readonly locale: Locale;
  /** IANA zone for timestamps, e.g. `Asia/Shanghai`. */
  readonly timeZone: string;
}
