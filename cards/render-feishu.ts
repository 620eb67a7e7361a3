// Feishu/Lark card JSON 2.0 for every card view. Sent as `content` (a JSON string) of im.v1.message.create/patch,
// or returned as `{card:{type:'raw', data}}` from a card.action.trigger callback.
//
// Clicks come back as card.action.trigger with `event.action.value = {t: <ButtonView.value>, a: <action>}` and
// `event.action.name = 'btn_<action>'`. Reject/return sit in a `form` with a required input named `reason`: the
// client refuses to submit without it, and the text arrives in `event.action.form_value.reason`.
import { cardContent, type CardContent, type Tone } from './card-content.js';
import { burnVChartSpec } from './chart-vchart.js';
import { oneLine, truncate, utf8Length } from './format.js';
import type { FormContent, FormField } from './content-types.js';
import { MISC, REASON_ACTIONS, REASON_PROMPTS, buttonLabel, fill } from './i18n.js';
import type { ButtonAction, ButtonView, CardView, Locale, RenderOptions } from './view-model.js';

/**
 * Feishu rejects cards over 30 KB. We measure the card as it travels inside `content` (JSON-encoded twice, so
 * quotes count double) and keep a margin for the rest of the request body.
 */
export const FEISHU_MAX_CARD_BYTES = 28_000;

export type FeishuElement = Readonly<Record<string, unknown>>;

export interface FeishuCard {
  readonly schema: '2.0';
  readonly config: { readonly update_multi: true; readonly summary: { readonly content: string } };
  readonly header: {
    readonly title: { readonly tag: 'plain_text'; readonly content: string };
    readonly template: string;
    readonly text_tag_list?: readonly FeishuElement[];
  };
  readonly body: { readonly elements: readonly FeishuElement[] };
}

/** The value a Feishu button sends back: `event.action.value`. */
export interface FeishuButtonValue {
  readonly t: string;
  readonly a: ButtonAction;
}

const TEMPLATES: Readonly<Record<Tone, string>> = {
  info: 'blue', pending: 'orange', success: 'green', danger: 'red', warning: 'yellow', muted: 'grey',
};
const TAG_COLORS: Readonly<Record<Tone, string>> = {
  info: 'blue', pending: 'orange', success: 'green', danger: 'red', warning: 'yellow', muted: 'neutral',
};
const NOTE_COLORS = { block: 'red', warn: 'orange', info: 'grey' } as const;
const NOTE_ICONS = { block: '⛔', warn: '⚠️', info: 'ℹ️' } as const;
const BUTTON_TYPES: Readonly<Record<ButtonAction, 'primary' | 'danger' | 'default'>> = {
  approve: 'primary', submit: 'primary', reject: 'danger', return: 'default', edit: 'default', cancel: 'default', confirm: 'primary', dismiss: 'default',
  pay_again: 'primary', change_account: 'default', enter_account: 'primary', open_form: 'primary',
};

/** How much of the view fits; tried from generous to terse until the card is under the size limit. */
interface Budget {
  readonly text: number;
  readonly history: number;
  readonly notes: number;
  readonly items: number;
}
const BUDGETS: readonly Budget[] = [
  { text: 2000, history: 30, notes: 20, items: 50 },
  { text: 500, history: 10, notes: 10, items: 20 },
  { text: 120, history: 3, notes: 5, items: 10 },
  { text: 40, history: 0, notes: 3, items: 5 },
];

/**
 * Escapes user text for Feishu markdown with the HTML entities Feishu documents for its special characters, so a
 * title cannot add emphasis, links (`[` `]`), headings, code or `<at id=all>` mentions and `<font>` tags.
 * Characters that only matter at the start of a line (`-`, `+`, `1.`) are left alone: values never start one.
 */
export function escapeFeishuMarkdown(text: string): string {
  return text.replace(/[&<>*_~`[\]#\\]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const md = (content: string): FeishuElement => ({ tag: 'markdown', content });
const plain = (content: string) => ({ tag: 'plain_text', content }) as const;
const esc = (text: string, max: number): string => escapeFeishuMarkdown(truncate(text, max));
const esc1 = (text: string, max: number): string => esc(oneLine(text), max);

function button(b: ButtonView, locale: Locale, inForm: boolean): FeishuElement {
  const value: FeishuButtonValue = { t: b.value, a: b.action };
  return {
    tag: 'button',
    name: `btn_${b.action}`,
    text: plain(buttonLabel(b, locale)),
    type: BUTTON_TYPES[b.action],
    ...(inForm ? { form_action_type: 'submit' } : {}),
    behaviors: [{ type: 'callback', value }],
  };
}

function buttonRow(buttons: readonly FeishuElement[]): FeishuElement {
  return {
    tag: 'column_set',
    horizontal_spacing: '8px',
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}

function buttonElements(buttons: readonly ButtonView[], locale: Locale): FeishuElement[] {
  const direct = buttons.filter((b) => !REASON_ACTIONS.has(b.action));
  const withReason = buttons.filter((b) => REASON_ACTIONS.has(b.action));
  const out: FeishuElement[] = [];
  if (direct.length > 0) out.push(buttonRow(direct.map((b) => button(b, locale, false))));
  if (withReason.length > 0) {
    const kinds = new Set(withReason.map((b) => b.action));
    const prompt = kinds.size > 1 ? REASON_PROMPTS.either : kinds.has('reject') ? REASON_PROMPTS.reject : REASON_PROMPTS.return;
    out.push({
      tag: 'form',
      name: 'reason_form',
      elements: [
        {
          tag: 'input',
          name: 'reason',
          required: true,
          max_length: 500,
          width: 'fill',
          label: plain(prompt[locale]),
          placeholder: plain(MISC.reasonPlaceholder[locale]),
        },
        buttonRow(withReason.map((b) => button(b, locale, true))),
      ],
    });
  }
  return out;
}

/**
 * One input of a card form, as Feishu's form components: `input` (multi-line for `multiline`), `select_static`,
 * `multi_select_static`, `date_picker` and `picker_time`, each named after its field and filled with `value`. The
 * components other than `input` take no label: a line of markdown names them.
 */
function formInput(x: FormField): FeishuElement[] {
  const common = { name: x.name, required: x.required, width: 'fill', placeholder: plain(x.placeholder) };
  const options = (x.options ?? []).map((o) => ({ text: plain(o.label), value: o.value }));
  const label = md(`**${esc1(x.label, 80)}**`);
  switch (x.kind ?? 'text') {
    case 'select':
      return [label, { tag: 'select_static', ...common, options, ...(x.value && options.some((o) => o.value === x.value) ? { initial_option: x.value } : {}) }];
    case 'multi_select': {
      const chosen = (x.value ?? '').split(',').filter((v) => options.some((o) => o.value === v));
      return [label, { tag: 'multi_select_static', ...common, options, ...(chosen.length > 0 ? { selected_values: chosen } : {}) }];
    }
    case 'date':
      return [label, { tag: 'date_picker', ...common, ...(x.value && /^\d{4}-\d{2}-\d{2}$/.test(x.value) ? { initial_date: x.value } : {}) }];
    case 'time':
      return [label, { tag: 'picker_time', ...common, ...(x.value && /^\d{2}:\d{2}$/.test(x.value) ? { initial_time: x.value } : {}) }];
    default:
      return [{
        tag: 'input', ...common, max_length: x.maxLength, label: plain(x.label),
        ...(x.kind === 'multiline' ? { input_type: 'multiline_text', rows: 3 } : {}),
        ...(x.value ? { default_value: truncate(x.value, x.maxLength) } : {}),
      }];
  }
}

/**
 * A card form (the payee form, the visit form): its inputs and a submit button. The values come back in
 * `event.action.form_value` keyed by field name (a multi-select's as a list); a callback answered with a toast only
 * leaves what was typed in place, and a form sent back refused shows why above its inputs, filled with what was typed.
 */
function formElement(f: FormContent): FeishuElement {
  const submit: FeishuButtonValue = { t: f.value, a: 'submit' };
  return {
    tag: 'form',
    name: f.name,
    elements: [
      ...(f.problem ? [md(`<font color='red'>⚠️ ${esc1(f.problem, 500)}</font>`)] : []),
      ...f.fields.flatMap(formInput),
      buttonRow([{ tag: 'button', name: 'btn_submit', text: plain(f.submitLabel), type: 'primary', form_action_type: 'submit', behaviors: [{ type: 'callback', value: submit }] }]),
    ],
  };
}

function body(c: CardContent, o: RenderOptions, k: Budget): FeishuElement[] {
  const { locale } = o;
  const els: FeishuElement[] = [];
  if (c.facts.length > 0) els.push(md(c.facts.map((f) => `**${esc1(f.label, 40)}**：${esc1(f.value, k.text)}`).join('\n')));
  for (const p of c.paragraphs) els.push(md(`**${esc1(p.label, 40)}**\n${esc(p.value, k.text)}`));
  if (c.notes.length > 0) {
    const shown = c.notes.slice(0, k.notes);
    const lines = shown.map((n) => `<font color='${NOTE_COLORS[n.severity]}'>${NOTE_ICONS[n.severity]} ${esc1(n.label, 20)}：${esc1(n.text, k.text)}</font>`);
    if (c.notes.length > shown.length) lines.push(esc(fill(MISC.moreItems[locale], { n: c.notes.length - shown.length }), 80));
    els.push(md(lines.join('\n')));
  }
  if (c.budget) {
    const text = esc1(c.budget.text, 200);
    els.push(md(`**${esc1(c.budget.label, 40)}**：${c.budget.over ? `<font color='red'>${text}</font>` : text}`));
  }
  if (c.step) els.push(md(`**${esc1(c.step.label, 40)}**：${esc1(c.step.value, k.text)}`));
  if (c.history.length > 0) {
    const shown = k.history === 0 ? [] : c.history.slice(-k.history);
    const lines = shown.map((h) => `${esc1(h.when, 40)}\u3000${esc1(h.text, k.text)}`);
    const hidden = c.history.length - shown.length;
    if (hidden > 0) lines.unshift(`<font color='grey'>${esc(fill(MISC.earlierHistory[locale], { n: hidden }), 80)}</font>`);
    els.push({ tag: 'hr' }, md(`**${esc1(c.historyTitle, 40)}**\n${lines.join('\n')}`));
  }
  if (c.list) {
    const shown = c.list.slice(0, k.items);
    const lines = shown.map((i) => `**${esc1(i.title, k.text)}**\n${esc1(i.meta, 200)}`);
    if (c.list.length > shown.length) lines.push(esc(fill(MISC.moreItems[locale], { n: c.list.length - shown.length }), 80));
    if (lines.length > 0) els.push(md(lines.join('\n\n')));
  }
  // The digest's chart, drawn by Feishu from a VChart spec (at most five per card, no functions in the spec).
  if (c.chart) els.push({ tag: 'chart', aspect_ratio: '16:9', preview: true, chart_spec: burnVChartSpec(c.chart) });
  if (c.outcome) els.push({ tag: 'hr' }, md(`**${esc1(c.outcome, 300)}**`));
  if (c.comment) els.push(md(`**${esc1(c.comment.label, 40)}**：${esc(c.comment.value, k.text)}`));
  if (c.form) els.push(formElement(c.form));
  if (c.buttons.length > 0) els.push(...buttonElements(c.buttons, locale));
  if (c.links && c.links.length > 0)
    els.push(buttonRow(c.links.map((l, i) => ({ tag: 'button', name: `link_${i}`, text: plain(truncate(oneLine(l.label), 40)), type: i === 0 ? 'primary' : 'default', behaviors: [{ type: 'open_url', default_url: l.url }] }))));
  return els;
}

function build(c: CardContent, o: RenderOptions, k: Budget): FeishuCard {
  return {
    schema: '2.0',
    config: { update_multi: true, summary: { content: truncate(oneLine(c.summary), 100) } },
    header: {
      title: plain(truncate(oneLine(c.title), Math.min(k.text, 200))),
      template: TEMPLATES[c.tone],
      ...(c.statusText ? { text_tag_list: [{ tag: 'text_tag', text: plain(truncate(c.statusText, 20)), color: TAG_COLORS[c.tone] }] } : {}),
    },
    body: { elements: body(c, o, k) },
  };
}

/**
 * The size Feishu counts: the card as a JSON string inside the request's JSON body. Quoting the card's JSON once more
 * adds two quotes and a backslash before each quote and backslash it holds (JSON.stringify leaves no control character
 * in it to escape), so that is counted instead of building the twice-quoted copy.
 */
export function feishuCardBytes(card: FeishuCard): number {
  const json = JSON.stringify(card);
  let escapes = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) escapes++;
  }
  return utf8Length(json) + escapes + 2;
}

/**
 * Renders `view` as a Feishu card JSON 2.0 object. Long text and history are shortened step by step until the
 * card fits in {@link FEISHU_MAX_CARD_BYTES}; decided and closed cards carry no buttons.
 */
export function renderFeishuCard(view: CardView, options: RenderOptions): FeishuCard {
  const content = cardContent(view, options);
  let card = build(content, options, BUDGETS[0]!);
  for (const k of BUDGETS.slice(1)) {
    if (feishuCardBytes(card) <= FEISHU_MAX_CARD_BYTES) break;
    card = build(content, options, k);
  }
  return card;
}
