// A preview of a Feishu card JSON 2.0 as Feishu draws it, for the demo report: the coloured header with its title and
// status tag, the body's markdown, rules, column sets, forms with their input, and buttons as (inert) buttons.
// Unknown elements are shown by their tag, so a card the preview cannot draw is visible, not silently dropped.
import { h, type Html } from './html.js';
import { feishuMarkdown } from './preview-markdown.js';

type El = Readonly<Record<string, unknown>>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** The text of a `plain_text` / `lark_md` object, or a string. */
const textOf = (v: unknown): string => (typeof v === 'string' ? v : str((v as { content?: unknown } | undefined)?.content));
const list = (v: unknown): El[] => (Array.isArray(v) ? (v.filter((x) => typeof x === 'object' && x !== null) as El[]) : []);
/** Colour names are the template's own; anything else falls back so no class can be injected. */
const colour = (v: unknown): string => (typeof v === 'string' && /^[a-z]+$/.test(v) ? v : 'default');

function element(e: El): Html {
  switch (e.tag) {
    case 'markdown':
      return h`<div class="fs-md">${feishuMarkdown(str(e.content))}</div>`;
    case 'div':
      return h`<div class="fs-md">${feishuMarkdown(textOf(e.text))}</div>`;
    case 'hr':
      return h`<hr class="fs-hr">`;
    case 'column_set':
      return h`<div class="fs-columns">${list(e.columns).map((c) => h`<div class="fs-column">${list(c.elements).map(element)}</div>`)}</div>`;
    case 'form':
      return h`<div class="fs-form">${list(e.elements).map(element)}</div>`;
    case 'input':
      return h`<label class="fs-input"><span>${textOf(e.label)}</span><input type="text" disabled placeholder="${textOf(e.placeholder)}"></label>`;
    case 'button':
      return h`<button type="button" disabled class="pv-btn pv-btn--${colour(e.type)}">${textOf(e.text)}</button>`;
    case 'collapsible_panel':
      return h`<details class="fs-panel"><summary>${textOf((e.header as El | undefined)?.title)}</summary>${list(e.elements).map(element)}</details>`;
    default:
      return h`<div class="pv-unknown">[${str(e.tag) || '?'}]</div>`;
  }
}

/**
 * The card as Feishu shows it in a chat (buttons drawn but inert). Takes the card itself or a callback answer's
 * `{type: 'raw', data: card}` wrapper.
 */
export function previewFeishuCard(card: unknown): Html {
  const wrapped = card as { type?: unknown; data?: unknown } | null | undefined;
  const c = ((wrapped?.type === 'raw' ? wrapped.data : card) ?? {}) as { header?: El; body?: { elements?: unknown }; elements?: unknown };
  const header = c.header ?? {};
  const tags = list(header.text_tag_list).map((t) => h`<span class="pv-tag pv-tag--${colour(t.color)}">${textOf(t.text)}</span>`);
  const elements = list(c.body?.elements ?? c.elements);
  return h`<div class="pv-card fs-card"><div class="pv-head pv-head--${colour(header.template)}"><span class="pv-title">${textOf(header.title)}</span>${tags}</div><div class="pv-body">${elements.map(element)}</div></div>`;
}
