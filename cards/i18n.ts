// Card wording in Chinese and English: labels, statuses, buttons and the sentences built from them.
// Lookup tables keyed by the view model's unions, so a new union member is a compile error here.
import type { ButtonAction, ButtonView, DecisionView, HistoryAction, LedgerNoticeCardView, Locale, NoticeCardView, RequestFacts, RequestListView } from './view-model.js';

type Bi = { readonly zh: string; readonly en: string };
type Table<K extends string> = Readonly<Record<K, Bi>>;

export const REQUEST_TYPES: Table<RequestFacts['type']> = {
  trip: { zh: '出差申请', en: 'Trip request' },
  expense: { zh: '费用报销', en: 'Expense claim' },
  visit: { zh: '来访登记', en: 'Visitor registration' },
  advance: { zh: '借款申请', en: 'Advance request' },
  reimbursement: { zh: '报销单', en: 'Reimbursement' },
  payment_run: { zh: '付款批次', en: 'Payment run' },
};

export type FieldKey =
  | 'requestId' | 'requester' | 'department' | 'amount' | 'route' | 'departDate' | 'returnDate' | 'transport'
  | 'travellers' | 'purpose' | 'category' | 'expenseDate' | 'merchant' | 'description' | 'visitor' | 'company'
  | 'visitDate' | 'visitTime' | 'headcount' | 'justification' | 'budget' | 'step' | 'history' | 'comment' | 'policy'
  | 'reason' | 'lines' | 'applications' | 'advanceOffset' | 'payable' | 'allocation' | 'outstanding' | 'traveller' | 'payment'
  | 'orderStatus' | 'total' | 'frozen' | 'source' | 'trip' | 'payments' | 'byCurrency' | 'largestPayees' | 'held';

export const FIELDS: Table<FieldKey> = {
  requestId: { zh: '申请编号', en: 'Request no.' },
  requester: { zh: '申请人', en: 'Requester' },
  department: { zh: '部门', en: 'Department' },
  amount: { zh: '金额', en: 'Amount' },
  route: { zh: '行程', en: 'Route' },
  departDate: { zh: '出发日期', en: 'Departure' },
  returnDate: { zh: '返回日期', en: 'Return' },
  transport: { zh: '交通方式', en: 'Transport' },
  travellers: { zh: '出行人数', en: 'Travellers' },
  purpose: { zh: '事由', en: 'Purpose' },
  category: { zh: '费用类别', en: 'Category' },
  expenseDate: { zh: '发生日期', en: 'Date' },
  merchant: { zh: '商户', en: 'Merchant' },
  description: { zh: '说明', en: 'Description' },
  visitor: { zh: '访客', en: 'Visitor' },
  company: { zh: '来访单位', en: 'Company' },
  visitDate: { zh: '来访日期', en: 'Visit date' },
  visitTime: { zh: '到访时间', en: 'Arrival time' },
  headcount: { zh: '来访人数', en: 'Headcount' },
  justification: { zh: '超标说明', en: 'Justification' },
  budget: { zh: '可用预算', en: 'Available budget' },
  step: { zh: '当前步骤', en: 'Current step' },
  history: { zh: '审批记录', en: 'History' },
  comment: { zh: '意见', en: 'Comment' },
  policy: { zh: '政策检查', en: 'Policy check' },
  reason: { zh: '理由', en: 'Reason' },
  lines: { zh: '费用明细', en: 'Expense lines' },
  applications: { zh: '关联申请', en: 'Linked applications' },
  advanceOffset: { zh: '冲抵借款', en: 'Advance offset' },
  payable: { zh: '应付员工', en: 'Payable to employee' },
  allocation: { zh: '费用分摊', en: 'Cost allocation' },
  outstanding: { zh: '未还借款', en: 'Outstanding advances' },
  traveller: { zh: '出行人', en: 'Traveller' },
  payment: { zh: '结算方式', en: 'Payment' },
  orderStatus: { zh: '订单状态', en: 'Order status' },
  total: { zh: '合计', en: 'Total' },
  payments: { zh: '付款笔数', en: 'Payments' },
  byCurrency: { zh: '按币种', en: 'By currency' },
  largestPayees: { zh: '最大收款人', en: 'Largest payees' },
  held: { zh: '暂缓项目', en: 'Held items' },
  frozen: { zh: '已冻结预算', en: 'Budget frozen' },
  source: { zh: '来源', en: 'Source' },
  trip: { zh: '关联行程', en: 'Trip' },
};

export const ORDER_STATUSES: Table<'booked' | 'issued' | 'changed' | 'refunded' | 'completed' | 'cancelled' | 'failed'> = {
  booked: { zh: '已预订', en: 'Booked' },
  issued: { zh: '已出票', en: 'Issued' },
  changed: { zh: '已改签', en: 'Changed' },
  refunded: { zh: '已退款', en: 'Refunded' },
  completed: { zh: '已完成', en: 'Completed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  failed: { zh: '预订失败', en: 'Booking failed' },
};

export const PAYMENTS: Table<'company' | 'personal'> = {
  company: { zh: '公司统一结算', en: 'Company-billed' },
  personal: { zh: '个人垫付', en: 'Paid personally' },
};

export const LEDGER_TITLES: Table<LedgerNoticeCardView['event']> = {
  advance_paid: { zh: '借款已批准', en: 'Advance approved' },
  advance_offset: { zh: '借款已冲抵', en: 'Advance offset' },
  reimbursement_approved: { zh: '报销已批准', en: 'Reimbursement approved' },
  payable_created: { zh: '待付款', en: 'Payment due' },
  budget_released: { zh: '预算已释放', en: 'Budget released' },
  payee_changed: { zh: '收款账户已变更', en: 'Payout account changed' },
  payment_settled: { zh: '已付款', en: 'Paid' },
  payment_rejected: { zh: '付款未成功', en: 'Payment failed' },
  payment_returned: { zh: '付款被退回', en: 'Payment returned' },
};

export const LIFECYCLE: Table<'itinerary' | 'confirmExpense' | 'confirmed' | 'dismissed' | 'fromCard' | 'fromSupplier'> = {
  itinerary: { zh: '行程单', en: 'Itinerary' },
  confirmExpense: { zh: '请确认这笔费用', en: 'Please confirm this expense' },
  confirmed: { zh: '已确认为公务费用', en: 'Confirmed as a business expense' },
  dismissed: { zh: '已标记为非公务费用', en: 'Marked as not a business expense' },
  fromCard: { zh: '公司卡交易', en: 'Corporate card transaction' },
  fromSupplier: { zh: '差旅订单（个人垫付）', en: 'Travel order (paid personally)' },
};

export const TRANSPORT: Table<NonNullable<NonNullable<RequestFacts['trip']>['transport']>> = {
  flight: { zh: '飞机', en: 'Flight' },
  train: { zh: '火车', en: 'Train' },
  car: { zh: '汽车', en: 'Car' },
  bus: { zh: '大巴', en: 'Bus' },
  ship: { zh: '轮船', en: 'Ship' },
};

export type ExpenseCategory = 'meal' | 'lodging' | 'transport' | 'hospitality' | 'office' | 'communication' | 'other';

export const EXPENSE_CATEGORIES: Table<ExpenseCategory> = {
  meal: { zh: '餐饮', en: 'Meals' },
  lodging: { zh: '住宿', en: 'Lodging' },
  transport: { zh: '交通', en: 'Transport' },
  hospitality: { zh: '业务招待', en: 'Hospitality' },
  office: { zh: '办公用品', en: 'Office supplies' },
  communication: { zh: '通讯', en: 'Communication' },
  other: { zh: '其他', en: 'Other' },
};

export type RequestStatus = RequestListView['items'][number]['status'];

export const STATUSES: Table<RequestStatus> = {
  draft: { zh: '草稿', en: 'Draft' },
  pending: { zh: '审批中', en: 'Pending' },
  approved: { zh: '已通过', en: 'Approved' },
  rejected: { zh: '已驳回', en: 'Rejected' },
  returned: { zh: '已退回', en: 'Returned' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/** Status tags shown in card headers, beyond the request statuses above. */
export const CARD_STATES: Table<'awaitingConfirmation' | 'awaitingApproval' | 'submitted' | 'cancelled' | 'editing' | 'replaced'> = {
  awaitingConfirmation: { zh: '待确认', en: 'To confirm' },
  awaitingApproval: { zh: '待审批', en: 'Awaiting approval' },
  submitted: { zh: '已提交', en: 'Submitted' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  editing: { zh: '修改中', en: 'Being edited' },
  replaced: { zh: '已修改', en: 'Replaced' },
};

/** History verbs, as in "王强 同意" / "Wang Qiang approved". */
export const HISTORY_ACTIONS: Table<HistoryAction> = {
  submit: { zh: '提交', en: 'submitted' },
  approve: { zh: '同意', en: 'approved' },
  reject: { zh: '驳回', en: 'rejected' },
  return: { zh: '退回修改', en: 'returned for changes' },
  withdraw: { zh: '撤回', en: 'withdrew' },
  resubmit: { zh: '重新提交', en: 'resubmitted' },
  remind: { zh: '催办', en: 'sent a reminder' },
  escalate: { zh: '升级', en: 'escalated' },
  delegate: { zh: '转交', en: 'delegated' },
};

export const BUTTONS: Table<ButtonAction> = {
  submit: { zh: '提交', en: 'Submit' },
  edit: { zh: '修改', en: 'Edit' },
  cancel: { zh: '取消', en: 'Cancel' },
  approve: { zh: '同意', en: 'Approve' },
  reject: { zh: '驳回', en: 'Reject' },
  return: { zh: '退回修改', en: 'Return for changes' },
  confirm: { zh: '确认是公务费用', en: 'Confirm' },
  dismiss: { zh: '不是公务费用', en: 'Not a business expense' },
  pay_again: { zh: '按原账户重新付款', en: 'Pay again to this account' },
  change_account: { zh: '更换收款账户', en: 'Change account' },
  enter_account: { zh: '填写收款账户', en: 'Enter bank account' },
  open_form: { zh: '填写表单', en: 'Fill in the form' },
};

/** What a button says: its own label when it has one, else its action's. */
export const buttonLabel = (b: ButtonView, locale: Locale): string => b.label?.[locale] ?? BUTTONS[b.action][locale];

/** Actions that need a written reason before they are carried out. */
export const REASON_ACTIONS: ReadonlySet<ButtonAction> = new Set<ButtonAction>(['reject', 'return']);

export const NOTICE_TITLES: Table<NoticeCardView['event']> = {
  submitted: { zh: '申请已提交', en: 'Request submitted' },
  approved: { zh: '申请已通过', en: 'Request approved' },
  rejected: { zh: '申请被驳回', en: 'Request rejected' },
  returned: { zh: '申请被退回修改', en: 'Request returned for changes' },
  withdrawn: { zh: '申请已撤回', en: 'Request withdrawn' },
  reminder: { zh: '审批提醒', en: 'Approval reminder' },
  escalated: { zh: '审批已升级', en: 'Approval escalated' },
};

export const NOTICE_MESSAGES: Table<'reminder' | 'escalated'> = {
  reminder: { zh: '此申请正在等待您审批。', en: 'This request is waiting for your approval.' },
  escalated: { zh: '此申请审批超时，已升级至您处理。', en: 'This request timed out and was escalated to you.' },
};

export const MISC: Table<
  | 'myRequests' | 'noRequests' | 'moreItems' | 'earlierHistory' | 'overBudget' | 'anyMode' | 'waitingFor'
  | 'severityBlock' | 'severityWarn' | 'severityInfo' | 'reasonPlaceholder' | 'noBudget' | 'budgetNotComparable' | 'budgetConverted' | 'system'
> = {
  system: { zh: '系统', en: 'System' },
  noBudget: { zh: '本部门本期没有这一类预算', en: 'No budget set for this category and period' },
  budgetNotComparable: { zh: '{before}（{currency} 金额没有设置汇率，无法与预算比较）', en: '{before} ({currency} amount not comparable: no exchange rate set)' },
  budgetConverted: { zh: '（{from} 按汇率 {rate} 折合 {amount}）', en: ' ({from} at {rate} = {amount})' },
  myRequests: { zh: '我的申请', en: 'My requests' },
  noRequests: { zh: '暂无申请。', en: 'No requests yet.' },
  moreItems: { zh: '还有 {n} 条未显示', en: '{n} more not shown' },
  earlierHistory: { zh: '更早的 {n} 条记录未显示', en: '{n} earlier entries not shown' },
  overBudget: { zh: '超出预算', en: 'over budget' },
  anyMode: { zh: '任一人同意即可', en: 'any one approver' },
  waitingFor: { zh: '待审批：{names}', en: 'waiting for {names}' },
  severityBlock: { zh: '违规', en: 'Violation' },
  severityWarn: { zh: '提醒', en: 'Warning' },
  severityInfo: { zh: '说明', en: 'Note' },
  reasonPlaceholder: { zh: '请填写理由', en: 'Please give a reason' },
};

/** Titles and labels of the "reason" prompt, per action. */
export const REASON_PROMPTS: Table<'reject' | 'return' | 'either'> = {
  reject: { zh: '驳回理由（必填）', en: 'Reason for rejecting (required)' },
  return: { zh: '退回理由（必填）', en: 'What should be changed (required)' },
  either: { zh: '驳回或退回理由（必填）', en: 'Reason to reject or return (required)' },
};

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** "、" between names in Chinese, ", " in English. */
export function joinNames(names: readonly string[], locale: Locale): string {
  return names.join(locale === 'zh' ? '、' : ', ');
}

/** A stored request type as cards know it: a purchase or other request reads as an expense claim. */
export function cardRequestType(type: string): RequestFacts['type'] {
  return Object.hasOwn(REQUEST_TYPES, type) ? (type as RequestFacts['type']) : 'expense';
}

/** "出差申请" / "Trip request" for a stored request type. */
export const requestTypeLabel = (type: string, locale: Locale): string => REQUEST_TYPES[cardRequestType(type)][locale];

/** The label of an expense category; an unknown category is shown as given. */
export function categoryLabel(category: string, locale: Locale): string {
  return Object.hasOwn(EXPENSE_CATEGORIES, category) ? EXPENSE_CATEGORIES[category as ExpenseCategory][locale] : category;
}

const DECIDED_VERBS: Table<DecisionView['status']> = {
  approved: { zh: '同意', en: 'Approved' },
  rejected: { zh: '驳回', en: 'Rejected' },
  returned: { zh: '退回修改', en: 'Returned for changes' },
  withdrawn: { zh: '撤回', en: 'Withdrawn' },
};

/** "已由 王强 于 11月18日 10:05 同意" / "Approved by Wang Qiang at Nov 18, 10:05". `when` is already formatted. */
export function decidedLine(status: DecisionView['status'], by: string, when: string, locale: Locale): string {
  const verb = DECIDED_VERBS[status][locale];
  return locale === 'zh' ? `已由 ${by} 于 ${when} ${verb}` : `${verb} by ${by} at ${when}`;
}

/** "张伟 于 11月18日 10:05 提交" / "Submitted by Zhang Wei at Nov 18, 10:05". */
export function submittedLine(by: string, when: string, locale: Locale): string {
  return locale === 'zh' ? `${by} 于 ${when} 提交` : `Submitted by ${by} at ${when}`;
}

const CLOSED_LINES: Table<'submitted' | 'cancelled' | 'editing' | 'replaced'> = {
  submitted: { zh: '已于 {when} 提交', en: 'Submitted at {when}' },
  cancelled: { zh: '已于 {when} 取消', en: 'Cancelled at {when}' },
  editing: { zh: '正在修改：请在对话中说明要改的内容，新的草稿会替换这张卡片。', en: 'Being edited: say what to change in the chat; the new draft replaces this card.' },
  replaced: { zh: '已于 {when} 修改，请看下方新的草稿。', en: 'Edited at {when}: see the new draft below.' },
};

/**
 * A closed draft: "已于 11月18日 10:05 提交，申请编号 TR-0042" / "Submitted at Nov 18, 10:05 as TR-0042"; a draft being
 * edited says how to go on.
 */
export function closedLine(status: 'submitted' | 'cancelled' | 'editing' | 'replaced', when: string, locale: Locale, number?: string): string {
  const line = fill(CLOSED_LINES[status][locale], { when });
  if (status !== 'submitted' || !number) return line;
  return locale === 'zh' ? `${line}，申请编号 ${number}` : `${line} as ${number}`;
}

/** "财务会签 · 2/3 已同意" / "Finance · 2/3 approved". */
export function allProgress(step: string, approved: number, total: number, locale: Locale): string {
  return locale === 'zh' ? `${step} · ${approved}/${total} 已同意` : `${step} · ${approved}/${total} approved`;
}
