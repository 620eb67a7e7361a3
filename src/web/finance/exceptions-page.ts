// The exceptions page: every open bank transaction with its reason and finance's decisions on it as forms (match by
// hand to one or many payments, bank fee, write off with a reason, not ours), then the statements whose checks failed
// and the payments the bank has not booked. A refused decision is drawn again in its card with the reason and what
// was typed, so nothing is lost.
import { html } from 'hono/html';
import type { exceptionsPageOf } from '../../usecases/finance/pages.js';
import { money, shell, type Html, type Lang } from './layout.js';

type Page = Extract<Awaited<ReturnType<typeof exceptionsPageOf>>, { ok: true }>['value'];
type Line = Page['lines'][number];

/** A decision refused: on which transaction, why, and what was sent (drawn again). */
export interface Refill {
  statementId: string;
  ref: string;
  action: string;
  reason: string;
  paymentIds: string[];
  problem: string;
}

const T = {
  title: { zh: '对账异常', en: 'Reconciliation exceptions' },
  none: { zh: '没有待处理的银行流水。', en: 'No bank transactions are waiting for you.' },
  lines: { zh: '待处理的银行流水', en: 'Bank transactions to decide' },
  in: { zh: '收入', en: 'Money in' },
  out: { zh: '支出', en: 'Money out' },
  match: { zh: '手工匹配付款', en: 'Match to payments' },
  matchHint: { zh: '勾选付款，或填写付款编号（逗号分隔），合计须与流水金额一致。', en: 'Tick payments or type their ids (comma-separated); they must add up to the amount.' },
  ids: { zh: '付款编号', en: 'Payment ids' },
  fee: { zh: '记为手续费', en: 'Book as bank fee' },
  writeOff: { zh: '核销', en: 'Write off' },
  reason: { zh: '原因（必填）', en: 'Reason (required)' },
  notOurs: { zh: '非本公司业务', en: 'Not ours' },
  note: { zh: '备注（可选）', en: 'Note (optional)' },
  statements: { zh: '校验未通过的对账单', en: 'Statements whose checks failed' },
  unsettled: { zh: '已发出、银行尚未入账的付款', en: 'Payments sent and not booked by the bank' },
  noCandidates: { zh: '没有在途付款可匹配。', en: 'No payments on their way to match.' },
  reopen: { zh: '撤回并重新付款', en: 'Give up and pay again' },
  reopenHint: { zh: '撤回后应付款回到下一付款批次；若银行日后仍入账，该笔流水会出现在上方待处理。', en: 'The payable goes to the next run; should the bank book it later after all, that transaction shows up above.' },
  supplier: { zh: '供应商对账差异', en: 'Supplier statement differences' },
  suggested: { zh: '建议匹配：', en: 'Suggested:' },
} as const;

/** Why a suggestion was not made automatically. */
const SUGGEST_WHY = {
  ambiguous: { zh: '有多个同样可能的付款', en: 'more than one payment fits equally' },
  below_threshold: { zh: '把握不足', en: 'not sure enough' },
  amount_differs: { zh: '金额不一致', en: 'the amount differs' },
} as const;
type Key = keyof typeof T;

/** The line's reason in the employee's language (the use case gives it in English). */
const lineReason = (lang: Lang, l: Line) => (lang === 'en' ? l.reason : l.creditDebit === 'CRDT' ? '收到一笔款项，没有对应的付款' : '一笔支出，没有对应的付款');

function lineCard(lang: Lang, csrf: string, l: Line, candidates: Page['candidates'], refill: Refill | undefined): Html {
  const t = (k: Key) => T[k][lang];
  const mine = refill && refill.statementId === l.statementId && refill.ref === l.ref ? refill : undefined;
  const action = `/finance/exceptions/${encodeURIComponent(l.statementId)}/${encodeURIComponent(l.ref)}`;
  const hidden = (a: string) => html`<input type="hidden" name="_csrf" value="${csrf}" /><input type="hidden" name="action" value="${a}" />`;
  const debit = l.creditDebit === 'DBIT';
  const usable = candidates.filter((p) => p.amount.currency === l.amount?.currency);
  const typedIds = mine?.paymentIds.filter((id) => !usable.some((p) => p.id === id)).join(', ') ?? '';
  return html`<section class="card" data-line="${l.statementId}/${l.ref}">
  <h3>${debit ? t('out') : t('in')} ${l.amount ? money(lang, l.amount) : '—'} <span class="muted">${l.date ?? ''} · ${l.ref}</span></h3>
  <div>${l.counterparty.name ?? ''}${l.counterparty.accountLast4 ? html` <span class="muted">****${l.counterparty.accountLast4}</span>` : ''}</div>
  ${(l.texts as string[]).length ? html`<div class="muted">${(l.texts as string[]).join(' · ')}</div>` : ''}
  <p class="reason">${lineReason(lang, l)}</p>
  ${l.suggestions.length ? html`<p class="suggest">${t('suggested')} ${l.suggestions.map((x) => html`<span data-suggest="${x.paymentIds.join(',')}">${x.paymentIds.join(' + ')} <span class="muted">(${x.rule}, ${Math.round(x.confidence * 100)}%, ${SUGGEST_WHY[x.reason as keyof typeof SUGGEST_WHY]?.[lang] ?? x.reason})</span></span>`)}</p>` : ''}
  ${mine ? html`<p class="error" role="alert">${mine.problem}</p>` : ''}
  <form class="act" method="post" action="${action}">${hidden('write_off')}
    <input type="text" name="reason" required maxlength="500" placeholder="${t('reason')}" aria-label="${t('reason')}" value="${mine?.action === 'write_off' ? mine.reason : ''}" />
    <button class="primary">${t('writeOff')}</button></form>
  <form class="act" method="post" action="${action}">${hidden('not_ours')}
    <input type="text" name="reason" maxlength="500" placeholder="${t('note')}" aria-label="${t('note')}" value="${mine?.action === 'not_ours' ? mine.reason : ''}" />
    <button>${t('notOurs')}</button></form>
  ${debit
    ? html`<form class="act" method="post" action="${action}">${hidden('fee')}<button>${t('fee')}</button></form>
  <details${mine?.action === 'match' ? ' open' : ''}><summary>${t('match')}</summary>
    <form method="post" action="${action}">${hidden('match')}<p class="muted">${t('matchHint')}</p>
      ${usable.length
        ? usable.map((p) => html`<label class="pick"><input type="checkbox" name="paymentIds" value="${p.id}"${(mine ? mine.paymentIds.includes(p.id) : l.suggestions[0]?.paymentIds.includes(p.id)) ? ' checked' : ''} /> ${money(lang, p.amount)} · ${p.endToEndId} · ${p.owner.id} <span class="muted">${p.id}</span></label>`)
        : html`<p class="muted">${t('noCandidates')}</p>`}
      <div class="act"><input type="text" name="paymentIdsText" maxlength="2000" placeholder="${t('ids')}" aria-label="${t('ids')}" value="${typedIds}" /><button>${t('match')}</button></div>
    </form></details>`
    : ''}
</section>`;
}

/** The whole exceptions page; `refill` is a decision just refused. */
export function exceptionsPage(lang: Lang, csrf: string, p: Page, refill?: Refill): Html {
  const t = (k: Key) => T[k][lang];
  const body = html`${refill && !p.lines.some((l) => l.statementId === refill.statementId && l.ref === refill.ref) ? html`<p class="error" role="alert">${refill.problem}</p>` : ''}
<h2>${t('lines')} (${p.lines.length})</h2>
${p.lines.length ? p.lines.map((l) => lineCard(lang, csrf, l, p.candidates, refill)) : html`<p class="ok">${t('none')}</p>`}
${p.statements.length
  ? html`<h2>${t('statements')}</h2>${p.statements.map((s) => html`<section class="card"><h3>${s.statementId} <span class="muted">${s.kind} · ${s.importedAt.slice(0, 10)}</span></h3><p class="reason">${JSON.stringify(s.checks)}</p></section>`)}`
  : ''}
${p.payments.length
  ? html`<h2>${t('unsettled')}</h2><div class="card wrap"><table><tbody>${p.payments.map((x) => html`<tr><td>${x.endToEndId}<div class="muted">${x.id}</div></td><td class="num">${money(lang, x.amount)}</td><td>${x.status}</td><td class="hide">${x.since.slice(0, 10)}</td><td><form class="act" method="post" action="/finance/payments/${encodeURIComponent(x.id)}/reopen"><input type="hidden" name="_csrf" value="${csrf}" /><input name="reason" required maxlength="500" placeholder="${t('reason')}" aria-label="${t('reason')}" /><button>${t('reopen')}</button></form></td></tr>`)}</tbody></table></div><p class="muted">${t('reopenHint')}</p>`
  : ''}
${p.supplier.length
  ? html`<h2>${t('supplier')}</h2><div class="card wrap"><table><tbody>${p.supplier.map((d) => html`<tr><td>${d.supplier} ${d.month}<div class="muted">${d.supplierOrderRef}</div></td><td>${d.reasonText[lang]}</td></tr>`)}</tbody></table></div>`
  : ''}`;
  return shell(lang, t('title'), body, 'exceptions', csrf);
}
