// A preview of a DingTalk interactive card instance for the demo report, drawn from the cardParamMap it carried: the
// template shows the title, a status tag coloured by tone, the markdown body, a reason box when a button needs one,
// the buttons (inert), and the `message` line a click answer sets.
import { h, type Html } from './html.js';
import { dingtalkMarkdown } from './preview-markdown.js';

interface ButtonParam {
  text?: unknown;
  status?: unknown;
  needs_reason?: unknown;
}

function buttonsOf(json: string | undefined): ButtonParam[] {
  try {
    const v = JSON.parse(json ?? '[]') as unknown;
    return Array.isArray(v) ? (v as ButtonParam[]) : [];
  } catch {
    return [];
  }
}

const STATUS: Readonly<Record<string, string>> = { primary: 'primary', warning: 'danger' };
const TONES = new Set(['info', 'pending', 'success', 'danger', 'warning', 'muted']);

/** The card as the DingTalk client draws the template with these variables. */
export function previewDingTalkCard(params: Readonly<Record<string, string>>): Html {
  const buttons = buttonsOf(params.buttons);
  const tone = TONES.has(params.tone ?? '') ? params.tone : 'info';
  const reason = buttons.some((b) => b.needs_reason === true) ? h`<label class="fs-input"><span>${params.reason_label ?? ''}</span><input type="text" disabled placeholder="${params.reason_placeholder ?? ''}"></label>` : '';
  return h`<div class="pv-card dt-card"><div class="pv-head pv-head--${tone}"><span class="pv-title">${params.title ?? ''}</span>${params.status_text ? h`<span class="pv-tag pv-tag--${tone}">${params.status_text}</span>` : ''}</div><div class="pv-body"><div class="fs-md">${dingtalkMarkdown(params.markdown ?? '')}</div>${reason}${buttons.length > 0 ? h`<div class="sl-actions">${buttons.map((b) => h`<button type="button" disabled class="pv-btn pv-btn--${STATUS[String(b.status)] ?? 'default'}">${String(b.text ?? '')}</button>`)}</div>` : ''}${params.message ? h`<div class="dt-message">${params.message}</div>` : ''}</div></div>`;
}
