// The visit registration form in all four renderers, each in the shape its platform documents: Feishu card JSON 2.0
// (a `form` container holding `input`, `select_static`, `multi_select_static`, `date_picker` and `picker_time`, and a
// submit button with `form_action_type: submit`), a Slack message whose button opens a modal of `input` blocks (its
// submission a `view_submission` with callback_id `visit_form`), the sentence to send on DingTalk (its cards take no
// input), and an HTML form on the console. A refused form comes back filled with what was typed and why.
import { describe, expect, it } from 'vitest';
import {
  SLACK_LIMITS, feishuCardBytes, FEISHU_MAX_CARD_BYTES, renderDingTalkCard, renderFeishuCard, renderHtmlCard, renderSlackFormModal, renderSlackMessage,
  type VisitFormCardView,
} from '../../cards/index.js';
import { EN, ZH } from './fixtures.js';

const sites = [{ id: 'hq', name: '上海总部' }, { id: 'bj', name: '北京分公司' }];
const form: VisitFormCardView = { kind: 'visit_form', value: 'tok.visit.signature', sites };
const typed = { visitors: '王强、李娜', company: 'ABC科技', mobile: '1380013800', level: 'vip', purpose: '商务洽谈', date: '2026-12-08', startTime: '14:00', endTime: '16:00', site: 'bj', resources: 'meeting_room,meal' };
const refused: VisitFormCardView = { ...form, refill: { values: typed, problem: '「手机号」****3800 不是能接收短信的手机号。请修改后再提交，其他已填写的内容都还在。' } };
const closed: VisitFormCardView = { ...form, closed: { status: 'submitted', at: '2026-11-18T02:00:00Z', number: 'VR-0001' } };

type El = Record<string, any>;
/** Every element of a Feishu card, depth first (forms and column sets opened). */
const elementsOf = (els: readonly El[]): El[] => els.flatMap((e) => [e, ...elementsOf(e.elements ?? []), ...elementsOf((e.columns ?? []).flatMap((c: El) => c.elements ?? []))]);

describe('the visit form on Feishu', () => {
  it('is a card JSON 2.0 form: one named component per field by its kind, and a submit button carrying the signed value', () => {
    const card = renderFeishuCard(form, ZH);
    expect(card.schema).toBe('2.0');
    expect(card.header.title.content).toBe('来访登记');
    const f = card.body.elements.find((e) => e.tag === 'form') as El;
    expect(f.name).toBe('visit_form');
    const named = Object.fromEntries(elementsOf(f.elements).filter((e) => e.name && e.tag !== 'button').map((e) => [e.name, e]));
    expect(Object.keys(named)).toEqual(['visitors', 'company', 'title', 'mobile', 'idNumber', 'level', 'purpose', 'date', 'startTime', 'endTime', 'site', 'companions', 'resources', 'estimate']);
    expect(named.visitors).toMatchObject({ tag: 'input', input_type: 'multiline_text', required: true });
    expect(named.mobile).toMatchObject({ tag: 'input', required: false });
    expect(named.level).toMatchObject({ tag: 'select_static', required: true, initial_option: 'standard' });
    expect(named.level.options).toEqual([{ text: { tag: 'plain_text', content: '普通' }, value: 'standard' }, { text: { tag: 'plain_text', content: '贵宾（VIP）' }, value: 'vip' }]);
    expect(named.site.options.map((o: El) => o.value)).toEqual(['hq', 'bj']);
    expect(named.date).toMatchObject({ tag: 'date_picker', required: true });
    expect(named.startTime).toMatchObject({ tag: 'picker_time', required: true });
    expect(named.resources).toMatchObject({ tag: 'multi_select_static', required: false });
    expect(named.resources.options.map((o: El) => o.value)).toEqual(['meeting_room', 'equipment', 'car', 'meal', 'lodging']);
    const submit = elementsOf(f.elements).find((e) => e.tag === 'button')!;
    expect(submit).toMatchObject({ form_action_type: 'submit', behaviors: [{ type: 'callback', value: { t: 'tok.visit.signature', a: 'submit' } }] });
    expect(feishuCardBytes(card)).toBeLessThanOrEqual(FEISHU_MAX_CARD_BYTES);
  });

  it('asks for no site when the organisation has only one', () => {
    const out = JSON.stringify(renderFeishuCard({ ...form, sites: [sites[0]!] }, ZH));
    expect(out).not.toContain('"name":"site"');
  });

  it('comes back refused filled with what was typed, and why, above the inputs', () => {
    const f = renderFeishuCard(refused, ZH).body.elements.find((e) => e.tag === 'form') as El;
    const named = Object.fromEntries(elementsOf(f.elements).filter((e) => e.name).map((e) => [e.name, e]));
    expect(f.elements[0].content).toContain('「手机号」');
    expect(named.visitors.default_value).toBe('王强、李娜');
    expect(named.mobile.default_value).toBe('1380013800');
    expect(named.level.initial_option).toBe('vip');
    expect(named.site.initial_option).toBe('bj');
    expect(named.date.initial_date).toBe('2026-12-08');
    expect(named.startTime.initial_time).toBe('14:00');
    expect(named.resources.selected_values).toEqual(['meeting_room', 'meal']);
  });

  it('has no inputs left once registered, and names the request', () => {
    const out = JSON.stringify(renderFeishuCard(closed, ZH));
    expect(out).not.toContain('"tag":"form"');
    expect(out).not.toContain('tok.visit.signature');
    expect(out).toContain('VR-0001');
  });
});

describe('the visit form on Slack', () => {
  it('is a message with a button opening the form', () => {
    const msg = renderSlackMessage(form, EN);
    const actions = msg.blocks.find((b) => b.type === 'actions') as El;
    expect(actions.elements).toEqual([expect.objectContaining({ type: 'button', action_id: 'open_form', value: 'tok.visit.signature', text: expect.objectContaining({ text: 'Register a visit' }) })]);
    expect(JSON.stringify(renderSlackMessage(closed, EN))).not.toContain('tok.visit.signature');
  });

  it('opens as a modal of input blocks, one per field named after it, its elements by kind and the optional ones marked', () => {
    const modal = renderSlackFormModal(form, EN);
    expect(modal).toMatchObject({ type: 'modal', callback_id: 'visit_form', private_metadata: 'tok.visit.signature', submit: { type: 'plain_text', text: 'Submit' } });
    expect(modal.title.text.length).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
    expect(modal.blocks.every((b) => b.type === 'input' && (b.element as El).action_id === b.block_id)).toBe(true);
    const kinds = Object.fromEntries(modal.blocks.map((b) => [b.block_id, [(b.element as El).type, b.optional]]));
    expect(kinds).toEqual({
      visitors: ['plain_text_input', false], company: ['plain_text_input', false], title: ['plain_text_input', true], mobile: ['plain_text_input', true],
      idNumber: ['plain_text_input', true], level: ['static_select', false], purpose: ['plain_text_input', false], date: ['datepicker', false],
      startTime: ['timepicker', false], endTime: ['timepicker', false], site: ['static_select', false], companions: ['plain_text_input', true],
      resources: ['multi_static_select', true], estimate: ['plain_text_input', true],
    });
    const site = modal.blocks.find((b) => b.block_id === 'site')!.element as El;
    expect(site.options).toEqual([{ text: { type: 'plain_text', text: '上海总部', emoji: true }, value: 'hq' }, { text: { type: 'plain_text', text: '北京分公司', emoji: true }, value: 'bj' }]);
  });

  it('opens filled with what was typed when drawn from a refused form', () => {
    const modal = renderSlackFormModal(refused, ZH);
    const el = (id: string) => modal.blocks.find((b) => b.block_id === id)!.element as El;
    expect(el('visitors')).toMatchObject({ multiline: true, initial_value: '王强、李娜' });
    expect(el('level').initial_option.value).toBe('vip');
    expect(el('date').initial_date).toBe('2026-12-08');
    expect(el('startTime').initial_time).toBe('14:00');
    expect(el('resources').initial_options.map((o: El) => o.value)).toEqual(['meeting_room', 'meal']);
  });

  it('has no modal to open once registered', () => {
    expect(() => renderSlackFormModal(closed, EN)).toThrow(RangeError);
  });
});

describe('the visit form on DingTalk and the console', () => {
  it('is the sentence to send on DingTalk, whose cards take no input', () => {
    const out = renderDingTalkCard(form, ZH);
    expect(out.cardData.contents.some((c) => c.type === 'action')).toBe(false);
    expect(out.cardParamMap.markdown).toContain('请直接发一句话登记来访');
    expect(out.cardParamMap.markdown).toContain('明天下午两点ABC科技王强等2人来访');
    expect(JSON.stringify(out)).not.toContain('tok.visit.signature');
    expect(renderDingTalkCard(form, EN).cardParamMap.markdown).toContain('register the visit in one sentence');
  });

  it('is an HTML form of the browser’s own controls, drawn again with what was typed (escaped) and why', () => {
    const html = renderHtmlCard(form, ZH, { csrfToken: 'c' });
    for (const s of ['<textarea name="visitors"', '<select name="level" required>', '<input type="date" name="date"', '<input type="time" name="startTime"', '<select name="site" required>', 'type="checkbox" name="resources" value="meal"', 'name="value" value="tok.visit.signature"']) expect(html).toContain(s);
    const again = renderHtmlCard({ ...refused, refill: { ...refused.refill!, values: { ...typed, company: '"><script>x</script>' } } }, ZH, { csrfToken: 'c' });
    expect(again).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(again).toContain('<option value="vip" selected>');
    expect(again).toContain('value="meal" checked');
    expect(again).not.toContain('value="car" checked');
    expect(again).toContain('role="alert">「手机号」');
    expect(again).not.toContain('<script>');
    expect(renderHtmlCard(closed, ZH)).not.toContain('<form');
  });
});
