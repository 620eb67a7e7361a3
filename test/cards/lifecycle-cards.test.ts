// The lifecycle's cards (itinerary, expense to confirm, money notice) in all four renderers: what a user reads, the
// one-click buttons, and the platforms' limits with a long itinerary.
import { describe, expect, it } from 'vitest';
import { FEISHU_MAX_CARD_BYTES, SLACK_LIMITS, feishuCardBytes, renderDingTalkCard, renderFeishuCard, renderHtmlCard, renderSlackMessage, type CardView, type ExpenseConfirmCardView, type ItineraryCardView, type LedgerNoticeCardView } from '../../cards/index.js';
import { EN, ZH, button } from './fixtures.js';

const item = (i: number): ItineraryCardView['items'][number] => ({
  kind: i % 3 === 2 ? 'hotel' : 'train',
  description: i % 3 === 2 ? '上海快捷酒店 Express Inn' : `G${100 + i} 北京 → 上海`,
  ...(i % 3 === 2 ? { checkIn: '2026-11-24', checkOut: '2026-11-26' } : { departAt: '2026-11-24T08:00', arriveAt: '2026-11-24T12:38' }),
  ...(i % 3 === 2 ? {} : { cabinOrSeat: { zh: '二等座', en: 'Second class' } }),
  status: i === 1 ? 'changed' : 'issued',
  orderId: `SO${String(i).padStart(6, '0')}`,
  amount: { minor: 55_300 + i, currency: 'CNY' },
  payment: i === 0 ? 'personal' : 'company',
});
const itinerary = (n = 3): ItineraryCardView => ({
  kind: 'itinerary',
  requestId: 'req_1',
  title: '上海出差',
  traveller: '张伟',
  destination: '上海',
  departDate: '2026-11-24',
  returnDate: '2026-11-26',
  items: Array.from({ length: n }, (_, i) => item(i)),
  total: { minor: 165_903, currency: 'CNY' },
  budget: { frozen: { minor: 174_000, currency: 'CNY' }, available: { minor: 8_097, currency: 'CNY' } },
});
const confirm: ExpenseConfirmCardView = { kind: 'expense_confirm', lineId: 'exl_1', source: 'card', amount: { minor: 12_800, currency: 'CNY' }, date: '2026-11-25', merchant: '外婆家', category: 'meal', buttons: [button('confirm'), button('dismiss')] };
const notice: LedgerNoticeCardView = {
  kind: 'ledger_notice',
  event: 'reimbursement_approved',
  requestId: 'req_9',
  title: '报销 上海出差',
  lines: [
    { label: { zh: '冲抵借款', en: 'Offset against advances' }, amount: { minor: 50_000, currency: 'CNY' } },
    { label: { zh: '应付给您', en: 'To be paid to you' }, amount: { minor: 12_800, currency: 'CNY' } },
  ],
};

const views: [string, CardView][] = [['itinerary', itinerary()], ['confirm', confirm], ['notice', notice]];
const renderers = {
  feishu: (v: CardView, o = ZH) => JSON.stringify(renderFeishuCard(v, o)),
  slack: (v: CardView, o = ZH) => JSON.stringify(renderSlackMessage(v, o)),
  dingtalk: (v: CardView, o = ZH) => JSON.stringify(renderDingTalkCard(v, o)),
  html: (v: CardView, o = ZH) => renderHtmlCard(v, o),
};

describe.each(Object.entries(renderers))('%s', (_name, render) => {
  it('shows the itinerary: each order with time, class, amount, payment and status', () => {
    const out = render(itinerary());
    for (const s of ['行程单', 'G100 北京 → 上海', '二等座', '个人垫付', '公司统一结算', '已改签', '已出票', 'SO000001', '553.00']) expect(out).toContain(s);
    const en = render(itinerary(), EN);
    for (const s of ['Itinerary', 'Company-billed', 'Paid personally', 'Changed']) expect(en).toContain(s);
  });
  it('asks to confirm a draft expense with two buttons, and drops them once answered', () => {
    const out = render(confirm);
    for (const s of ['请确认这笔费用', '外婆家', '128.00', '公司卡交易', '确认是公务费用', 'tok.confirm.signature', 'tok.dismiss.signature']) expect(out).toContain(s);
    const closed = render({ ...confirm, buttons: [], closed: { status: 'confirmed', at: '2026-11-27T02:00:00Z' } });
    expect(closed).toContain('已确认为公务费用');
    expect(closed).not.toContain('tok.confirm.signature');
  });
  it('tells the employee what was offset and what will be paid', () => {
    const out = render(notice);
    for (const s of ['报销已批准', '冲抵借款', '500.00', '应付给您']) expect(out).toContain(s);
  });
});

describe('limits', () => {
  it('keeps a 30-order itinerary within Slack and Feishu limits', () => {
    const long = itinerary(30);
    const slack = renderSlackMessage(long, ZH);
    expect(slack.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(slack.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    expect(feishuCardBytes(renderFeishuCard(long, ZH))).toBeLessThanOrEqual(FEISHU_MAX_CARD_BYTES);
  });
  it('renders every lifecycle view in both languages without throwing', () => {
    for (const [, v] of views) for (const r of Object.values(renderers)) for (const o of [ZH, EN]) expect(r(v, o).length).toBeGreaterThan(0);
  });
});
