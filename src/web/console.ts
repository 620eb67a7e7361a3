// The web console at /console: the embedded default chat channel. Pick an employee, chat with the bot, see cards as
// HTML and click their buttons — no platform credentials needed. Server-rendered; forms post and redirect back, and a
// few lines of script poll for messages that arrive later (an approver's card, an outcome). Access and CSRF are
// checked by console-guard.ts before any handler here runs.
import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ConsoleMessage } from '../../db/repos/chat.js';
import { CARD_CSS, escapeHtml, renderHtmlCard, type CardView } from '../../cards/index.js';
import { clickOnConsole, consoleEmployee, consolePeople, consoleTranscriptOf } from '../chat/console-view.js';
import { handleMessage, type ChatDeps } from '../chat/handle-message.js';
import { languageOf, type Lang } from '../chat/texts.js';
import type { Employee } from '../../domain/org/index.js';
import { CSRF_FIELD, registerConsoleGuard } from './console-guard.js';

const COOKIE = 'console_as';
const e = escapeHtml;

export interface ConsoleDeps extends ChatDeps {
  orgId: string;
  kickOutbox?: () => void;
  /** CONSOLE_PASSWORD switches from loopback-only to a password login; PUBLIC_URL (https) marks cookies Secure. */
  config?: ChatDeps['config'] & { CONSOLE_PASSWORD?: string | undefined; PUBLIC_URL?: string | undefined };
}

/** Role names as the console's picker shows them. */
const ROLES: Readonly<Record<string, Readonly<Record<Lang, string>>>> = {
  employee: { zh: '员工', en: 'employee' },
  manager: { zh: '经理', en: 'manager' },
  admin: { zh: '管理员', en: 'admin' },
  finance: { zh: '财务', en: 'finance' },
  reception: { zh: '前台', en: 'reception' },
  guard: { zh: '门卫', en: 'guard' },
};

/** Mounts the console routes on `app`. */
export function registerConsole(app: Hono<any>, deps: ConsoleDeps): void {
  registerConsoleGuard(app, { box: deps.box, clock: deps.clock, config: deps.config ?? {} });
  const csrf = (c: Context): string => c.get('consoleCsrf') as string;
  const as = async (c: Context) => {
    const id = getCookie(c, COOKIE);
    return id ? consoleEmployee(deps, deps.orgId, id) : undefined;
  };

  app.get('/console', async (c) => {
    const pick = c.req.query('as');
    if (pick) {
      const who = await consoleEmployee(deps, deps.orgId, pick);
      if (!who?.active) return c.html(page('Console', `<p class="error">No active employee ${e(pick)}.</p><p><a href="/console">Back</a></p>`), 404);
      setCookie(c, COOKIE, who.id, { path: '/console', sameSite: 'Strict', httpOnly: true });
      return c.redirect('/console', 303);
    }
    return consolePage(c, await as(c));
  });

  /**
   * The console page as `me` sees it. `refill`: a card form just refused, drawn again with what was typed and why
   * (answered directly, not stored anywhere, so nothing typed is lost and no number is kept).
   */
  const consolePage = async (c: Context, me: Employee | undefined, refill?: ConsoleRefill) => {
    const employees = await consolePeople(deps, deps.orgId);
    // In the chosen employee's language; before anyone is chosen, in both.
    const say = (t: Readonly<Record<Lang, string>>) => (me ? t[me.locale.startsWith('en') ? 'en' : 'zh'] : `${t.zh} / ${t.en}`);
    const roles = (rs: readonly string[]) => (rs.length ? rs : ['employee']).map((r) => (Object.hasOwn(ROLES, r) ? say(ROLES[r]!) : r)).join(me ? (me.locale.startsWith('en') ? ', ' : '、') : ', ');
    // The first option is a prompt, so choosing the first person is a change too (onchange fires) and nobody is
    // picked by accident.
    const prompt = `<option value=""${me ? '' : ' selected'} disabled>— ${e(say({ zh: '选择员工', en: 'pick an employee' }))} —</option>`;
    const picker = `<form class="picker" method="get" action="/console"><label>${e(say({ zh: '员工', en: 'Employee' }))} <select name="as" required onchange="this.form.submit()">${prompt}${employees
      .filter((x) => x.active)
      .map((x) => `<option value="${e(x.id)}"${x.id === me?.id ? ' selected' : ''}>${e(x.name)} (${e(roles(x.roles))})</option>`)
      .join('')}</select></label> <noscript><button>OK</button></noscript></form>`;
    if (!me) return c.html(page('Console', `${picker}<p>Pick an employee to chat as. 选择一位员工开始对话。</p>`));
    const lang: Lang = me.locale.startsWith('en') ? 'en' : 'zh';
    const { messages, timeZone } = (await consoleTranscriptOf(deps, deps.orgId, me.id))!; // without `since`, always there
    const last = messages.at(-1);
    const body = `${picker}
<section id="transcript" data-after="${last ? last.updatedAt.getTime() : 0}">${transcript(messages, lang, timeZone, csrf(c), refill)}</section>
<form class="composer" method="post" action="/console/messages">
  <input type="hidden" name="${CSRF_FIELD}" value="${e(csrf(c))}">
  <input name="text" autocomplete="off" autofocus required maxlength="2000" placeholder="${lang === 'zh' ? '例如：下周二去上海出差，周四回，高铁' : 'e.g. taxi to airport $45 yesterday'}">
  <button class="btn btn--primary">${lang === 'zh' ? '发送' : 'Send'}</button>
</form>
<script>
setInterval(async () => {
  const t = document.getElementById('transcript');
  const r = await fetch('/console/transcript?since=' + t.dataset.after);
  if (r.status === 200) { t.outerHTML = await r.text(); window.scrollTo(0, document.body.scrollHeight); }
}, 1500);
window.scrollTo(0, document.body.scrollHeight);
</script>`;
    return c.html(page(`${me.name} · Console`, body), refill ? 422 : 200);
  };

  /** The transcript section when something changed since `since` (ms), else 204. */
  app.get('/console/transcript', async (c) => {
    const me = await as(c);
    if (!me) return c.body(null, 401);
    const changed = await consoleTranscriptOf(deps, deps.orgId, me.id, Number(c.req.query('since') ?? 0));
    if (!changed) return c.body(null, 204);
    const { messages, latest, timeZone } = changed;
    const lang: Lang = me.locale.startsWith('en') ? 'en' : 'zh';
    return c.html(`<section id="transcript" data-after="${latest}">${transcript(messages, lang, timeZone, csrf(c))}</section>`);
  });

  app.post('/console/messages', async (c) => {
    const me = await as(c);
    if (!me) return c.redirect('/console', 303);
    const form = await c.req.parseBody();
    const text = typeof form.text === 'string' ? form.text.slice(0, 2000) : '';
    if (text.trim()) {
      const eventId = deps.ids.next('web');
      await handleMessage(deps, { orgId: deps.orgId, channel: 'web', chatId: me.id, address: me.id, employeeId: me.id, eventId, text });
    }
    return c.redirect('/console', 303);
  });

  app.post('/console/action', async (c) => {
    const me = await as(c);
    if (!me) return c.redirect('/console', 303);
    // `all`: a form's checkboxes (the visit form's resources) come as a list.
    const form = await c.req.parseBody({ all: true });
    const value = typeof form.value === 'string' ? form.value : '';
    const reason = typeof form.reason === 'string' ? form.reason : undefined;
    // A card form's inputs, when this was its submission.
    const fields = formFieldsOf(form);
    const filled = Object.keys(fields).length > 0;
    const lang = languageOf(reason ?? '', me.locale.startsWith('en') ? 'en' : 'zh');
    const answer = await clickOnConsole(deps, { orgId: deps.orgId, channel: 'web', employeeId: me.id, address: me.id, eventId: deps.ids.next('web'), value, ...(reason ? { reason } : {}), ...(filled ? { form: fields as Record<string, string> } : {}), lang });
    deps.kickOutbox?.();
    if (answer.formProblem) return consolePage(c, me, { value, values: fields as Record<string, string>, problem: answer.formProblem.text });
    return c.redirect('/console', 303);
  });
}

/** The fields a card form posted, besides the action's own (a list, from checkboxes, comma-joined); empty ones left out. */
function formFieldsOf(form: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) {
    if (k === 'action' || k === 'value' || k === 'reason' || k === CSRF_FIELD) continue;
    const text = typeof v === 'string' ? v : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').join(',') : '';
    if (text.trim() !== '') out[k] = text.slice(0, 2000);
  }
  return out;
}

/** A card form refused on this request: the form's signed value, what was typed and why it was refused. */
interface ConsoleRefill {
  value: string;
  values: Record<string, string>;
  problem: string;
}

function transcript(messages: ConsoleMessage[], lang: Lang, timeZone: string, csrfToken: string, refill?: ConsoleRefill): string {
  return messages
    .map((m) => {
      const who = m.direction === 'in' ? 'me' : 'bot';
      // A card is drawn in the language it was sent in, like the words around it (a reply to English is English).
      const locale: Lang = m.locale === 'en' || m.locale === 'zh' ? m.locale : lang;
      const view = m.view as CardView | null;
      const again = refill && (view?.kind === 'payee_form' || view?.kind === 'visit_form') && view.value === refill.value ? { refill: { values: refill.values, problem: refill.problem } } : {};
      const content = view ? renderHtmlCard(view, { locale, timeZone }, { csrfToken, ...again }) : `<p>${e(m.text ?? '').replace(/\n/g, '<br>')}</p>`;
      return `<div class="msg msg--${who}">${content}</div>`;
    })
    .join('');
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(title)}</title>
<style>${CARD_CSS}
body{font:14px/1.5 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:12px 12px 80px;background:#f6f8fa}
.msg{display:flex;margin:6px 0}.msg--me{justify-content:flex-end}.msg p{margin:0;padding:6px 10px;border-radius:10px;background:#fff;border:1px solid #d0d7de;max-width:36rem}
.msg--me p{background:#dbeafe}.composer{position:fixed;bottom:0;left:0;right:0;display:flex;gap:8px;padding:10px;background:#fff;border-top:1px solid #d0d7de}
.composer input{flex:1;padding:6px 10px;font-size:15px}.picker{margin-bottom:10px}.error{color:#c5221f}</style></head><body>${body}</body></html>`;
}
