// DingTalk card data for every card view, in the two shapes DingTalk robots use.
//
// 1. `cardData`: the robot "StandardCard" JSON (POST /v1.0/im/v1.0/robot/interactiveCards/send with
//    cardTemplateId "StandardCard" and `cardData: JSON.stringify(cardData)`; update via PUT /v1.0/im/robots/interactiveCards):
//      { config:{autoLayout:true, enableForward:true},
//        header:{ title:{type:'text', text} },
//        contents:[ {type:'markdown', text, id:'body'},
//                   {type:'action', id:'actions', actions:[
//                     {type:'button', id:'btn_<action>', label:{type:'text', text, id}, actionType:'request',
//                      status:'primary'|'warning'|'normal', params:{t:<ButtonView.value>, a:<action>}} ]} ] }
//    A click arrives on topic /v1.0/card/instances/callback with `content` = JSON of
//    `{cardPrivateData:{actionIds:['btn_<action>'], params:{…}}}`. `actionIds[0]` always names the action;
//    whether StandardCard echoes a button's `params` (our token in `params.t`) is UNCONFIRMED, so adapters should
//    fall back to the token stored for the card's outTrackId/cardBizId.
//
// 2. `cardParamMap`: flat `Record<string, string>` for a card-instance template (createAndDeliver / PUT
//    /v1.0/card/instances). Every value is a string; lists are JSON strings. Keys:
//      kind, status, status_text, tone, title, summary, markdown (whole body), facts_markdown, notes_markdown,
//      history_markdown, outcome, has_buttons ('true'|'false'), buttons (JSON
//      [{action, text, value, status, needs_reason}]), btn_<action>_text / btn_<action>_value for all six actions
//      ('' when absent), reason_label, reason_placeholder.
//    All keys are always present, so an update with `updateCardDataByKey` also clears buttons that are gone.
//    A template that wants a reason binds an input to param `reason`; it returns in `cardPrivateData.params.reason`.
//
// DingTalk markdown has no tables and no colour we can rely on, so severity is shown with emoji and bold text.
import { cardContent, type CardContent } from './card-content.js';
import { oneLine, truncate } from './format.js';
import { MISC, REASON_ACTIONS, REASON_PROMPTS, buttonLabel, fill } from './i18n.js';
import type { ButtonAction, ButtonView, CardView, Locale, RenderOptions } from './view-model.js';

/** Not a documented limit: DingTalk cards become unreadable long before, so the body is kept around this size. */
export const DINGTALK_MAX_MARKDOWN = 5000;
const MAX_HISTORY = 20;
const MAX_ITEMS = 30;

export interface DingTalkButton {
  readonly type: 'button';
  readonly id: string;
  readonly label: { readonly type: 'text'; readonly text: string; readonly id: string };
  readonly actionType: 'request';
  readonly status: 'primary' | 'warning' | 'normal';
  readonly params: { readonly t: string; readonly a: ButtonAction };
}

export interface DingTalkStandardCard {
  readonly config: { readonly autoLayout: true; readonly enableForward: boolean };
  readonly header: { readonly title: { readonly type: 'text'; readonly text: string } };
  readonly contents: readonly (
    | { readonly type: 'markdown'; readonly text: string; readonly id: string }
    | { readonly type: 'action'; readonly id: string; readonly actions: readonly DingTalkButton[] }
  )[];
}

export interface DingTalkCard {
  readonly cardData: DingTalkStandardCard;
  readonly cardParamMap: Readonly<Record<string, string>>;
}

const ALL_ACTIONS: readonly ButtonAction[] = ['approve', 'reject', 'return', 'submit', 'edit', 'cancel', 'confirm', 'dismiss', 'pay_again', 'change_account', 'enter_account', 'open_form'];
const STATUS: Readonly<Record<ButtonAction, DingTalkButton['status']>> = {
  approve: 'primary', submit: 'primary', reject: 'warning', return: 'normal', edit: 'normal', cancel: 'normal', confirm: 'primary', dismiss: 'normal',
  pay_again: 'primary', change_account: 'normal', enter_account: 'primary', open_form: 'primary',
};
const NOTE_ICONS = { block: '⛔', warn: '⚠️', info: 'ℹ️' } as const;

/** Backslash-escapes the markdown characters that could format, link or embed HTML in user text. */
export function escapeDingTalkMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~!]/g, (c) => `\\${c}`);
}

const esc = (text: string, max: number): string => escapeDingTalkMarkdown(truncate(oneLine(text), max));
/** A URL we built, inside markdown's `(…)`: only http(s), and the characters that could end or break it percent-encoded. */
const markdownUrl = (url: string): string => (/^https?:\/\//.test(url) ? url.replace(/[()\s<>[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`) : '#');
/** DingTalk collapses single newlines; a blank line between lines is the reliable break. */
const lines = (xs: readonly string[]): string => xs.filter((x) => x !== '').join('\n\n');

interface Sections {
  readonly facts: string;
  readonly notes: string;
  readonly history: string;
  readonly rest: string;
}

function sections(c: CardContent, locale: Locale, maxHistory: number): Sections {
  const facts = lines([
    ...c.facts.map((f) => `**${esc(f.label, 40)}**：${esc(f.value, 500)}`),
    ...c.paragraphs.map((p) => `**${esc(p.label, 40)}**：${esc(p.value, 1000)}`),
  ]);
  const notes = lines(c.notes.slice(0, 10).map((n) => `${NOTE_ICONS[n.severity]} **${esc(n.label, 20)}**：${esc(n.text, 300)}`));
  const shown = maxHistory === 0 ? [] : c.history.slice(-maxHistory);
  const hidden = c.history.length - shown.length;
  const history = c.history.length === 0 ? '' : lines([
    `**${esc(c.historyTitle, 40)}**`,
    hidden > 0 ? `*${esc(fill(MISC.earlierHistory[locale], { n: hidden }), 80)}*` : '',
    ...shown.map((h) => `- ${esc(h.when, 40)}\u3000${esc(h.text, 300)}`),
  ]);
  const items = c.list?.slice(0, MAX_ITEMS) ?? [];
  const rest = lines([
    c.budget ? `${c.budget.over ? '🔴 ' : ''}**${esc(c.budget.label, 40)}**：${esc(c.budget.text, 200)}` : '',
    c.step ? `**${esc(c.step.label, 40)}**：${esc(c.step.value, 500)}` : '',
    ...items.map((i) => `**${esc(i.title, 200)}**  \n${esc(i.meta, 200)}`),
    c.list && c.list.length > items.length ? esc(fill(MISC.moreItems[locale], { n: c.list.length - items.length }), 80) : '',
    c.outcome ? `**${esc(c.outcome, 300)}**` : '',
    c.comment ? `**${esc(c.comment.label, 40)}**：${esc(c.comment.value, 1000)}` : '',
    // Cards here take no input: a form is the line to type instead.
    ...(c.form ? c.form.typedHint.split('\n').map((l) => esc(l, 300)) : []),
    // The digest's chart as the PNG we serve (DingTalk markdown shows an image by URL), and the links to its pages.
    c.chart && c.chartUrl ? `![${esc(c.chart.title, 100)}](${markdownUrl(c.chartUrl)})` : '',
    (c.links ?? []).map((l) => `[${esc(l.label, 40)}](${markdownUrl(l.url)})`).join('\u3000'),
  ]);
  return { facts, notes, history, rest };
}

function dingButton(b: ButtonView, locale: Locale): DingTalkButton {
  return {
    type: 'button',
    id: `btn_${b.action}`,
    label: { type: 'text', text: buttonLabel(b, locale), id: `label_${b.action}` },
    actionType: 'request',
    status: STATUS[b.action],
    params: { t: b.value, a: b.action },
  };
}

function paramMap(c: CardContent, s: Sections, markdown: string, locale: Locale): Record<string, string> {
  const buttons = c.buttons.map((b) => ({
    action: b.action, text: buttonLabel(b, locale), value: b.value, status: STATUS[b.action], needs_reason: REASON_ACTIONS.has(b.action),
  }));
  const map: Record<string, string> = {
    kind: c.kind,
    status: c.status,
    status_text: c.statusText,
    tone: c.tone,
    title: truncate(oneLine(c.title), 200),
    summary: truncate(oneLine(c.summary), 200),
    markdown,
    facts_markdown: s.facts,
    notes_markdown: s.notes,
    history_markdown: s.history,
    outcome: c.outcome ?? '',
    has_buttons: String(buttons.length > 0),
    buttons: JSON.stringify(buttons),
    reason_label: REASON_PROMPTS.either[locale],
    reason_placeholder: MISC.reasonPlaceholder[locale],
  };
  for (const action of ALL_ACTIONS) {
    const b = c.buttons.find((x) => x.action === action);
    map[`btn_${action}_text`] = b ? buttonLabel(b, locale) : '';
    map[`btn_${action}_value`] = b ? b.value : '';
  }
  return map;
}

/**
 * Renders `view` as DingTalk card data: a StandardCard `cardData` for robot interactive cards and a flat
 * string-only `cardParamMap` for card-instance templates (shapes in the file header). Decided cards carry no buttons.
 */
export function renderDingTalkCard(view: CardView, options: RenderOptions): DingTalkCard {
  const { locale } = options;
  const c = cardContent(view, options);
  const status = c.statusText ? `**${esc(c.statusText, 40)}**` : '';
  const compose = (x: Sections): string => lines([status, x.facts, x.notes, x.rest, x.history]);
  let s = sections(c, locale, MAX_HISTORY);
  // Long histories give way first (newest entries kept); only then is the body cut.
  for (const n of [5, 0]) if (compose(s).length > DINGTALK_MAX_MARKDOWN) s = sections(c, locale, n);
  const markdown = truncate(compose(s), DINGTALK_MAX_MARKDOWN);
  const contents: DingTalkStandardCard['contents'][number][] = [{ type: 'markdown', text: markdown, id: 'body' }];
  if (c.buttons.length > 0) contents.push({ type: 'action', id: 'actions', actions: c.buttons.map((b) => dingButton(b, locale)) });
  return {
    cardData: {
      config: { autoLayout: true, enableForward: c.buttons.length === 0 },
      header: { title: { type: 'text', text: truncate(oneLine(c.title), 100) } },
      contents,
    },
    cardParamMap: paramMap(c, s, markdown, locale),
  };
}
