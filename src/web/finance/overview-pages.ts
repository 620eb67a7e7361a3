// The finance pages that only show: payment runs and their status, reconciliation status per company account, and
// budget burn by department (consumed / frozen / available).
import { html } from 'hono/html';
import type { RunView } from '../../usecases/payments/runs.js';
import type { AccountStatus, DepartmentBurn } from '../../usecases/finance/pages.js';
import { money, shell, type Html, type Lang } from './layout.js';

const T = {
  runs: { zh: '付款批次', en: 'Payment runs' },
  noRuns: { zh: '还没有付款批次。', en: 'No payment runs yet.' },
  run: { zh: '批次', en: 'Run' },
  status: { zh: '状态', en: 'Status' },
  total: { zh: '金额', en: 'Total' },
  items: { zh: '笔数', en: 'Items' },
  held: { zh: '暂缓', en: 'Held' },
  created: { zh: '创建', en: 'Created' },
  recon: { zh: '对账状态', en: 'Reconciliation status' },
  noAccounts: { zh: '还没有公司付款账户。', en: 'No company accounts yet.' },
  matched: { zh: '已匹配', en: 'Matched' },
  open: { zh: '待处理', en: 'Open' },
  other: { zh: '其他', en: 'Other' },
  last: { zh: '最近对账单', en: 'Last statement' },
  noStatement: { zh: '尚未导入对账单', en: 'No statement imported yet' },
  checksOk: { zh: '校验通过', en: 'checks passed' },
  checksBad: { zh: '校验未通过', en: 'checks failed' },
  budgets: { zh: '预算执行', en: 'Budget burn' },
  noBudgets: { zh: '还没有预算。', en: 'No budgets yet.' },
  category: { zh: '类别', en: 'Category' },
  period: { zh: '期间', en: 'Period' },
  amount: { zh: '预算', en: 'Budget' },
  consumed: { zh: '已用', en: 'Consumed' },
  frozen: { zh: '冻结', en: 'Frozen' },
  available: { zh: '可用', en: 'Available' },
} as const;
type Key = keyof typeof T;

const RUN_STATUS: Readonly<Record<string, { zh: string; en: string }>> = {
  draft: { zh: '草稿', en: 'draft' },
  pending_approval: { zh: '审批中', en: 'awaiting approval' },
  approved: { zh: '已批准', en: 'approved' },
  released: { zh: '已发送银行', en: 'released to the bank' },
  completed: { zh: '已完成', en: 'completed' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};
const runStatus = (lang: Lang, s: string) => (Object.hasOwn(RUN_STATUS, s) ? RUN_STATUS[s]![lang] : s);

export function runsPage(lang: Lang, csrf: string, runs: readonly RunView[]): Html {
  const t = (k: Key) => T[k][lang];
  const body = runs.length
    ? html`<div class="card wrap"><table><thead><tr><th>${t('run')}</th><th>${t('status')}</th><th class="num">${t('total')}</th><th class="num">${t('items')}</th><th class="num hide">${t('held')}</th><th class="hide">${t('created')}</th></tr></thead><tbody>
${runs.map((r) => html`<tr data-run="${r.id}"><td>${r.id}</td><td>${runStatus(lang, r.status)}</td><td class="num">${r.totals.length ? r.totals.map((x, i) => html`${i ? html`<br />` : ''}${money(lang, { minor: x.minor, currency: x.currency })}`) : '—'}</td><td class="num">${r.totals.reduce((s, x) => s + x.count, 0)}</td><td class="num hide">${r.held}</td><td class="hide">${r.createdAt.slice(0, 10)}</td></tr>`)}
</tbody></table></div>`
    : html`<p class="muted">${t('noRuns')}</p>`;
  return shell(lang, t('runs'), body, 'runs', csrf);
}

export function reconciliationPage(lang: Lang, csrf: string, accounts: readonly AccountStatus[]): Html {
  const t = (k: Key) => T[k][lang];
  const body = accounts.length
    ? accounts.map((a) => {
        const other = Object.entries(a.lines).filter(([s]) => s !== 'matched' && s !== 'open');
        const s = a.lastStatement;
        return html`<section class="card" data-account="${a.id}"><h3>${a.name} <span class="muted">${a.bankName} · ${a.masked[lang]} · ${a.currency}</span></h3>
<p>${t('matched')}: <strong>${a.lines.matched ?? 0}</strong> · ${t('open')}: <strong>${a.lines.open ?? 0}</strong>${other.length ? html` · ${t('other')}: ${other.map(([k, n]) => `${k} ${n}`).join(', ')}` : ''}</p>
<p class="muted">${t('last')}: ${s ? html`${s.statementId} · ${s.importedAt.slice(0, 10)} · ${s.entries} · ${s.checksPassed ? t('checksOk') : html`<span class="error">${t('checksBad')}</span>`}` : t('noStatement')}</p></section>`;
      })
    : html`<p class="muted">${t('noAccounts')}</p>`;
  return shell(lang, t('recon'), body, 'reconciliation', csrf);
}

/** A bar of the budget: consumed (red) and frozen (amber) as shares of the amount. */
function bar(b: DepartmentBurn['budgets'][number]): Html {
  const pct = (n: number) => (b.amountMinor > 0 ? Math.min(100, Math.max(0, Math.round((n / b.amountMinor) * 100))) : 0);
  return html`<div class="bar" aria-hidden="true"><i class="c" style="width:${pct(b.consumedMinor)}%"></i><i class="f" style="width:${pct(b.frozenMinor)}%"></i></div>`;
}

export function budgetsPage(lang: Lang, csrf: string, departments: readonly DepartmentBurn[]): Html {
  const t = (k: Key) => T[k][lang];
  const m = (minor: number, currency: string) => money(lang, { minor, currency });
  const body = departments.length
    ? departments.map(
        (d) => html`<section class="card" data-department="${d.departmentId}"><h3>${d.name}</h3><div class="wrap"><table><thead><tr><th>${t('category')}</th><th class="hide">${t('period')}</th><th class="num hide">${t('amount')}</th><th class="num">${t('consumed')}</th><th class="num">${t('frozen')}</th><th class="num">${t('available')}</th><th></th></tr></thead><tbody>
${d.budgets.map((b) => html`<tr><td>${b.category}</td><td class="hide">${b.period}</td><td class="num hide">${m(b.amountMinor, b.currency)}</td><td class="num">${m(b.consumedMinor, b.currency)}</td><td class="num">${m(b.frozenMinor, b.currency)}</td><td class="num">${m(b.availableMinor, b.currency)}</td><td>${bar(b)}</td></tr>`)}
</tbody></table></div></section>`,
      )
    : html`<p class="muted">${t('noBudgets')}</p>`;
  return shell(lang, t('budgets'), body, 'budgets', csrf);
}
