// Slack Block Kit for every card view, within Slack's limits (50 blocks per message, 3,000 characters per section
// text, 2,000 per field, 150 per header, 75 per button label, 2,000 per button value), and the reason modal.
//
// Button clicks arrive as block_actions with `actions[0].action_id = <action>` and `actions[0].value = <ButtonView.value>`.
// Reject/return open `renderSlackReasonModal` (views.open with the click's trigger_id); its view_submission carries
// `view.callback_id = 'reason'`, `view.private_metadata = <ButtonView.value>` and the text in
// `view.state.values.reason.reason.value`. A card's form (the payee form, the visit form) is a button (`enter_account`,
// `open_form`) opening `renderSlackFormModal`, whose inputs come back in `view.state.values.<field>.<field>` (`value`,
// `selected_option`, `selected_options`, `selected_date` or `selected_time` by the kind of input).
import { cardContent, type CardContent } from './card-content.js';
import { ELLIPSIS, oneLine, truncate } from './format.js';
import { BUTTONS, MISC, REASON_PROMPTS, buttonLabel, fill } from './i18n.js';
import type { FormField } from './content-types.js';
import type { BurnChart } from './digest-view.js';
import type { ButtonAction, ButtonView, CardView, Locale, RenderOptions } from './view-model.js';

export const SLACK_LIMITS = {
  blocks: 50,
  text: 3000,
  field: 2000,
  fields: 10,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  actions: 25,
  modalTitle: 24,
  privateMetadata: 3000,
} as const;

export type SlackText = { readonly type: 'plain_text'; readonly text: string; readonly emoji?: boolean } | { readonly type: 'mrkdwn'; readonly text: string };
export type SlackBlock = Readonly<Record<string, unknown>> & { readonly type: string };

export interface SlackMessage {
  /** Fallback for notifications and clients without blocks (mrkdwn, escaped). */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
  /** A chart the messenger uploads as a PNG for the image block {@link SLACK_CHART_BLOCK} (not sent to Slack as is). */
  readonly chart?: BurnChart;
}

export interface SlackModalView {
  readonly type: 'modal';
  readonly callback_id: 'reason' | 'edit_draft' | 'payee_form' | 'visit_form';
  readonly private_metadata: string;
  readonly title: SlackText;
  readonly submit: SlackText;
  readonly close: SlackText;
  readonly blocks: readonly SlackBlock[];
}

/** Escapes the three characters Slack's mrkdwn reserves, so user text cannot mention @channel or forge links. */
export function escapeSlack(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Escaped mrkdwn of at most `max` characters, cut between entities rather than inside one. */
export function slackMrkdwn(text: string, max: number = SLACK_LIMITS.text): string {
  const escaped = escapeSlack(text);
  if (escaped.length <= max) return escaped;
  let out = '';
  for (const ch of text) {
    const next = escapeSlack(ch);
    if (out.length + next.length > max - ELLIPSIS.length) break;
    out += next;
  }
  return out + ELLIPSIS;
}

const mrkdwn = (text: string): SlackText => ({ type: 'mrkdwn', text });
const plain = (text: string, max: number): SlackText => ({ type: 'plain_text', text: truncate(text, max), emoji: true });
const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): SlackBlock => ({ type: 'context', elements: [mrkdwn(text)] });
/** `*label*` then escaped text, the whole within `max`. */
const labelled = (label: string, value: string, max: number, sep = '\n'): string => {
  const head = `*${escapeSlack(label)}*${sep}`;
  return head + slackMrkdwn(value, max - head.length);
};

const NOTE_EMOJI = { block: ':no_entry:', warn: ':warning:', info: ':information_source:' } as const;
const STYLES: Partial<Record<ButtonAction, 'primary' | 'danger'>> = { approve: 'primary', submit: 'primary', reject: 'danger', confirm: 'primary', pay_again: 'primary', enter_account: 'primary', open_form: 'primary' };

/** Joins lines into one text of at most `max` characters, dropping whole lines from the end and saying so. */
function joinWithin(lines: readonly string[], max: number, more: (n: number) => string): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const candidate = out === '' ? lines[i]! : `${out}\n${lines[i]!}`;
    const tail = i < lines.length - 1 ? `\n${more(lines.length - i - 1)}` : '';
    if (candidate.length + tail.length > max) return truncate(`${out}\n${more(lines.length - i)}`.trimStart(), max);
    out = candidate;
  }
  return out;
}

function buttonBlock(buttons: readonly ButtonView[], locale: Locale): SlackBlock {
  return {
    type: 'actions',
    block_id: 'card_actions',
    elements: buttons.slice(0, SLACK_LIMITS.actions).map((b) => {
      if (b.value.length > SLACK_LIMITS.buttonValue) {
        // A token this long is a bug in whoever signed it; cutting it would only produce a button that fails later.
        throw new RangeError(`Slack button value for '${b.action}' is ${b.value.length} characters (limit ${SLACK_LIMITS.buttonValue})`);
      }
      const style = STYLES[b.action];
      return {
        type: 'button',
        action_id: b.action,
        text: plain(buttonLabel(b, locale), SLACK_LIMITS.buttonText),
        value: b.value,
        ...(style ? { style } : {}),
      };
    }),
  };
}

function blocksOf(c: CardContent, locale: Locale): SlackBlock[] {
  const T = SLACK_LIMITS.text;
  const blocks: SlackBlock[] = [{ type: 'header', text: plain(oneLine(c.title), SLACK_LIMITS.header) }];
  if (c.statusText) blocks.push(context(`*${slackMrkdwn(c.statusText, 200)}*`));
  for (let i = 0; i < c.facts.length; i += SLACK_LIMITS.fields) {
    const fields = c.facts.slice(i, i + SLACK_LIMITS.fields).map((f) => mrkdwn(labelled(f.label, f.value, SLACK_LIMITS.field)));
    blocks.push({ type: 'section', fields });
  }
  for (const p of c.paragraphs) blocks.push(section(labelled(p.label, p.value, T)));
  if (c.notes.length > 0) {
    const lines = c.notes.map((n) => `${NOTE_EMOJI[n.severity]} *${escapeSlack(n.label)}* ${slackMrkdwn(n.text, 1000)}`);
    blocks.push(section(joinWithin(lines, T, (n) => slackMrkdwn(fill(MISC.moreItems[locale], { n })))));
  }
  if (c.budget) blocks.push(section(`${c.budget.over ? ':red_circle: ' : ''}${labelled(c.budget.label, c.budget.text, 1000, ' ')}`));
  if (c.step) blocks.push(context(labelled(c.step.label, c.step.value, T, ' ')));
  if (c.history.length > 0) {
    // Newest entries matter most: build from the end and report what was left out at the top.
    const lines = c.history.map((h) => `• ${slackMrkdwn(h.when, 40)}  ${slackMrkdwn(h.text, 500)}`).reverse();
    const newestFirst = joinWithin(lines, T - c.historyTitle.length - 4, (n) => `_${slackMrkdwn(fill(MISC.earlierHistory[locale], { n }))}_`);
    const chronological = newestFirst.split('\n').reverse().join('\n');
    blocks.push({ type: 'divider' }, section(`*${escapeSlack(c.historyTitle)}*\n${chronological}`));
  }
  if (c.list) {
    const room = SLACK_LIMITS.blocks - blocks.length - 2;
    const shown = c.list.slice(0, room);
    for (const i of shown) blocks.push(section(`*${slackMrkdwn(i.title, 500)}*\n${slackMrkdwn(i.meta, 500)}`));
    if (c.list.length > shown.length) blocks.push(context(slackMrkdwn(fill(MISC.moreItems[locale], { n: c.list.length - shown.length }))));
  }
  if (c.outcome) blocks.push({ type: 'divider' }, section(`*${slackMrkdwn(c.outcome, T - 2)}*`));
  if (c.comment) blocks.push(section(labelled(c.comment.label, c.comment.value, T)));
  // A message cannot hold inputs: a form is a button that opens it as a modal (renderSlackFormModal).
  if (c.form) blocks.push(buttonBlock([{ action: c.form.openAction, value: c.form.value, label: { zh: c.form.openLabel, en: c.form.openLabel } }], locale));
  if (c.buttons.length > 0) blocks.push(buttonBlock(c.buttons, locale));
  if (c.chart) {
    // Shown from our own URL when there is one; else the messenger uploads the PNG and names the file (SLACK_CHART_BLOCK).
    const image = c.chartUrl ? { image_url: c.chartUrl } : { slack_file: { id: SLACK_CHART_PENDING } };
    blocks.push({ type: 'image', block_id: SLACK_CHART_BLOCK, title: plain(oneLine(c.chart.title), 2000), alt_text: truncate(oneLine(c.chart.title), 2000), ...image });
  }
  // Link buttons open a page; Slack still reports the click (action_id `link_<n>`), which is acknowledged and ignored.
  if (c.links && c.links.length > 0)
    blocks.push({ type: 'actions', elements: c.links.slice(0, SLACK_LIMITS.actions).map((l, i) => ({ type: 'button', action_id: `link_${i}`, text: plain(l.label, SLACK_LIMITS.buttonText), url: l.url, ...(i === 0 ? { style: 'primary' } : {}) })) });
  return blocks;
}

/** The block that shows the digest's chart, and the file id it carries until the messenger has uploaded the PNG. */
export const SLACK_CHART_BLOCK = 'chart';
export const SLACK_CHART_PENDING = 'pending-upload';

/** Keeps at most 50 blocks; the buttons (last) always survive, content in the middle gives way. */
function capBlocks(blocks: SlackBlock[], locale: Locale): SlackBlock[] {
  if (blocks.length <= SLACK_LIMITS.blocks) return blocks;
  const last = blocks[blocks.length - 1]!;
  const keepsActions = last.type === 'actions';
  const room = SLACK_LIMITS.blocks - 1 - (keepsActions ? 1 : 0);
  const body = blocks.slice(0, keepsActions ? -1 : undefined);
  const note = context(slackMrkdwn(fill(MISC.moreItems[locale], { n: body.length - room })));
  return [...body.slice(0, room), note, ...(keepsActions ? [last] : [])];
}

/**
 * Renders `view` as a Slack message: `{text, blocks}` for chat.postMessage / chat.update. Decided and closed cards
 * carry no actions. Throws RangeError only for a button value over 2,000 characters (a bug upstream).
 */
export function renderSlackMessage(view: CardView, options: RenderOptions): SlackMessage {
  const c = cardContent(view, options);
  const text = slackMrkdwn(oneLine(c.outcome && c.kind !== 'list' ? `${c.title} — ${c.outcome}` : c.summary), SLACK_LIMITS.text);
  return { text, blocks: capBlocks(blocksOf(c, options.locale), options.locale), ...(c.chart && !c.chartUrl ? { chart: c.chart } : {}) };
}

/**
 * The modal asking for a reason before a reject or return (open it with views.open and the click's trigger_id).
 * The button's value rides in `private_metadata`; the reason comes back in `view.state.values.reason.reason.value`.
 */
export function renderSlackReasonModal(input: { readonly action: 'reject' | 'return'; readonly value: string; readonly locale: Locale }): SlackModalView {
  const { action, value, locale } = input;
  if (value.length > SLACK_LIMITS.privateMetadata) {
    throw new RangeError(`Slack private_metadata is ${value.length} characters (limit ${SLACK_LIMITS.privateMetadata})`);
  }
  return {
    type: 'modal',
    callback_id: 'reason',
    private_metadata: value,
    title: plain(BUTTONS[action][locale], SLACK_LIMITS.modalTitle),
    submit: plain(BUTTONS[action][locale], SLACK_LIMITS.modalTitle),
    close: plain(BUTTONS.cancel[locale], SLACK_LIMITS.modalTitle),
    blocks: [
      {
        type: 'input',
        block_id: 'reason',
        label: plain(REASON_PROMPTS[action][locale], 2000),
        element: {
          type: 'plain_text_input',
          action_id: 'reason',
          multiline: true,
          min_length: 1,
          max_length: 500,
          placeholder: plain(MISC.reasonPlaceholder[locale], 150),
        },
      },
    ],
  };
}

/**
 * The modal for Edit on a draft card: one field saying what to change, in the user's words ("周五回", "amount 58"),
 * read with the draft as context. The draft's button value rides in `private_metadata`; the text comes back in
 * `view.state.values.change.change.value`.
 */
export function renderSlackEditModal(input: { readonly value: string; readonly locale: Locale; readonly summary: string }): SlackModalView {
  const { value, locale } = input;
  if (value.length > SLACK_LIMITS.privateMetadata) {
    throw new RangeError(`Slack private_metadata is ${value.length} characters (limit ${SLACK_LIMITS.privateMetadata})`);
  }
  return {
    type: 'modal',
    callback_id: 'edit_draft',
    private_metadata: value,
    title: plain(BUTTONS.edit[locale], SLACK_LIMITS.modalTitle),
    submit: plain(locale === 'zh' ? '保存' : 'Save', SLACK_LIMITS.modalTitle),
    close: plain(BUTTONS.cancel[locale], SLACK_LIMITS.modalTitle),
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: slackMrkdwn(input.summary, SLACK_LIMITS.text) }] },
      {
        type: 'input',
        block_id: 'change',
        label: plain(locale === 'zh' ? '要改什么？' : 'What should change?', 2000),
        element: {
          type: 'plain_text_input',
          action_id: 'change',
          min_length: 1,
          max_length: 300,
          placeholder: plain(locale === 'zh' ? '例如：改成周五回；金额 58元' : 'e.g. back on Friday; amount $58', 150),
        },
      },
    ],
  };
}

/** One input block of a form modal: the element Slack has for the field's kind, filled with its `value`. */
function modalInput(f: FormField): SlackBlock {
  const options = (f.options ?? []).slice(0, 100).map((o) => ({ text: plain(o.label, 75), value: o.value }));
  const chosen = (f.value ?? '').split(',').flatMap((v) => options.filter((o) => o.value === v));
  const placeholder = plain(f.placeholder, 150);
  const element =
    f.kind === 'select' ? { type: 'static_select', action_id: f.name, placeholder, options, ...(chosen[0] ? { initial_option: chosen[0] } : {}) }
    : f.kind === 'multi_select' ? { type: 'multi_static_select', action_id: f.name, placeholder, options, ...(chosen.length > 0 ? { initial_options: chosen } : {}) }
    : f.kind === 'date' ? { type: 'datepicker', action_id: f.name, placeholder, ...(f.value && /^\d{4}-\d{2}-\d{2}$/.test(f.value) ? { initial_date: f.value } : {}) }
    : f.kind === 'time' ? { type: 'timepicker', action_id: f.name, placeholder, ...(f.value && /^\d{2}:\d{2}$/.test(f.value) ? { initial_time: f.value } : {}) }
    : { type: 'plain_text_input', action_id: f.name, max_length: f.maxLength, placeholder, ...(f.kind === 'multiline' ? { multiline: true } : {}), ...(f.value ? { initial_value: truncate(f.value, f.maxLength) } : {}) };
  return { type: 'input', block_id: f.name, optional: !f.required, label: plain(f.label, 2000), element };
}

/**
 * A card's form as a modal (views.open with the click's trigger_id): one input per field, each its own block named
 * after the field (so a refusal can be shown on the field at fault with `response_action: 'errors'`, keeping what was
 * typed). The signed form value rides in `private_metadata`. Throws for a view without a form.
 */
export function renderSlackFormModal(view: CardView, options: RenderOptions): SlackModalView {
  const { locale } = options;
  const form = cardContent(view, options).form;
  if (!form) throw new RangeError(`a ${view.kind} card has no form to open`);
  if (form.value.length > SLACK_LIMITS.privateMetadata) {
    throw new RangeError(`Slack private_metadata is ${form.value.length} characters (limit ${SLACK_LIMITS.privateMetadata})`);
  }
  return {
    type: 'modal',
    callback_id: form.name,
    private_metadata: form.value,
    title: plain(form.title, SLACK_LIMITS.modalTitle),
    submit: plain(form.submitLabel, SLACK_LIMITS.modalTitle),
    close: plain(BUTTONS.cancel[locale], SLACK_LIMITS.modalTitle),
    blocks: form.fields.map(modalInput),
  };
}

/** The payee form as a modal (see renderSlackFormModal). */
export function renderSlackPayeeModal(input: { readonly value: string; readonly locale: Locale; readonly purpose?: 'set' | 'change' }): SlackModalView {
  return renderSlackFormModal({ kind: 'payee_form', value: input.value, purpose: input.purpose ?? 'set' }, { locale: input.locale, timeZone: 'UTC' });
}
