// Step conditions decide which steps of a flow apply to a subject.
import { describe, expect, it } from 'vitest';
import { evaluateCondition, type Condition } from '../../../domain/approval/index.js';
import { directory, flowOf, financeStep, start, subject } from './org-fixture.js';

const holds = (c: Condition, overrides = {}) => evaluateCondition(c, subject(overrides), directory);

describe('evaluateCondition', () => {
  it('compares amounts in the same currency only', () => {
    const gte5000: Condition = { field: 'amount', op: 'gte', minor: 500_000, currency: 'CNY' };
    expect(holds(gte5000, { amount: { minor: 500_000, currency: 'CNY' } })).toBe(true);
    expect(holds(gte5000, { amount: { minor: 499_999, currency: 'CNY' } })).toBe(false);
    expect(holds(gte5000, { amount: { minor: 900_000, currency: 'USD' } })).toBe(false);
    expect(holds({ field: 'amount', op: 'gt', minor: 100, currency: 'CNY' }, { amount: { minor: 100, currency: 'CNY' } })).toBe(false);
    expect(holds({ field: 'amount', op: 'lte', minor: 100, currency: 'CNY' }, { amount: { minor: 100, currency: 'CNY' } })).toBe(true);
    expect(holds({ field: 'amount', op: 'lt', minor: 100, currency: 'CNY' }, { amount: { minor: 100, currency: 'CNY' } })).toBe(false);
  });

  it('a subject without an amount fails every amount test', () => {
    const s = subject();
    delete s.amount;
    expect(evaluateCondition({ field: 'amount', op: 'lt', minor: 1_000_000, currency: 'CNY' }, s, directory)).toBe(false);
  });

  it('matches a department and everything below it', () => {
    const inEng: Condition = { field: 'department', in: ['eng'] };
    expect(holds(inEng, { departmentId: 'platform' })).toBe(true);
    expect(holds(inEng, { departmentId: 'eng' })).toBe(true);
    expect(holds(inEng, { departmentId: 'fin' })).toBe(false);
  });

  it('matches category, subject type and over-budget flags', () => {
    expect(holds({ field: 'category', in: ['meals', 'travel'] })).toBe(true);
    expect(holds({ field: 'category', in: ['travel'] })).toBe(false);
    expect(holds({ field: 'category', in: ['meals'] }, { category: undefined })).toBe(false);
    expect(holds({ field: 'subjectType', in: ['trip'] })).toBe(false);
    expect(holds({ field: 'subjectType', in: ['expense'] })).toBe(true);
    expect(holds({ field: 'overBudget', equals: false })).toBe(true);
    expect(holds({ field: 'overBudget', equals: true }, { overBudget: true })).toBe(true);
  });

  it('combines conditions with all, any and not', () => {
    const big: Condition = { field: 'amount', op: 'gte', minor: 500_000, currency: 'CNY' };
    const travel: Condition = { field: 'category', in: ['travel'] };
    expect(holds({ all: [big, travel] })).toBe(false);
    expect(holds({ any: [big, travel] })).toBe(true);
    expect(holds({ not: big })).toBe(false);
    expect(holds({ all: [{ not: travel }, { any: [big] }] })).toBe(true);
  });
});

describe('conditional steps', () => {
  it('a step whose condition is false (amount < 5000) is skipped', () => {
    const { instance } = start({ subject: subject({ amount: { minor: 120_000, currency: 'CNY' } }) });
    expect(instance.steps.map((s) => s.key)).toEqual(['manager']);
  });

  it('a step whose condition holds (amount ≥ 5000) is kept', () => {
    const { instance } = start({ subject: subject({ amount: { minor: 500_000, currency: 'CNY' } }) });
    expect(instance.steps.map((s) => s.key)).toEqual(['manager', 'finance']);
  });

  it('when no step applies the request is approved at once by the system', () => {
    const { instance, events } = start({ flow: flowOf(financeStep), subject: subject({ amount: { minor: 100, currency: 'CNY' } }) });
    expect(instance.status).toBe('approved');
    expect(instance.decidedBy).toBe('system');
    expect(instance.steps).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['approval.submitted', 'approval.approved']);
  });
});
