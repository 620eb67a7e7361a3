import { describe, expect, it } from 'vitest';
import { SLACK_LIMITS, escapeSlack, renderSlackMessage, renderSlackReasonModal, type SlackMessage } from '../../cards/render-slack.js';
import { EN, ZH, approvalView, button, decidedApproval, draftView, hugeHistory, listView } from './fixtures.js';

type Obj = Record<string, any>;

/** Every text object's `text` (of the given types), wherever it sits in the blocks. */
function texts(value: unknown, types: readonly string[] = ['mrkdwn', 'plain_text']): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => texts(v, types));
  if (value === null || typeof value !== 'object') return [];
  const o = value as Obj;
  const own = types.includes(o.type) && typeof o.text === 'string' ? [o.text as string] : [];
  return [...own, ...Object.values(o).flatMap((v) => texts(v, types))];
}
const actionsOf = (m: SlackMessage): Obj[] => m.blocks.filter((b) => b.type === 'actions').flatMap((b) => (b as Obj).elements as Obj[]);
const allText = (m: SlackMessage): string => texts(m.blocks).join('\n');

function expectWithinLimits(m: SlackMessage): void {
  expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
  for (const t of texts(m.blocks)) expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
  for (const b of m.blocks) {
    if (b.type === 'header') expect(((b as Obj).text.text as string).length).toBeLessThanOrEqual(SLACK_LIMITS.header);
    for (const f of ((b as Obj).fields ?? []) as Obj[]) expect((f.text as string).length).toBeLessThanOrEqual(SLACK_LIMITS.field);
  }
  for (const a of actionsOf(m)) expect((a.value as string).length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
}

describe('renderSlackMessage', () => {
  it('renders header, facts as fields, and buttons with the action id and token', () => {
    const m = renderSlackMessage(approvalView(), EN);
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Trip request · 上海客户拜访', emoji: true } });
    expect(m.blocks.some((b) => b.type === 'section' && Array.isArray((b as Obj).fields))).toBe(true);
    expect(actionsOf(m)).toEqual([
      { type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve', emoji: true }, value: 'tok.approve.signature', style: 'primary' },
      { type: 'button', action_id: 'reject', text: { type: 'plain_text', text: 'Reject', emoji: true }, value: 'tok.reject.signature', style: 'danger' },
      { type: 'button', action_id: 'return', text: { type: 'plain_text', text: 'Return for changes', emoji: true }, value: 'tok.return.signature' },
    ]);
    expect(m.text).toContain('Trip request');
  });

  it('drops the buttons once decided and says who decided, in both languages', () => {
    const zh = renderSlackMessage(decidedApproval(), ZH);
    expect(actionsOf(zh)).toEqual([]);
    expect(allText(zh)).toContain('已由 王强 于 11月18日 10:05 同意');
    expect(zh.text).toContain('已由 王强 于 11月18日 10:05 同意');
    expect(allText(renderSlackMessage(decidedApproval(), EN))).toContain('Approved by 王强 at Nov 18, 10:05');
  });

  it('drops the buttons of a submitted draft', () => {
    const m = renderSlackMessage(draftView({ closed: { status: 'submitted', at: '2024-11-18T02:05:00Z' } }), EN);
    expect(actionsOf(m)).toEqual([]);
    expect(allText(m)).toContain('Submitted at Nov 18, 10:05');
  });

  it('lists violations with their reasons, budget before and after, and step progress', () => {
    const text = allText(renderSlackMessage(approvalView(), ZH));
    expect(text).toContain(':no_entry: *违规* 高铁超出二等座标准');
    expect(text).toContain(':warning: *提醒* 酒店价格接近上限');
    expect(text).toContain('¥50,000.00 → ¥48,720.00');
    expect(text).toContain('财务会签 · 2/3 已同意 · 待审批：王强');
  });

  it('escapes &, < and > in user text so it cannot ping @channel', () => {
    const view = approvalView({ facts: { ...approvalView().facts, title: '<!channel> A & B', requester: '<!channel> A & B' } });
    const m = renderSlackMessage(view, EN);
    // Plain text (the header) is never parsed for mentions; every mrkdwn text must be escaped.
    expect(texts(m.blocks, ['mrkdwn']).join('\n')).not.toContain('<!channel>');
    expect(texts(m.blocks, ['mrkdwn']).join('\n')).toContain('&lt;!channel&gt; A &amp; B');
    expect(m.text).toContain('&lt;!channel&gt; A &amp; B');
    expect(escapeSlack('<a&b>')).toBe('&lt;a&amp;b&gt;');
  });

  it('keeps within 50 blocks and 3,000 characters with a huge history and comment', () => {
    const view = approvalView({ history: hugeHistory(500), justification: 'x'.repeat(10000), facts: { ...approvalView().facts, title: 'T'.repeat(500) } });
    const m = renderSlackMessage(view, ZH);
    expectWithinLimits(m);
    expect(actionsOf(m)).toHaveLength(3);
    expect(allText(m)).toContain('审批人499');
    expect(allText(m)).toMatch(/更早的 \d+ 条记录未显示/);
  });

  it('does not cut an escaped entity in half when shortening', () => {
    const view = approvalView({ justification: '<'.repeat(5000) });
    const m = renderSlackMessage(view, EN);
    expectWithinLimits(m);
    const just = texts(m.blocks).find((t) => t.startsWith('*Justification*'))!;
    expect(just).toMatch(/^\*Justification\*\n(&lt;)+…$/);
  });

  it('keeps a long request list within 50 blocks', () => {
    const m = renderSlackMessage(listView(400), EN);
    expectWithinLimits(m);
    expect(allText(m)).toContain('JPY 18,500');
    expect(allText(m)).toMatch(/\d+ more not shown/);
  });

  it('refuses a button value over 2,000 characters rather than sending a broken token', () => {
    const view = approvalView({ buttons: [{ action: 'approve', value: 'v'.repeat(2001) }] });
    expect(() => renderSlackMessage(view, EN)).toThrow(RangeError);
    expect(() => renderSlackMessage(approvalView({ buttons: [{ action: 'approve', value: 'v'.repeat(2000) }] }), EN)).not.toThrow();
  });
});

describe('renderSlackReasonModal', () => {
  it('asks for a reason and carries the button token in private_metadata', () => {
    const modal = renderSlackReasonModal({ action: 'reject', value: button('reject').value, locale: 'zh' });
    expect(modal).toMatchObject({ type: 'modal', callback_id: 'reason', private_metadata: 'tok.reject.signature' });
    expect(modal.title).toMatchObject({ type: 'plain_text', text: '驳回' });
    expect(modal.blocks).toHaveLength(1);
    expect(modal.blocks[0]).toMatchObject({
      type: 'input',
      block_id: 'reason',
      label: { type: 'plain_text', text: '驳回理由（必填）' },
      element: { type: 'plain_text_input', action_id: 'reason' },
    });
  });

  it('is localised and keeps the title within 24 characters', () => {
    const modal = renderSlackReasonModal({ action: 'return', value: 't', locale: 'en' });
    expect(modal.title.text).toBe('Return for changes');
    expect(modal.title.text.length).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
    expect(modal.close.text).toBe('Cancel');
    expect(JSON.stringify(modal.blocks)).toContain('What should be changed (required)');
  });
});
