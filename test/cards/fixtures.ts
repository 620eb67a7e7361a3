// Builders for card views used by the renderer tests; each call returns fresh data that a test may override.
import type {
  ApprovalCardView, ButtonView, DraftCardView, HistoryEntryView, NoticeCardView, RenderOptions, RequestFacts, RequestListView,
} from '../../cards/view-model.js';

export const ZH: RenderOptions = { locale: 'zh', timeZone: 'Asia/Shanghai' };
export const EN: RenderOptions = { locale: 'en', timeZone: 'Asia/Shanghai' };

export function tripFacts(overrides: Partial<RequestFacts> = {}): RequestFacts {
  return {
    requestId: 'TR-2024-0042',
    type: 'trip',
    title: '上海客户拜访',
    requester: '张伟 Zhang Wei',
    department: '销售部',
    amount: { minor: 128000, currency: 'CNY' },
    trip: { origin: '北京', destination: '上海', departDate: '2024-11-20', returnDate: '2024-11-22', transport: 'train', travellers: 2, purpose: '拜访客户' },
    ...overrides,
  };
}

export const button = (action: ButtonView['action']): ButtonView => ({ action, value: `tok.${action}.signature` });

export function approvalView(overrides: Partial<ApprovalCardView> = {}): ApprovalCardView {
  return {
    kind: 'approval',
    facts: tripFacts(),
    violations: [
      { severity: 'block', message: { zh: '高铁超出二等座标准', en: 'Train class above second class' } },
      { severity: 'warn', message: { zh: '酒店价格接近上限', en: 'Hotel price close to the cap' } },
    ],
    justification: '客户临时改期',
    budget: { availableBefore: { minor: 5000000, currency: 'CNY' }, availableAfter: { minor: 4872000, currency: 'CNY' }, overBudget: false },
    history: [{ at: '2024-11-18T01:00:00Z', actor: '张伟 Zhang Wei', action: 'submit' }],
    step: { name: '财务会签', mode: 'all', approved: ['李娜', '赵敏'], pending: ['王强'] },
    buttons: [button('approve'), button('reject'), button('return')],
    ...overrides,
  };
}

export function decidedApproval(): ApprovalCardView {
  return approvalView({ decided: { status: 'approved', by: '王强', at: '2024-11-18T02:05:00Z', comment: '同意出行' } });
}

export function draftView(overrides: Partial<DraftCardView> = {}): DraftCardView {
  return {
    kind: 'draft',
    facts: tripFacts(),
    violations: [],
    budget: { availableBefore: { minor: 100000, currency: 'CNY' }, availableAfter: { minor: -28000, currency: 'CNY' }, overBudget: true },
    buttons: [button('submit'), button('edit'), button('cancel')],
    ...overrides,
  };
}

export function noticeView(overrides: Partial<NoticeCardView> = {}): NoticeCardView {
  return { kind: 'notice', event: 'approved', facts: tripFacts(), by: '王强', at: '2024-11-18T02:05:00Z', ...overrides };
}

export function listView(count: number): RequestListView {
  return {
    kind: 'list',
    items: Array.from({ length: count }, (_, i) => ({
      requestId: `EX-${i}`,
      type: 'expense' as const,
      title: `报销 ${i}`,
      status: 'pending' as const,
      amount: { minor: 18500, currency: 'JPY' },
      at: '2024-11-18T02:05:00Z',
    })),
  };
}

/** `n` history entries, each with a long comment: enough to break every platform's limits if not shortened. */
export function hugeHistory(n: number, commentLength = 2000): HistoryEntryView[] {
  return Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.UTC(2024, 10, 1, 0, i)).toISOString(),
    actor: `审批人${i}`,
    action: i % 2 === 0 ? 'remind' : 'approve',
    step: '部门经理',
    comment: `#${i} ` + '很长的意见<&>'.repeat(Math.ceil(commentLength / 9)),
  }));
}

/** Every string value anywhere inside a JSON-like value. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}
