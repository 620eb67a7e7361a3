// Each expense rule kind: when it fires, when it does not, and the exact codes and numbers it reports.
import { describe, expect, it } from 'vitest';
import { evaluatePolicy, expenseRules, type ExpenseContext, type PolicyRule, type Severity } from '../../../domain/policy/index.js';

const ctx = (over: Partial<ExpenseContext> = {}): ExpenseContext => ({
  category: 'meal',
  amount: { minor: 32_000, currency: 'CNY' },
  date: '2026-11-05', // a Thursday
  today: '2026-11-20',
  hasInvoice: true,
  ...over,
});

const rule = (kind: string, params: unknown, severity: Severity = 'block'): PolicyRule => ({ id: `r-${kind}`, kind, params, severity });
const check = (r: PolicyRule, c: ExpenseContext) => evaluatePolicy(expenseRules, [r], c).violations;

describe('category_cap', () => {
  const cap = rule('category_cap', { category: 'meal', maxMinor: 20_000, currency: 'CNY' });

  it('blocks a meal above the cap, naming both amounts', () => {
    const [v, ...rest] = check(cap, ctx());
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ ruleId: 'r-category_cap', code: 'POLICY.AMOUNT_OVER_CAP', severity: 'block' });
    expect(v?.message.en).toBe('Meal expense 320.00 CNY exceeds the cap of 200.00 CNY per claim');
    expect(v?.message.zh).toBe('餐费 320.00 CNY 超过每笔上限 200.00 CNY');
    expect(v?.details).toMatchObject({ amountMinor: 32_000, capMinor: 20_000, overByMinor: 12_000, currency: 'CNY' });
  });

  it('accepts an amount equal to the cap, and other categories', () => {
    expect(check(cap, ctx({ amount: { minor: 20_000, currency: 'CNY' } }))).toEqual([]);
    expect(check(cap, ctx({ category: 'taxi' }))).toEqual([]);
  });

  it('per attendee multiplies the cap by the attendees', () => {
    const per = rule('category_cap', { category: 'meal', maxMinor: 20_000, currency: 'CNY', perAttendee: true });
    expect(check(per, ctx({ amount: { minor: 60_000, currency: 'CNY' }, attendees: 3 }))).toEqual([]);
    const [v] = check(per, ctx({ amount: { minor: 90_000, currency: 'CNY' }, attendees: 3 }));
    expect(v?.code).toBe('POLICY.AMOUNT_OVER_CAP');
    expect(v?.message.en).toBe('Meal expense 900.00 CNY for 3 attendees exceeds the cap of 200.00 CNY per attendee (600.00 CNY in total)');
    expect(v?.message.zh).toBe('餐费 900.00 CNY（3 人）超过每人上限 200.00 CNY（合计 600.00 CNY）');
    expect(v?.details).toMatchObject({ attendees: 3, capMinor: 60_000, attendeesAssumed: false });
  });

  it('per attendee without an attendee count assumes one', () => {
    const per = rule('category_cap', { category: 'meal', maxMinor: 20_000, currency: 'CNY', perAttendee: true });
    const [v] = check(per, ctx());
    expect(v?.details).toMatchObject({ attendees: 1, attendeesAssumed: true, capMinor: 20_000 });
  });

  it('does not compare another currency but warns POLICY.CURRENCY_UNCHECKED', () => {
    const [v, ...rest] = check(cap, ctx({ amount: { minor: 5_000, currency: 'USD' } }));
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ code: 'POLICY.CURRENCY_UNCHECKED', severity: 'warn' });
    expect(v?.message.en).toContain('50.00 USD');
    expect(v?.message.en).toContain('200.00 CNY');
  });

  it('formats zero- and three-decimal currencies', () => {
    const jpy = rule('category_cap', { category: 'meal', maxMinor: 5_000, currency: 'JPY' });
    expect(check(jpy, ctx({ amount: { minor: 12_345, currency: 'JPY' } }))[0]?.message.en).toBe(
      'Meal expense 12345 JPY exceeds the cap of 5000 JPY per claim',
    );
    const kwd = rule('category_cap', { category: 'hotel', maxMinor: 50_000, currency: 'KWD' });
    expect(check(kwd, ctx({ category: 'hotel', amount: { minor: 50_001, currency: 'KWD' } }))[0]?.message.zh).toBe(
      '住宿费 50.001 KWD 超过每笔上限 50.000 KWD',
    );
  });
});

describe('invoice_required', () => {
  const inv = rule('invoice_required', { overMinor: 50_000, currency: 'CNY' });

  it('requires an invoice above the threshold', () => {
    const [v] = check(inv, ctx({ hasInvoice: false, amount: { minor: 80_000, currency: 'CNY' } }));
    expect(v).toMatchObject({ code: 'POLICY.INVOICE_REQUIRED', severity: 'block' });
    expect(v?.message.en).toBe('Meal expense 800.00 CNY needs an invoice: one is required over 500.00 CNY');
    expect(v?.message.zh).toBe('餐费 800.00 CNY 需要发票：超过 500.00 CNY 必须提供发票');
    expect(v?.details).toMatchObject({ amountMinor: 80_000, overMinor: 50_000 });
  });

  it('is satisfied by an invoice, an amount at the threshold, or a category it does not cover', () => {
    expect(check(inv, ctx({ hasInvoice: true, amount: { minor: 80_000, currency: 'CNY' } }))).toEqual([]);
    expect(check(inv, ctx({ hasInvoice: false, amount: { minor: 50_000, currency: 'CNY' } }))).toEqual([]);
    const hotels = rule('invoice_required', { overMinor: 0, currency: 'CNY', categories: ['hotel'] });
    expect(check(hotels, ctx({ hasInvoice: false }))).toEqual([]);
    expect(check(hotels, ctx({ hasInvoice: false, category: 'hotel' }))[0]?.code).toBe('POLICY.INVOICE_REQUIRED');
  });

  it('warns instead of comparing another currency', () => {
    expect(check(inv, ctx({ hasInvoice: false, amount: { minor: 80_000, currency: 'HKD' } }))[0]).toMatchObject({
      code: 'POLICY.CURRENCY_UNCHECKED',
      severity: 'warn',
    });
  });
});

describe('weekend_expense', () => {
  const wk = rule('weekend_expense', {}, 'warn');

  it('flags Saturdays and Sundays', () => {
    const [sat] = check(wk, ctx({ date: '2026-11-07' }));
    expect(sat).toMatchObject({ code: 'POLICY.WEEKEND_EXPENSE', severity: 'warn', details: { weekday: 'Saturday' } });
    expect(sat?.message.en).toBe('Meal expense dated 2026-11-07 falls on a Saturday');
    expect(sat?.message.zh).toBe('餐费日期 2026-11-07 是周六');
    expect(check(wk, ctx({ date: '2026-11-08' }))[0]?.details).toMatchObject({ weekday: 'Sunday' });
  });

  it('passes weekdays and uncovered categories', () => {
    expect(check(wk, ctx({ date: '2026-11-06' }))).toEqual([]);
    expect(check(wk, ctx({ date: '2026-11-09' }))).toEqual([]);
    expect(check(rule('weekend_expense', { categories: ['hotel'] }), ctx({ date: '2026-11-07' }))).toEqual([]);
  });

  it('agrees with the UTC calendar on every day for years', () => {
    for (let t = Date.UTC(1999, 0, 1); t < Date.UTC(2031, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const day = new Date(t).getUTCDay();
      expect(check(wk, ctx({ date })).length, date).toBe(day === 0 || day === 6 ? 1 : 0);
    }
  });

  it('warns POLICY.INVALID_DATE on a malformed date', () => {
    expect(check(wk, ctx({ date: '2026-02-30' }))[0]).toMatchObject({ code: 'POLICY.INVALID_DATE', severity: 'warn' });
  });
});

describe('future_date', () => {
  const fut = rule('future_date', undefined);

  it('blocks a date after today', () => {
    const [v] = check(fut, ctx({ date: '2026-12-01', today: '2026-11-20' }));
    expect(v).toMatchObject({ code: 'POLICY.FUTURE_DATE', details: { daysAhead: 11 } });
    expect(v?.message.en).toBe('Expense date 2026-12-01 is 11 days after today (2026-11-20)');
    expect(v?.message.zh).toBe('费用日期 2026-12-01 晚于今天（2026-11-20）11 天');
  });

  it('accepts today and the past, and takes {} or null as params', () => {
    expect(check(fut, ctx({ date: '2026-11-20' }))).toEqual([]);
    expect(check(rule('future_date', {}), ctx({ date: '2026-11-19' }))).toEqual([]);
    expect(check(rule('future_date', null), ctx({ date: '2026-11-21' }))[0]?.code).toBe('POLICY.FUTURE_DATE');
  });
});

describe('stale_expense', () => {
  const stale = rule('stale_expense', { maxAgeDays: 90 });

  it('blocks an expense older than the limit', () => {
    const [v] = check(stale, ctx({ date: '2026-08-01', today: '2026-11-20' }));
    expect(v).toMatchObject({ code: 'POLICY.STALE_EXPENSE', details: { ageDays: 111, maxAgeDays: 90 } });
    expect(v?.message.en).toBe('Expense dated 2026-08-01 is 111 days old, beyond the limit of 90 days');
    expect(v?.message.zh).toBe('费用日期 2026-08-01 已过去 111 天，超过 90 天的期限');
  });

  it('accepts an expense exactly at the limit, counting across leap days', () => {
    expect(check(stale, ctx({ date: '2026-08-22', today: '2026-11-20' }))).toEqual([]);
    expect(check(rule('stale_expense', { maxAgeDays: 1 }), ctx({ date: '2028-02-28', today: '2028-03-01' }))[0]?.details).toMatchObject({
      ageDays: 2,
    });
  });
});

describe('allowed_currencies', () => {
  const cur = rule('allowed_currencies', { currencies: ['CNY', 'HKD'] });

  it('blocks a currency not listed', () => {
    const [v] = check(cur, ctx({ amount: { minor: 1_050, currency: 'USD' } }));
    expect(v).toMatchObject({ code: 'POLICY.CURRENCY_NOT_ALLOWED', details: { currency: 'USD', allowed: ['CNY', 'HKD'] } });
    expect(v?.message.en).toBe('Expense 10.50 USD is in USD, which is not allowed (allowed: CNY, HKD)');
    expect(v?.message.zh).toBe('费用 10.50 USD 的币种 USD 不被允许（允许：CNY、HKD）');
  });

  it('accepts a listed currency', () => {
    expect(check(cur, ctx({ amount: { minor: 1_050, currency: 'HKD' } }))).toEqual([]);
  });
});
