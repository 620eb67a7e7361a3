// What a card says, in each reader's language: requests from chat named by their facts (never a raw key or the other
// language), request numbers, one warning once, a budget line on every expense card, grouped reason fields, and the
// states of a draft after Edit.
import { describe, expect, it } from 'vitest';
import { cardContent, renderDingTalkCard, renderFeishuCard, renderHtmlCard, renderSlackMessage } from '../../cards/index.js';
import { EXPENSE_CATEGORIES } from '../../cards/i18n.js';
import type { CardView, DraftCardView, RequestFacts } from '../../cards/view-model.js';
import { EN, ZH, approvalView, button, draftView, listView, noticeView } from './fixtures.js';

/** Facts as the chat builds them: no written title, so the card names the request itself. */
const fromChat = (f: Partial<RequestFacts>): RequestFacts => ({ requestId: 'req_x', type: 'expense', title: '', requester: 'David Miller', ...f });
const taxi = fromChat({ amount: { minor: 4500, currency: 'USD' }, expense: { category: 'transport', date: '2026-11-17' } });
const trip = fromChat({ type: 'trip', trip: { destination: 'Shenzhen', departDate: '2026-11-24', returnDate: '2026-11-26', transport: 'train' } });

/** Every string a reader sees on the card (title, status, labels, values, notes, budget, outcome, list lines). */
function words(view: CardView, o = ZH): string {
  const c = cardContent(view, o);
  return [c.title, c.statusText, ...c.facts.flatMap((f) => [f.label, f.value]), ...c.paragraphs.flatMap((f) => [f.label, f.value]), ...c.notes.flatMap((n) => [n.label, n.text]), c.budget?.label, c.budget?.text, c.outcome, ...(c.list ?? []).flatMap((l) => [l.title, l.meta])]
    .filter(Boolean)
    .join(' | ');
}

const HAN = /[\u3400-\u9fff]/;

describe('a request from chat is named in the reader’s language', () => {
  it('titles a trip and an expense by their facts, translating the category, in zh and en', () => {
    expect(cardContent(draftView({ facts: trip }), ZH).title).toBe('出差申请 · Shenzhen');
    expect(cardContent(draftView({ facts: trip }), EN).title).toBe('Trip request · Shenzhen');
    expect(cardContent(draftView({ facts: taxi }), ZH).title).toBe('费用报销 · 交通');
    expect(cardContent(draftView({ facts: taxi }), EN).title).toBe('Expense claim · Transport');
  });

  it('never shows a raw category key, in any language, for every category', () => {
    for (const category of Object.keys(EXPENSE_CATEGORIES)) {
      const view = draftView({ facts: fromChat({ amount: { minor: 100, currency: 'CNY' }, expense: { category } }) });
      const en = words(view, EN);
      const zh = words(view, ZH);
      expect(zh).toContain(EXPENSE_CATEGORIES[category as keyof typeof EXPENSE_CATEGORIES].zh);
      expect(en).toContain(EXPENSE_CATEGORIES[category as keyof typeof EXPENSE_CATEGORIES].en);
      // The key itself appears nowhere as a word of its own (English labels are capitalised).
      expect(zh).not.toMatch(new RegExp(`\\b${category}\\b`));
      expect(en).not.toMatch(new RegExp(`\\b${category}\\b`));
    }
  });

  it('an English card built from chat facts carries no Chinese of ours, and a Chinese one names every field in Chinese', () => {
    for (const facts of [trip, taxi]) {
      const view = draftView({ facts, violations: [], budget: { none: true } });
      expect(words(view, EN)).not.toMatch(HAN);
      const labels = cardContent(view, ZH).facts.map((f) => f.label);
      for (const label of labels) expect(label).toMatch(HAN);
    }
  });

  it('keeps a written title (an OA system’s) as given', () => {
    expect(cardContent(approvalView(), EN).title).toBe('Trip request · 上海客户拜访');
  });

  it('names the request by its facts on notices too', () => {
    expect(cardContent(noticeView({ facts: taxi }), EN).title).toBe('Request approved · Transport');
    expect(cardContent(noticeView({ facts: taxi }), ZH).title).toBe('申请已通过 · 交通');
  });
});

describe('request numbers', () => {
  it('shows the number, never an internal id, and a draft shows none until it is submitted', () => {
    const draft = draftView({ facts: { ...taxi, requestId: 'drf_00mx6340pw0003e6inlzeh' } });
    expect(words(draft, ZH)).not.toContain('drf_');
    expect(words(draft, EN)).not.toContain('Request no.');
    const submitted: DraftCardView = { ...draft, buttons: [], closed: { status: 'submitted', at: '2026-11-18T02:00:00Z', number: 'EX-0007' } };
    expect(cardContent(submitted, ZH).outcome).toBe('已于 11月18日 10:00 提交，申请编号 EX-0007');
    expect(cardContent(submitted, EN).outcome).toBe('Submitted at Nov 18, 10:00 as EX-0007');
    expect(cardContent(submitted, EN).facts).toContainEqual({ label: 'Request no.', value: 'EX-0007' });
    expect(cardContent(approvalView({ facts: { ...trip, number: 'TR-0042' } }), ZH).facts).toContainEqual({ label: '申请编号', value: 'TR-0042' });
  });

  it('puts the number first on every line of “my requests”', () => {
    const view = listView(2);
    const numbered = { ...view, items: view.items.map((i, n) => ({ ...i, number: `EX-000${n + 1}` })) };
    expect(cardContent(numbered, ZH).list!.map((l) => l.meta.split(' · ')[0])).toEqual(['EX-0001', 'EX-0002']);
    expect(cardContent(numbered, EN).list![0]!.meta).toMatch(/^EX-0001 · Expense claim · Pending/);
  });
});

describe('one warning once', () => {
  it('shows the same finding from two sources once, at its strictest', () => {
    const note = { zh: '交通费 45.00 USD 与限额 500.00 CNY 币种不同，未做比较', en: 'Transport expense 45.00 USD was not checked against the limit of 500.00 CNY because the currencies differ' };
    const view = draftView({ facts: taxi, violations: [{ severity: 'warn', message: note }, { severity: 'warn', message: note }] });
    for (const o of [ZH, EN]) expect(cardContent(view, o).notes).toHaveLength(1);
  });
});

describe('the budget line on every expense card', () => {
  const cny = (minor: number) => ({ minor, currency: 'CNY' });

  it('in the budget’s currency, with the converted amount and rate when the currency differs', () => {
    const view = draftView({ facts: taxi, budget: { availableBefore: cny(500_000), availableAfter: cny(468_050), overBudget: false, converted: { from: { minor: 4500, currency: 'USD' }, amount: cny(31_950), rate: '7.1' } } });
    expect(cardContent(view, ZH).budget!.text).toBe('¥5,000.00 → ¥4,680.50（$45.00 按汇率 7.1 折合 ¥319.50）');
    expect(cardContent(view, EN).budget!.text).toBe('CNY 5,000.00 → CNY 4,680.50 (USD 45.00 at 7.1 = CNY 319.50)');
  });

  it('says the amount is not comparable when no rate is known', () => {
    const view = draftView({ facts: taxi, budget: { availableBefore: cny(500_000), availableAfter: cny(500_000), overBudget: false, notComparable: { currency: 'USD' } } });
    expect(cardContent(view, ZH).budget!.text).toBe('¥5,000.00（USD 金额没有设置汇率，无法与预算比较）');
    expect(cardContent(view, EN).budget!.text).toBe('CNY 5,000.00 (USD amount not comparable: no exchange rate set)');
  });

  it('says so when the department has no budget for it', () => {
    expect(cardContent(draftView({ facts: taxi, budget: { none: true } }), ZH).budget).toEqual({ label: '可用预算', text: '本部门本期没有这一类预算', over: false });
    expect(cardContent(approvalView({ facts: taxi, budget: { none: true } }), EN).budget!.text).toBe('No budget set for this category and period');
  });

  it('reaches every platform’s rendering', () => {
    const view = draftView({ facts: taxi, budget: { availableBefore: cny(500_000), availableAfter: cny(500_000), overBudget: false, notComparable: { currency: 'USD' } } });
    const sentence = 'USD amount not comparable';
    expect(JSON.stringify(renderFeishuCard(view, EN))).toContain(sentence);
    expect(JSON.stringify(renderSlackMessage(view, EN))).toContain(sentence);
    expect(JSON.stringify(renderDingTalkCard(view, EN))).toContain(sentence);
    expect(renderHtmlCard(view, EN)).toContain(sentence);
  });
});

describe('reason fields sit with their own button', () => {
  it('puts approve in a row of its own and each of reject and return in its own form with a labelled reason', () => {
    for (const o of [ZH, EN]) {
      const html = renderHtmlCard(approvalView({ buttons: [button('approve'), button('reject'), button('return')] }), o);
      const forms = [...html.matchAll(/<form[\s\S]*?<\/form>/g)].map((m) => m[0]);
      expect(forms).toHaveLength(3);
      const approve = forms.find((f) => f.includes('value="approve"'))!;
      expect(approve).not.toContain('name="reason"');
      for (const action of ['reject', 'return']) {
        const form = forms.find((f) => f.includes(`value="${action}"`))!;
        // The reason box, its label and the button it belongs to, in that order, inside one form.
        expect(form).toMatch(/<label class="card__reason"><span>[^<]+<\/span><input type="text" name="reason" required[^>]*><\/label><button/);
      }
      // The approve button's row comes first and holds no reason box.
      const row = /<div class="card__actions-row">([\s\S]*?)<\/div>/.exec(html)![1]!;
      expect(row).toContain('value="approve"');
      expect(row).not.toContain('reason');
    }
    expect(renderHtmlCard(approvalView(), ZH)).toContain('<span>驳回理由（必填）</span>');
    expect(renderHtmlCard(approvalView(), EN)).toContain('<span>Reason for rejecting (required)</span>');
  });
});

describe('a draft after Edit', () => {
  it('reads “being edited” (not cancelled) until the new draft replaces it, then “replaced”', () => {
    const editing: DraftCardView = { ...draftView({ facts: trip }), buttons: [], closed: { status: 'editing', at: '2026-11-18T02:00:00Z' } };
    expect(cardContent(editing, ZH).statusText).toBe('修改中');
    expect(cardContent(editing, EN).statusText).toBe('Being edited');
    expect(cardContent(editing, EN).outcome).toMatch(/say what to change in the chat/);
    expect(cardContent(editing, ZH).buttons).toEqual([]);
    const replaced: DraftCardView = { ...editing, closed: { status: 'replaced', at: '2026-11-18T02:05:00Z' } };
    expect(cardContent(replaced, ZH).statusText).toBe('已修改');
    expect(cardContent(replaced, EN).outcome).toBe('Edited at Nov 18, 10:05: see the new draft below.');
    for (const o of [ZH, EN]) expect(cardContent(editing, o).statusText).not.toBe(cardContent({ ...editing, closed: { status: 'cancelled', at: editing.closed!.at } }, o).statusText);
  });
});

describe('the scheduler in the history', () => {
  it('is “系统” to a Chinese reader and “System” to an English one', () => {
    const view = approvalView({ history: [{ at: '2026-11-19T02:00:00Z', actor: 'system', system: true, action: 'remind' }] });
    expect(cardContent(view, ZH).history[0]!.text).toBe('系统 催办');
    expect(cardContent(view, EN).history[0]!.text).toBe('System sent a reminder');
  });
});
