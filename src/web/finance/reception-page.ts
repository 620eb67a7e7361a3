// The visit statistics page (接待统计): a period and a dimension (customer company, department, month) chosen by a GET
// form, the statistics as a table, and the same figures and the ledger as CSV downloads. Shows only; built with
// `hono/html`, which escapes every value (a company named "<script>" is text).
import { html } from 'hono/html';
import type { ReceptionStats } from '../../usecases/reception/ledger.js';
import { money, shell, type Html, type Lang } from './layout.js';

const T = {
  title: { zh: '接待统计', en: 'Visit statistics' },
  from: { zh: '从', en: 'From' },
  to: { zh: '到', en: 'To' },
  by: { zh: '按', en: 'By' },
  company: { zh: '客户公司', en: 'Customer company' },
  department: { zh: '部门', en: 'Department' },
  month: { zh: '月份', en: 'Month' },
  show: { zh: '查看', en: 'Show' },
  visits: { zh: '接待次数', en: 'Visits' },
  visitors: { zh: '来访人数', en: 'Visitors' },
  perMonth: { zh: '月均次数', en: 'Visits a month' },
  estimate: { zh: '预算', en: 'Estimate' },
  cost: { zh: '实际费用', en: 'Cost' },
  perVisit: { zh: '次均费用', en: 'Cost per visit' },
  none: { zh: '这段时间没有已完成的接待。', en: 'No completed visits in this period.' },
  noCompany: { zh: '（未填公司）', en: '(no company)' },
  csvStats: { zh: '下载统计 CSV', en: 'Download the statistics (CSV)' },
  csvLedger: { zh: '下载接待台账 CSV', en: 'Download the visit ledger (CSV)' },
  note: { zh: '费用只计已批准的报销；次均费用按有报销的接待计算。', en: 'Cost counts approved claims only; the cost per visit divides by the visits that have one.' },
} as const;
type Key = keyof typeof T;

/** The statistics page for `stats` (and the query it answers, for the form and the download links). */
export function receptionStatsPage(lang: Lang, csrf: string, stats: ReceptionStats): Html {
  const t = (k: Key) => T[k][lang];
  const q = (format?: string) => `from=${encodeURIComponent(stats.from)}&to=${encodeURIComponent(stats.to)}&by=${encodeURIComponent(stats.by)}${format ? `&format=${format}` : ''}`;
  const option = (v: 'company' | 'department' | 'month') => (v === stats.by ? html`<option value="${v}" selected>${t(v)}</option>` : html`<option value="${v}">${t(v)}</option>`);
  const form = html`<form class="act card" method="get" action="/finance/reception">
<label>${t('from')} <input type="date" name="from" value="${stats.from}" required /></label>
<label>${t('to')} <input type="date" name="to" value="${stats.to}" required /></label>
<label>${t('by')} <select name="by">${option('company')}${option('department')}${option('month')}</select></label>
<button class="primary">${t('show')}</button></form>`;
  const table = stats.rows.length
    ? html`<div class="card wrap"><table><thead><tr><th>${t(stats.by)}</th><th class="num">${t('visits')}</th><th class="num hide">${t('visitors')}</th><th class="num">${t('perMonth')}</th><th class="num hide">${t('estimate')}</th><th class="num">${t('cost')}</th><th class="num">${t('perVisit')}</th></tr></thead><tbody>
${stats.rows.map(
  (r) => html`<tr data-key="${r.key}"><td>${r.label || t('noCompany')}</td><td class="num">${r.visits}</td><td class="num hide">${r.visitors}</td><td class="num">${r.perMonth.toFixed(2)}</td><td class="num hide">${money(lang, r.estimate)}</td><td class="num">${money(lang, r.cost)}</td><td class="num">${r.costPerVisit ? money(lang, r.costPerVisit) : '—'}</td></tr>`,
)}
</tbody></table></div>`
    : html`<p class="muted">${t('none')}</p>`;
  const links = html`<p><a href="/finance/reception.csv?${q()}" download>${t('csvStats')}</a> · <a href="/finance/reception-ledger.csv?${q()}" download>${t('csvLedger')}</a></p><p class="muted">${t('note')}</p>`;
  return shell(lang, t('title'), [form, table, links], 'reception', csrf);
}
