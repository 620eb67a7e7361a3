// The engine: disabled rules, the blocked flag, invalid rules as warnings, validation, and extension by registry.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  defineRule,
  evaluatePolicy,
  expenseRules,
  registerRule,
  validateRule,
  validateRules,
  type ExpenseContext,
  type PolicyRule,
  type RuleRegistry,
} from '../../../domain/policy/index.js';
import { unwrap } from '../../../domain/shared/index.js';

const ctx: ExpenseContext = {
  category: 'meal',
  amount: { minor: 32_000, currency: 'CNY' },
  date: '2026-11-07', // a Saturday
  today: '2026-11-20',
  hasInvoice: false,
};

const cap: PolicyRule = { id: 'cap', kind: 'category_cap', params: { category: 'meal', maxMinor: 20_000, currency: 'CNY' }, severity: 'block' };
const weekend: PolicyRule = { id: 'wk', kind: 'weekend_expense', params: {}, severity: 'warn' };

describe('evaluatePolicy', () => {
  it('reports the same finding of two rules once, at the stricter severity', () => {
    const usd: ExpenseContext = { ...ctx, category: 'transport', amount: { minor: 4_500, currency: 'USD' }, date: '2026-11-18' };
    const transportCap: PolicyRule = { id: 'tc', kind: 'category_cap', params: { category: 'transport', maxMinor: 50_000, currency: 'CNY' }, severity: 'warn' };
    const invoice: PolicyRule = { id: 'inv', kind: 'invoice_required', params: { overMinor: 50_000, currency: 'CNY' }, severity: 'block' };
    const out = evaluatePolicy(expenseRules, [transportCap, invoice], usd);
    expect(out.violations.map((v) => [v.code, v.severity])).toEqual([['POLICY.CURRENCY_UNCHECKED', 'warn']]);
    // The "not checked" finding is always a warning, whatever the rule's severity: two of them still read once.
    expect(out.violations).toHaveLength(1);
  });

  it('returns violations in rule order and blocks when any is a block', () => {
    const out = evaluatePolicy(expenseRules, [weekend, cap], ctx);
    expect(out.violations.map((v) => [v.ruleId, v.code, v.severity])).toEqual([
      ['wk', 'POLICY.WEEKEND_EXPENSE', 'warn'],
      ['cap', 'POLICY.AMOUNT_OVER_CAP', 'block'],
    ]);
    expect(out.blocked).toBe(true);
  });

  it('is not blocked by warnings alone, nor with no rules', () => {
    expect(evaluatePolicy(expenseRules, [weekend], ctx)).toMatchObject({ blocked: false, violations: [{ code: 'POLICY.WEEKEND_EXPENSE' }] });
    expect(evaluatePolicy(expenseRules, [], ctx)).toEqual({ violations: [], blocked: false });
  });

  it('skips disabled rules', () => {
    expect(evaluatePolicy(expenseRules, [{ ...cap, enabled: false }, { ...weekend, enabled: true }], ctx)).toMatchObject({
      blocked: false,
      violations: [{ ruleId: 'wk' }],
    });
  });

  it('an unknown kind yields a POLICY.INVALID_RULE warning instead of throwing', () => {
    const out = evaluatePolicy(expenseRules, [{ id: 'x', kind: 'toString', params: {}, severity: 'block' }, cap], ctx);
    expect(out.violations[0]).toMatchObject({ ruleId: 'x', code: 'POLICY.INVALID_RULE', severity: 'warn', details: { kind: 'toString' } });
    expect(out.violations[0]?.message.en).toBe("Rule x has unknown kind 'toString'");
    expect(out.violations[1]?.code).toBe('POLICY.AMOUNT_OVER_CAP');
  });

  it('bad params yield a POLICY.INVALID_RULE warning naming the field, even for a blocking rule', () => {
    const bad: PolicyRule = { ...cap, params: { category: 'meal', maxMinor: 12.5, currency: 'CNY', extra: 1 } };
    const out = evaluatePolicy(expenseRules, [bad], ctx);
    expect(out.blocked).toBe(false);
    expect(out.violations[0]).toMatchObject({ code: 'POLICY.INVALID_RULE', severity: 'warn' });
    expect(out.violations[0]?.message.en).toContain('maxMinor');
    expect(out.violations[0]?.message.en).toContain('extra');
  });

  it('survives malformed rules and a throwing evaluator', () => {
    const boom = registerRule<ExpenseContext>(
      expenseRules,
      'boom',
      defineRule(z.strictObject({}), () => {
        throw new Error('kaput');
      }),
    );
    const rules = [null, { id: 'b', kind: 'boom', params: {}, severity: 'block' }, { id: 'y', kind: 'category_cap' }] as unknown as PolicyRule[];
    const out = evaluatePolicy(boom, rules, ctx);
    expect(out.violations.map((v) => [v.ruleId, v.code, v.severity])).toEqual([
      ['?', 'POLICY.INVALID_RULE', 'warn'],
      ['b', 'POLICY.RULE_FAILED', 'warn'],
      ['y', 'POLICY.INVALID_RULE', 'warn'],
    ]);
    expect(out.violations[1]?.message.en).toContain('kaput');
    expect(out.blocked).toBe(false);
  });

  it('is generic over the context: another registry checks another context', () => {
    interface TripContext {
      nights: number;
    }
    const travel: RuleRegistry<TripContext> = {
      max_nights: defineRule(z.strictObject({ max: z.int() }), (p, c: TripContext) =>
        c.nights > p.max ? [{ code: 'POLICY.TOO_MANY_NIGHTS', message: { en: `${c.nights} nights`, zh: `${c.nights} 晚` }, details: {} }] : [],
      ),
    };
    const r: PolicyRule = { id: 'n', kind: 'max_nights', params: { max: 3 }, severity: 'block' };
    expect(evaluatePolicy(travel, [r], { nights: 4 })).toMatchObject({ blocked: true, violations: [{ code: 'POLICY.TOO_MANY_NIGHTS' }] });
    expect(evaluatePolicy(travel, [r], { nights: 3 }).violations).toEqual([]);
  });

  it('registerRule leaves the original registry unchanged', () => {
    const more = registerRule<ExpenseContext>(expenseRules, 'noop', defineRule(z.strictObject({}), () => []));
    expect(Object.keys(more)).toContain('noop');
    expect(Object.keys(expenseRules)).not.toContain('noop');
  });
});

describe('validateRule', () => {
  it('accepts a valid rule and returns it with parsed params', () => {
    expect(unwrap(validateRule(expenseRules, cap))).toEqual(cap);
    expect(unwrap(validateRule(expenseRules, { id: 'f', kind: 'future_date', params: undefined, severity: 'warn' })).kind).toBe('future_date');
  });

  it.each([
    [{ ...cap, kind: 'nope' }, "unknown kind 'nope'"],
    [{ ...cap, params: { category: 'meal', maxMinor: -1, currency: 'CNY' } }, 'maxMinor'],
    [{ ...cap, params: { category: 'meal', maxMinor: 1, currency: 'cny' } }, 'currency'],
    [{ ...cap, severity: 'fatal' }, 'severity'],
    [{ id: 's', kind: 'stale_expense', params: {}, severity: 'warn' }, 'maxAgeDays'],
    [{ id: 'a', kind: 'allowed_currencies', params: { currencies: [] }, severity: 'warn' }, 'currencies'],
    ['not a rule', 'malformed'],
  ])('refuses %j with POLICY.INVALID_RULE naming %s', (raw, problem) => {
    const r = validateRule(expenseRules, raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('POLICY.INVALID_RULE');
      expect(r.error.message).toContain(problem);
    }
  });

  it('validateRules refuses duplicate ids', () => {
    expect(unwrap(validateRules(expenseRules, [cap, weekend]))).toHaveLength(2);
    const r = validateRules(expenseRules, [cap, { ...weekend, id: 'cap' }]);
    expect(r.ok ? undefined : r.error).toMatchObject({ code: 'POLICY.INVALID_RULE', details: { ruleId: 'cap' } });
  });
});
