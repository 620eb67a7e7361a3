import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../cards/format.js';
import { FEISHU_MAX_CARD_BYTES, escapeFeishuMarkdown, feishuCardBytes, renderFeishuCard, type FeishuCard } from '../../cards/render-feishu.js';
import { EN, ZH, allStrings, approvalView, button, decidedApproval, draftView, hugeHistory, listView, noticeView } from './fixtures.js';

type El = Record<string, any>;

/** Every element in the card body, including those nested in forms and columns. */
function elements(card: FeishuCard): El[] {
  const out: El[] = [];
  const walk = (els: readonly El[]): void => {
    for (const el of els) {
      out.push(el);
      if (Array.isArray(el.elements)) walk(el.elements);
      if (Array.isArray(el.columns)) walk(el.columns);
    }
  };
  walk(card.body.elements as El[]);
  return out;
}
const buttons = (card: FeishuCard): El[] => elements(card).filter((e) => e.tag === 'button');
const markdown = (card: FeishuCard): string => elements(card).filter((e) => e.tag === 'markdown').map((e) => e.content as string).join('\n');

describe('renderFeishuCard', () => {
  it('is a JSON 2.0 card that updates for everyone who received it', () => {
    const card = renderFeishuCard(approvalView(), ZH);
    expect(card.schema).toBe('2.0');
    expect(card.config.update_multi).toBe(true);
    expect(card.header.title).toEqual({ tag: 'plain_text', content: '出差申请 · 上海客户拜访' });
    expect(card.header.template).toBe('orange');
  });

  it('carries approve as a callback button with the token and action in its value', () => {
    const approve = buttons(renderFeishuCard(approvalView(), ZH)).find((b) => b.name === 'btn_approve');
    expect(approve).toMatchObject({ tag: 'button', type: 'primary', text: { tag: 'plain_text', content: '同意' } });
    expect(approve?.behaviors).toEqual([{ type: 'callback', value: { t: 'tok.approve.signature', a: 'approve' } }]);
    expect(approve?.form_action_type).toBeUndefined();
  });

  it('puts reject and return in a form with a required reason input, submitted by those buttons', () => {
    const card = renderFeishuCard(approvalView(), EN);
    const form = card.body.elements.find((e) => e.tag === 'form') as El;
    expect(form).toBeDefined();
    const inner = JSON.stringify(form);
    expect(inner).toContain('"name":"reason"');
    const input = (form.elements as El[]).find((e) => e.tag === 'input');
    expect(input).toMatchObject({ name: 'reason', required: true });
    const inForm = buttons({ ...card, body: { elements: [form] } });
    expect(inForm.map((b) => [b.name, b.type, b.form_action_type, b.text.content])).toEqual([
      ['btn_reject', 'danger', 'submit', 'Reject'],
      ['btn_return', 'default', 'submit', 'Return for changes'],
    ]);
    expect(inForm[0]?.behaviors[0].value).toEqual({ t: 'tok.reject.signature', a: 'reject' });
  });

  it('removes every button once decided and states who decided when', () => {
    const zh = renderFeishuCard(decidedApproval(), ZH);
    expect(buttons(zh)).toEqual([]);
    expect(elements(zh).some((e) => e.tag === 'form')).toBe(false);
    expect(markdown(zh)).toContain('已由 王强 于 11月18日 10:05 同意');
    expect(zh.header.template).toBe('green');
    const en = renderFeishuCard(decidedApproval(), EN);
    expect(markdown(en)).toContain('Approved by 王强 at Nov 18, 10:05');
  });

  it('shows blocking violations in red and warnings in orange, with their reasons', () => {
    const text = markdown(renderFeishuCard(approvalView(), ZH));
    expect(text).toMatch(/<font color='red'>[^<]*高铁超出二等座标准<\/font>/);
    expect(text).toMatch(/<font color='orange'>[^<]*酒店价格接近上限<\/font>/);
  });

  it('shows the budget before and after, in red when over budget', () => {
    expect(markdown(renderFeishuCard(approvalView(), ZH))).toContain('¥50,000.00 → ¥48,720.00');
    const over = markdown(renderFeishuCard(draftView(), EN));
    expect(over).toContain("<font color='red'>CNY 1,000.00 → -CNY 280.00 (over budget)</font>");
  });

  it('shows progress of an all-approvers step', () => {
    expect(markdown(renderFeishuCard(approvalView(), ZH))).toContain('财务会签 · 2/3 已同意');
    expect(markdown(renderFeishuCard(approvalView(), EN))).toContain('财务会签 · 2/3 approved');
  });

  it('escapes markdown in user text so it cannot mention everyone or add links', () => {
    const view = approvalView({ facts: { ...approvalView().facts, requester: '<at id=all></at> [x](http://evil) **b**' } });
    const text = markdown(renderFeishuCard(view, ZH));
    expect(text).not.toContain('<at');
    expect(text).not.toContain('](');
    expect(escapeFeishuMarkdown('<a>*')).toBe('&#60;a&#62;&#42;');
  });

  it('stays under the size limit with a huge history and comments, keeping the newest entries and the buttons', () => {
    const view = approvalView({ history: hugeHistory(300), justification: '长'.repeat(20000) });
    const card = renderFeishuCard(view, ZH);
    expect(feishuCardBytes(card)).toBeLessThanOrEqual(FEISHU_MAX_CARD_BYTES);
    expect(feishuCardBytes(renderFeishuCard(approvalView(), ZH))).toBeLessThan(FEISHU_MAX_CARD_BYTES);
    expect(buttons(card).map((b) => b.name)).toEqual(['btn_approve', 'btn_reject', 'btn_return']);
    expect(markdown(card)).toContain('审批人299');
    expect(markdown(card)).toMatch(/更早的 \d+ 条记录未显示/);
  });

  it('counts a card as Feishu does: the UTF-8 bytes of its JSON quoted once more, whatever the text holds', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\t', '\u0001', '长', 'é', '😀', '\ud800', '\udc00', '\u2028', '<', ' '), maxLength: 60 });
    fc.assert(
      fc.property(text, text, (title, justification) => {
        const card = renderFeishuCard(approvalView({ justification, facts: { ...approvalView().facts, title } }), ZH);
        expect(feishuCardBytes(card)).toBe(Buffer.byteLength(JSON.stringify(JSON.stringify(card)), 'utf8'));
      }),
      { numRuns: 300 },
    );
    expect(utf8Length('a长😀\ud800é')).toBe(Buffer.byteLength('a长😀\ud800é', 'utf8'));
  });

  it('stays under the size limit for a long request list', () => {
    const card = renderFeishuCard(listView(5000), EN);
    expect(feishuCardBytes(card)).toBeLessThanOrEqual(FEISHU_MAX_CARD_BYTES);
    expect(markdown(card)).toContain('JPY 18,500');
    expect(markdown(card)).toMatch(/\d+ more not shown/);
  });

  it('gives a reminder notice its buttons and a notice about a decision none', () => {
    const reminder = renderFeishuCard(noticeView({ event: 'reminder', buttons: [button('approve'), button('reject')] }), ZH);
    expect(buttons(reminder).map((b) => b.name)).toEqual(['btn_approve', 'btn_reject']);
    const approved = renderFeishuCard(noticeView(), EN);
    expect(buttons(approved)).toEqual([]);
    expect(approved.header.title.content).toBe('Request approved · 上海客户拜访');
    expect(allStrings(approved).join('\n')).toContain('Approved by 王强 at Nov 18, 10:05');
  });
});
