// A preview of Slack Block Kit as Slack draws it, for the demo report: header, sections with fields, context lines,
// dividers, action buttons (inert), and modals with their inputs. Unknown blocks show their type.
import { h, type Html } from './html.js';
import { slackMrkdwn } from './preview-markdown.js';

type Block = Readonly<Record<string, unknown>>;

const list = (v: unknown): Block[] => (Array.isArray(v) ? (v.filter((x) => typeof x === 'object' && x !== null) as Block[]) : []);
/** A text object: mrkdwn is formatted, plain_text shown as is. */
function text(v: unknown): Html {
  const t = (v ?? {}) as { type?: unknown; text?: unknown };
  const s = typeof t.text === 'string' ? t.text : '';
  return t.type === 'mrkdwn' ? slackMrkdwn(s) : h`${s}`;
}
const plain = (v: unknown): string => String((v as { text?: unknown } | undefined)?.text ?? '');
const style = (v: unknown): string => (v === 'primary' || v === 'danger' ? v : 'default');

function element(e: Block): Html {
  if (e.type === 'button') return h`<button type="button" disabled class="pv-btn pv-btn--${style(e.style)}">${plain(e.text)}</button>`;
  if (e.type === 'plain_text_input') return h`<textarea disabled rows="${e.multiline ? 3 : 1}" placeholder="${plain(e.placeholder)}"></textarea>`;
  if (e.type === 'mrkdwn' || e.type === 'plain_text') return h`<span>${text(e)}</span>`;
  return h`<span class="pv-unknown">[${String(e.type ?? '?')}]</span>`;
}

function block(b: Block): Html {
  switch (b.type) {
    case 'header':
      return h`<div class="sl-header">${plain(b.text)}</div>`;
    case 'section':
      return h`<div class="sl-section">${b.text ? h`<div>${text(b.text)}</div>` : ''}${b.fields ? h`<div class="sl-fields">${list(b.fields).map((f) => h`<div>${text(f)}</div>`)}</div>` : ''}${b.accessory ? element(b.accessory as Block) : ''}</div>`;
    case 'context':
      return h`<div class="sl-context">${list(b.elements).map(element)}</div>`;
    case 'divider':
      return h`<hr class="sl-divider">`;
    case 'actions':
      return h`<div class="sl-actions">${list(b.elements).map(element)}</div>`;
    case 'input':
      return h`<label class="sl-input"><span>${plain(b.label)}</span>${element((b.element ?? {}) as Block)}</label>`;
    default:
      return h`<div class="pv-unknown">[${String(b.type ?? '?')}]</div>`;
  }
}

/** A message with blocks as Slack shows it from the bot. */
export function previewSlackMessage(blocks: unknown): Html {
  return h`<div class="pv-card sl-message">${list(blocks).map(block)}</div>`;
}

/** A modal view (views.open) as Slack shows it over the conversation. */
export function previewSlackModal(view: unknown): Html {
  const v = (view ?? {}) as Block;
  const buttons = [v.close ? h`<button type="button" disabled class="pv-btn pv-btn--default">${plain(v.close)}</button>` : '', v.submit ? h`<button type="button" disabled class="pv-btn pv-btn--primary">${plain(v.submit)}</button>` : ''];
  return h`<div class="pv-card sl-modal"><div class="sl-modal-title">${plain(v.title)}</div><div class="pv-body">${list(v.blocks).map(block)}</div><div class="sl-modal-foot">${buttons}</div></div>`;
}
