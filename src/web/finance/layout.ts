// The finance pages' frame: one plain inline stylesheet (no external assets), the page navigation, the words in both
// languages, and the refusal page. Everything is built with `hono/html`, which escapes what it is given.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { formatMoney } from '../../../domain/money/index.js';
import type { FinancePage } from './link.js';

export type Lang = 'zh' | 'en';
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
export const langOf = (locale: string | undefined): Lang => (locale?.startsWith('en') ? 'en' : 'zh');

const WORDS = {
  exceptions: { zh: '对账异常', en: 'Exceptions' },
  runs: { zh: '付款批次', en: 'Payment runs' },
  reconciliation: { zh: '对账状态', en: 'Reconciliation' },
  budgets: { zh: '预算执行', en: 'Budgets' },
  reception: { zh: '接待统计', en: 'Visits' },
  finance: { zh: '财务', en: 'Finance' },
  refused: { zh: '无法打开', en: 'Cannot open this' },
  signOut: { zh: '退出', en: 'Sign out' },
} as const;

/** A word of the finance pages in `lang`. */
export const w = (lang: Lang, key: keyof typeof WORDS): string => WORDS[key][lang];

/** Money as the employee reads it. */
export const money = (lang: Lang, m: { minor: number; currency: string }): string => formatMoney(m, lang === 'en' ? 'en' : 'zh-CN');

const CSS = `
body{font:15px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f6f8fa;color:#1f2328}
header{background:#fff;border-bottom:1px solid #d0d7de;padding:8px 12px;display:flex;flex-wrap:wrap;gap:4px 14px;align-items:center}
header strong{margin-right:8px}header a{color:#0969da;text-decoration:none;padding:4px 0}header a[aria-current]{font-weight:600;border-bottom:2px solid #0969da}
main{max-width:60rem;margin:0 auto;padding:12px}h1{font-size:22px;margin:4px 0 12px}h2{font-size:17px;margin:16px 0 8px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px;margin:0 0 12px}
.card h3{margin:0 0 6px;font-size:16px}.muted{color:#59636e;font-size:13px}.reason{color:#9a6700}
.error{color:#c5221f;background:#ffebe9;border:1px solid #ffcecb;border-radius:6px;padding:8px 10px}
.ok{color:#1a7f37}table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:6px;border-bottom:1px solid #eaeef2;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}.wrap{overflow-x:auto}
details{margin-top:8px}summary{cursor:pointer;color:#0969da}form.act{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:6px 0}
input[type=text]{padding:6px 8px;font-size:15px;min-width:12rem;flex:1}button{padding:6px 12px;font-size:14px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;cursor:pointer}
button.primary{background:#1f883d;color:#fff;border-color:#1a7f37}label.pick{display:block;padding:2px 0}
.bar{height:8px;background:#eaeef2;border-radius:4px;overflow:hidden;display:flex;min-width:6rem}.bar i{display:block;height:100%}.bar .c{background:#cf222e}.bar .f{background:#d4a72c}
@media (max-width:600px){th.hide,td.hide{display:none}main{padding:8px}}
`;

const NAV: readonly FinancePage[] = ['exceptions', 'runs', 'reconciliation', 'budgets', 'reception'];

/** A whole finance page: the navigation (with `current` marked) and `body`. */
export function shell(lang: Lang, title: string, body: Html | Html[] | string, current?: FinancePage, csrf?: string): Html {
  const nav = NAV.map((p) => (p === current ? html`<a href="/finance/${p}" aria-current="page">${w(lang, p)}</a>` : html`<a href="/finance/${p}">${w(lang, p)}</a>`));
  return html`<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'zh-CN'}">
  <head>
    <meta charset="utf-8" /><meta name="viewport" content="width=device-width,initial-scale=1" />
    <meta name="referrer" content="no-referrer" /><title>${title} · ${w(lang, 'finance')}</title>
    <style>${CSS}</style>
  </head>
  <body>
    <header><strong>${w(lang, 'finance')}</strong>${current ? nav : ''}${csrf
      ? html`<form method="post" action="/finance/logout" style="margin-left:auto"><input type="hidden" name="_csrf" value="${csrf}" /><button>${w(lang, 'signOut')}</button></form>`
      : ''}</header>
    <main><h1>${title}</h1>${body}</main>
  </body>
</html>`;
}

/** The refusal page body: the reason, and what to do next. */
export function refusal(lang: Lang, reason: string): Html {
  const next = lang === 'en' ? 'Nothing was changed. To open the finance pages, use the button in the chat again.' : '未做任何更改。如需打开财务页面，请在聊天中重新点击按钮。';
  return shell(lang, w(lang, 'refused'), html`<p class="error" role="alert">${reason}</p><p class="muted">${next}</p>`);
}
