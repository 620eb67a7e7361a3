// The payment-run approval card finance gets in chat: total, count, by currency, largest payees and held items, in
// each reader's language, on every platform's renderer.
import { describe, expect, it } from 'vitest';
import { cardContent, renderDingTalkCard, renderFeishuCard, renderHtmlCard, renderSlackMessage } from '../../cards/index.js';
import type { RequestFacts } from '../../cards/view-model.js';
import { EN, ZH, approvalView } from './fixtures.js';

const run: RequestFacts = {
  requestId: 'req_run',
  number: 'PR-0001',
  type: 'payment_run',
  title: 'Payment run · 3 payments',
  requester: 'Sarah Johnson',
  amount: { minor: 214_000, currency: 'CNY' },
  paymentRun: {
    count: 3,
    byCurrency: [
      { amount: { minor: 184_000, currency: 'CNY' }, count: 2 },
      { amount: { minor: 30_000, currency: 'USD' }, count: 1 },
    ],
    largest: [
      { name: '张伟', amount: { minor: 128_000, currency: 'CNY' } },
      { name: '李娜', amount: { minor: 56_000, currency: 'CNY' } },
    ],
    held: 1,
  },
};

describe('payment run approval card', () => {
  it('shows count, totals by currency, largest payees and held items in Chinese and English', () => {
    const zh = cardContent(approvalView({ facts: run, violations: [] }), ZH);
    const zhFacts = Object.fromEntries(zh.facts.map((f) => [f.label, f.value]));
    expect(zhFacts['付款笔数']).toBe('3');
    expect(zhFacts['按币种']).toBe('¥1,840.00 (2)；$300.00 (1)');
    expect(zhFacts['最大收款人']).toBe('张伟 ¥1,280.00；李娜 ¥560.00');
    expect(zhFacts['暂缓项目']).toBe('1');
    const en = cardContent(approvalView({ facts: run, violations: [] }), EN);
    const enFacts = Object.fromEntries(en.facts.map((f) => [f.label, f.value]));
    expect(enFacts['Payments']).toBe('3');
    expect(enFacts['Held items']).toBe('1');
    expect(en.title).toContain('Payment run');
  });

  it('renders on every platform with the largest payee visible', () => {
    const view = approvalView({ facts: run, violations: [] });
    for (const out of [renderFeishuCard(view, ZH), renderDingTalkCard(view, ZH), renderSlackMessage(view, ZH), renderHtmlCard(view, ZH)]) expect(JSON.stringify(out)).toContain('张伟 ¥1,280.00');
  });
});
