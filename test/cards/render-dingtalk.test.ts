import { describe, expect, it } from 'vitest';
import { DINGTALK_MAX_MARKDOWN, escapeDingTalkMarkdown, renderDingTalkCard, type DingTalkCard } from '../../cards/render-dingtalk.js';
import { EN, ZH, approvalView, decidedApproval, draftView, hugeHistory, listView, noticeView } from './fixtures.js';

const actions = (card: DingTalkCard) => card.cardData.contents.flatMap((c) => (c.type === 'action' ? c.actions : []));
const markdownOf = (card: DingTalkCard) => card.cardData.contents.flatMap((c) => (c.type === 'markdown' ? [c.text] : [])).join('\n');

describe('renderDingTalkCard', () => {
  it('builds a StandardCard with a title, markdown body and request buttons carrying the token', () => {
    const card = renderDingTalkCard(approvalView(), ZH);
    expect(card.cardData.header.title).toEqual({ type: 'text', text: '出差申请 · 上海客户拜访' });
    expect(actions(card).map((b) => [b.id, b.label.text, b.actionType, b.status, b.params])).toEqual([
      ['btn_approve', '同意', 'request', 'primary', { t: 'tok.approve.signature', a: 'approve' }],
      ['btn_reject', '驳回', 'request', 'warning', { t: 'tok.reject.signature', a: 'reject' }],
      ['btn_return', '退回修改', 'request', 'normal', { t: 'tok.return.signature', a: 'return' }],
    ]);
  });

  it('uses no markdown tables and shows violations, budget and step progress', () => {
    const md = markdownOf(renderDingTalkCard(approvalView(), ZH));
    expect(md).not.toMatch(/^\s*\|.*\|\s*$/m);
    expect(md).toContain('⛔ **违规**：高铁超出二等座标准');
    expect(md).toContain('⚠️ **提醒**：酒店价格接近上限');
    expect(md).toContain('¥50,000.00 → ¥48,720.00');
    expect(md).toContain('财务会签 · 2/3 已同意');
  });

  it('gives templates a flat map whose values are all strings', () => {
    for (const view of [approvalView(), decidedApproval(), draftView(), noticeView(), listView(3)]) {
      const map = renderDingTalkCard(view, EN).cardParamMap;
      for (const [key, value] of Object.entries(map)) expect(typeof value, key).toBe('string');
    }
    const map = renderDingTalkCard(approvalView(), EN).cardParamMap;
    expect(map.title).toBe('Trip request · 上海客户拜访');
    expect(map.status).toBe('pending');
    expect(map.has_buttons).toBe('true');
    expect(JSON.parse(map.buttons!)).toEqual([
      { action: 'approve', text: 'Approve', value: 'tok.approve.signature', status: 'primary', needs_reason: false },
      { action: 'reject', text: 'Reject', value: 'tok.reject.signature', status: 'warning', needs_reason: true },
      { action: 'return', text: 'Return for changes', value: 'tok.return.signature', status: 'normal', needs_reason: true },
    ]);
    expect(map.btn_approve_value).toBe('tok.approve.signature');
    expect(map.btn_submit_value).toBe('');
  });

  it('clears the buttons once decided, also in the template map, and states the decision', () => {
    const card = renderDingTalkCard(decidedApproval(), ZH);
    expect(actions(card)).toEqual([]);
    expect(card.cardParamMap.has_buttons).toBe('false');
    expect(card.cardParamMap.buttons).toBe('[]');
    expect(card.cardParamMap.btn_approve_value).toBe('');
    expect(card.cardParamMap.outcome).toBe('已由 王强 于 11月18日 10:05 同意');
    expect(markdownOf(card)).toContain('已由 王强 于 11月18日 10:05 同意');
    expect(card.cardParamMap.status).toBe('approved');
  });

  it('escapes markdown in user text', () => {
    const view = approvalView({ facts: { ...approvalView().facts, requester: '[x](http://evil) <b>' } });
    const md = markdownOf(renderDingTalkCard(view, EN));
    expect(md).toContain('\\[x\\](http://evil) \\<b\\>');
    expect(escapeDingTalkMarkdown('**')).toBe('\\*\\*');
  });

  it('keeps the body bounded with a huge history, keeping the newest entries', () => {
    const card = renderDingTalkCard(approvalView({ history: hugeHistory(300) }), ZH);
    expect(markdownOf(card).length).toBeLessThanOrEqual(DINGTALK_MAX_MARKDOWN);
    expect(markdownOf(card)).toContain('审批人299');
    expect(markdownOf(card)).not.toContain('审批人0 ');
    expect(actions(card)).toHaveLength(3);
  });

  it('lists requests with money in the currency exponent', () => {
    const md = markdownOf(renderDingTalkCard(listView(2), EN));
    expect(md).toContain('Expense claim · Pending · JPY 18,500 · Nov 18, 2024');
  });
});
