// HTML fragments for the built-in web console: semantic markup, every view-model string escaped, no scripts and no
// external assets. Styles are the small class set in CARD_CSS, which the console page inlines once.
//
// Each button is its own `<form method="post" action="/console/action">` with hidden `action` and `value`
// (the ButtonView.value token). Buttons that need no reason sit together in one row; each reject/return form is a row
// of its own below them, its required `<input name="reason">` labelled for that action and placed before its button,
// so a reason box never reads as belonging to the button beside it. The browser will not submit it empty, and the
// console reads the reason from the `reason` form field.
import { cardContent, type CardContent, type Tone } from './card-content.js';
import { segmentLabel } from './chart-vchart.js';
import type { FormContent, FormField } from './content-types.js';
import type { BurnChart } from './digest-view.js';
import { formatMoneyView } from './format.js';
import { MISC, REASON_ACTIONS, REASON_PROMPTS, buttonLabel } from './i18n.js';
import type { ButtonView, CardView, Locale, RenderOptions } from './view-model.js';

/** Where console card forms post. */
export const CONSOLE_ACTION_PATH = '/console/action';

/** The classes used by renderHtmlCard; inline it in a `<style>` element once per page. */
export const CARD_CSS = `
.card{border:1px solid #d0d7de;border-radius:8px;margin:8px 0;max-width:40rem;font:14px/1.5 system-ui,sans-serif;background:#fff}
.card__header{display:flex;justify-content:space-between;gap:8px;align-items:center;padding:8px 12px;border-radius:8px 8px 0 0}
.card__header h2{font-size:15px;margin:0}
.card__status{font-size:12px;padding:1px 8px;border-radius:10px;background:rgba(0,0,0,.08);white-space:nowrap}
.card--info .card__header{background:#e8f0fe}.card--pending .card__header{background:#fff4e5}
.card--success .card__header{background:#e6f4ea}.card--danger .card__header{background:#fce8e6}
.card--warning .card__header{background:#fef7e0}.card--muted .card__header{background:#f1f3f4}
.card__body{padding:8px 12px}
.card__facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
.card__facts dt{color:#57606a}.card__facts dd{margin:0;white-space:pre-wrap}
.card__notes{list-style:none;padding:0;margin:8px 0}
.note--block{color:#c5221f}.note--warn{color:#b06000}.note--info{color:#57606a}
.card__budget--over{color:#c5221f}
.card__history ol{padding-left:18px;margin:4px 0}.card__history time{color:#57606a;margin-right:6px}
.card__outcome{font-weight:600}
.card__actions{display:flex;flex-direction:column;gap:8px;padding:8px 12px;border-top:1px solid #d0d7de}
.card__actions-row{display:flex;flex-wrap:wrap;gap:8px}
.card__action{display:flex;gap:6px;align-items:center}
.card__action--reason{flex-wrap:wrap}.card__reason{display:flex;flex:1;gap:6px;align-items:center;min-width:14rem}
.card__reason span{color:#57606a;font-size:12px;white-space:nowrap}.card__reason input{flex:1;padding:3px 6px}
.btn{border:1px solid #d0d7de;border-radius:6px;padding:4px 12px;background:#f6f8fa;cursor:pointer}
.btn--primary{background:#1f6feb;border-color:#1f6feb;color:#fff}.btn--danger{background:#cf222e;border-color:#cf222e;color:#fff}
.card__list{list-style:none;padding:0;margin:0}.card__list li{padding:4px 0;border-bottom:1px solid #eaeef2}
.card__meta{color:#57606a;font-size:12px}
.card__form{display:flex;flex-direction:column;gap:6px}.card__field{display:flex;flex-direction:column;gap:2px}
.card__field span{color:#57606a;font-size:12px}.card__field input,.card__field select,.card__field textarea{padding:4px 6px}.card__problem{color:#c5221f;margin:0}
.card__choices{display:flex;flex-wrap:wrap;gap:4px 12px;border:0;padding:0;margin:0}.card__choices legend{color:#57606a;font-size:12px;padding:0}
`.trim();

export interface HtmlRenderExtras {
  /** Added as a hidden `_csrf` field to every form when the console uses CSRF tokens. */
  readonly csrfToken?: string;
  /**
   * A card form sent back with a problem: what was typed (shown again, never stored) and why it was refused, so
   * nothing typed is lost.
   */
  readonly refill?: { readonly values: Readonly<Record<string, string>>; readonly problem: string };
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const e = escapeHtml;
const BUTTON_CLASS = { approve: 'btn btn--primary', submit: 'btn btn--primary', reject: 'btn btn--danger', return: 'btn', edit: 'btn', cancel: 'btn', confirm: 'btn btn--primary', dismiss: 'btn', pay_again: 'btn btn--primary', change_account: 'btn', enter_account: 'btn btn--primary', open_form: 'btn btn--primary' } as const;
const TONE_CLASS: Readonly<Record<Tone, string>> = { info: 'info', pending: 'pending', success: 'success', danger: 'danger', warning: 'warning', muted: 'muted' };

function actionForm(b: ButtonView, locale: Locale, extras: HtmlRenderExtras): string {
  const label = buttonLabel(b, locale);
  const csrf = extras.csrfToken === undefined ? '' : `<input type="hidden" name="_csrf" value="${e(extras.csrfToken)}">`;
  const needsReason = REASON_ACTIONS.has(b.action);
  const reason = needsReason
    ? `<label class="card__reason"><span>${e(REASON_PROMPTS[b.action as 'reject' | 'return'][locale])}</span><input type="text" name="reason" required maxlength="500" placeholder="${e(MISC.reasonPlaceholder[locale])}"></label>`
    : '';
  return (
    `<form class="card__action${needsReason ? ' card__action--reason' : ''}" method="post" action="${CONSOLE_ACTION_PATH}">` +
    `<input type="hidden" name="action" value="${e(b.action)}"><input type="hidden" name="value" value="${e(b.value)}">${csrf}${reason}` +
    `<button type="submit" class="${BUTTON_CLASS[b.action]}">${e(label)}</button></form>`
  );
}

/** The buttons needing no reason in one row, then each reason-taking action in a row of its own. */
function actionsOf(buttons: readonly ButtonView[], locale: Locale, extras: HtmlRenderExtras): string {
  if (buttons.length === 0) return '';
  const direct = buttons.filter((b) => !REASON_ACTIONS.has(b.action));
  const withReason = buttons.filter((b) => REASON_ACTIONS.has(b.action));
  const rows = [
    ...(direct.length > 0 ? [`<div class="card__actions-row">${direct.map((b) => actionForm(b, locale, extras)).join('')}</div>`] : []),
    ...withReason.map((b) => actionForm(b, locale, extras)),
  ];
  return `<div class="card__actions">${rows.join('')}</div>`;
}

/** The digest's chart as a table (the console shows figures; the platforms draw the chart). */
function chartTable(chart: BurnChart): string {
  const head = (['consumed', 'frozen', 'available'] as const).map((k) => `<th scope="col">${e(segmentLabel(k, chart.locale))}</th>`).join('');
  const money = (minor: number) => e(formatMoneyView({ minor, currency: chart.currency }, chart.locale));
  const rows = chart.bars.map((b) => `<tr><th scope="row">${e(b.label)}</th><td>${money(b.consumedMinor)}</td><td>${money(b.frozenMinor)}</td><td>${money(b.availableMinor)}</td></tr>`);
  return `<table class="card__chart"><caption>${e(chart.title)}</caption><thead><tr><td></td>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function bodyOf(c: CardContent): string {
  const parts: string[] = [];
  const rows = [...c.facts, ...c.paragraphs];
  if (rows.length > 0) parts.push(`<dl class="card__facts">${rows.map((f) => `<dt>${e(f.label)}</dt><dd>${e(f.value)}</dd>`).join('')}</dl>`);
  if (c.notes.length > 0) {
    const items = c.notes.map((n) => `<li class="note note--${n.severity}"><strong>${e(n.label)}</strong> ${e(n.text)}</li>`);
    parts.push(`<ul class="card__notes">${items.join('')}</ul>`);
  }
  if (c.budget) {
    const over = c.budget.over ? ' card__budget--over' : '';
    parts.push(`<p class="card__budget${over}"><strong>${e(c.budget.label)}</strong> ${e(c.budget.text)}</p>`);
  }
  if (c.step) parts.push(`<p class="card__step"><strong>${e(c.step.label)}</strong> ${e(c.step.value)}</p>`);
  if (c.history.length > 0) {
    const items = c.history.map((h) => `<li><time datetime="${e(h.at)}">${e(h.when)}</time>${e(h.text)}</li>`);
    parts.push(`<section class="card__history"><h3>${e(c.historyTitle)}</h3><ol>${items.join('')}</ol></section>`);
  }
  if (c.list && c.list.length > 0) {
    const items = c.list.map((i) => `<li data-request-id="${e(i.requestId)}" data-status="${e(i.status)}"><strong>${e(i.title)}</strong><div class="card__meta">${e(i.meta)}</div></li>`);
    parts.push(`<ul class="card__list">${items.join('')}</ul>`);
  }
  if (c.chart) parts.push(chartTable(c.chart));
  if (c.outcome) parts.push(`<p class="card__outcome">${e(c.outcome)}</p>`);
  if (c.links && c.links.length > 0) parts.push(`<p class="card__links">${c.links.map((l) => `<a href="${e(l.url)}" rel="noopener">${e(l.label)}</a>`).join(' ')}</p>`);
  if (c.comment) parts.push(`<p class="card__comment"><strong>${e(c.comment.label)}</strong> ${e(c.comment.value)}</p>`);
  return parts.join('');
}

/** One field of a card form as the browser's own control for its kind, filled with `value`. */
function fieldOf(x: FormField, value: string | undefined): string {
  const req = x.required ? ' required' : '';
  const label = `<span>${e(x.label)}</span>`;
  const options = x.options ?? [];
  switch (x.kind ?? 'text') {
    case 'multiline':
      return `<label class="card__field">${label}<textarea name="${e(x.name)}" rows="3" maxlength="${x.maxLength}" placeholder="${e(x.placeholder)}"${req}>${e(value ?? '')}</textarea></label>`;
    case 'select':
      return `<label class="card__field">${label}<select name="${e(x.name)}"${req}><option value="">${e(x.placeholder)}</option>${options.map((o) => `<option value="${e(o.value)}"${o.value === value ? ' selected' : ''}>${e(o.label)}</option>`).join('')}</select></label>`;
    case 'multi_select': {
      const chosen = new Set((value ?? '').split(','));
      const boxes = options.map((o) => `<label><input type="checkbox" name="${e(x.name)}" value="${e(o.value)}"${chosen.has(o.value) ? ' checked' : ''}> ${e(o.label)}</label>`).join('');
      return `<fieldset class="card__field card__choices"><legend>${e(x.label)}</legend>${boxes}</fieldset>`;
    }
    default: {
      const type = x.kind === 'date' ? 'date' : x.kind === 'time' ? 'time' : 'text';
      return `<label class="card__field">${label}<input type="${type}" name="${e(x.name)}" maxlength="${x.maxLength}" placeholder="${e(x.placeholder)}"${req}${value ? ` value="${e(value)}"` : ''}></label>`;
    }
  }
}

/**
 * A card form: one labelled control per field and a submit button, posting like every other card action. A form
 * refused is drawn again with what was typed (the view's own, or the console's `refill`) and why.
 */
function formOf(f: FormContent, extras: HtmlRenderExtras): string {
  const csrf = extras.csrfToken === undefined ? '' : `<input type="hidden" name="_csrf" value="${e(extras.csrfToken)}">`;
  const typed = extras.refill?.values;
  const inputs = f.fields.map((x) => fieldOf(x, typed ? typed[x.name] : x.value)).join('');
  const why = extras.refill?.problem ?? f.problem;
  const problem = why ? `<p class="card__problem" role="alert">${e(why)}</p>` : '';
  return (
    `<form class="card__form" method="post" action="${CONSOLE_ACTION_PATH}" autocomplete="off">` +
    `<input type="hidden" name="action" value="submit"><input type="hidden" name="value" value="${e(f.value)}">${csrf}${problem}${inputs}` +
    `<button type="submit" class="btn btn--primary">${e(f.submitLabel)}</button></form>`
  );
}

/**
 * Renders `view` as an HTML `<article>` for the web console. Every string from the view is escaped; decided and
 * closed cards have no forms.
 */
export function renderHtmlCard(view: CardView, options: RenderOptions, extras: HtmlRenderExtras = {}): string {
  const { locale } = options;
  const c = cardContent(view, options);
  const lang = locale === 'zh' ? 'zh-CN' : 'en';
  const status = c.statusText ? `<span class="card__status">${e(c.statusText)}</span>` : '';
  const actions = actionsOf(c.buttons, locale, extras) + (c.form ? `<div class="card__actions">${formOf(c.form, extras)}</div>` : '');
  return (
    `<article class="card card--${TONE_CLASS[c.tone]}" lang="${lang}" data-kind="${c.kind}" data-status="${e(c.status)}">` +
    `<header class="card__header"><h2>${e(c.title)}</h2>${status}</header>` +
    `<div class="card__body">${bodyOf(c)}</div>${actions}</article>`
  );
}
