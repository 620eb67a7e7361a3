// The submitter's own actions: withdraw and resubmit after a return.
import { describe, expect, it } from 'vitest';
import { currentAssignees, decide } from '../../../domain/approval/index.js';
import { act, codeOf, hoursAfter, start } from './org-fixture.js';

describe('withdraw', () => {
  it('withdraw only by submitter', () => {
    const { instance } = start();
    expect(codeOf(decide(instance, { type: 'withdraw' }, 'paul', hoursAfter(1)))).toBe('APPROVAL.NOT_SUBMITTER');
    const r = act(instance, { type: 'withdraw', comment: 'trip cancelled' }, 'alice');
    expect(r.instance).toMatchObject({ status: 'withdrawn', decidedBy: 'alice' });
    expect(r.instance.history.at(-1)).toMatchObject({ action: 'withdraw', by: 'alice', comment: 'trip cancelled' });
    expect(r.events.map((e) => e.type)).toEqual(['approval.withdrawn']);
    expect(currentAssignees(r.instance)).toEqual([]);
    expect(codeOf(decide(r.instance, { type: 'approve' }, 'paul', hoursAfter(2)))).toBe('APPROVAL.NOT_PENDING');
  });

  it('a returned request can be withdrawn, a decided one cannot', () => {
    const returned = act(start().instance, { type: 'return', comment: 'wrong cost centre' }, 'paul').instance;
    expect(act(returned, { type: 'withdraw' }, 'alice', hoursAfter(2)).instance.status).toBe('withdrawn');
    const rejected = act(start().instance, { type: 'reject', comment: 'no' }, 'paul').instance;
    expect(codeOf(decide(rejected, { type: 'withdraw' }, 'alice', hoursAfter(2)))).toBe('APPROVAL.NOT_PENDING');
  });
});

describe('resubmit', () => {
  it('return then resubmit restarts at step one', () => {
    const atFinance = act(start().instance, { type: 'approve' }, 'paul').instance;
    const returned = act(atFinance, { type: 'return', comment: 'split the invoice' }, 'fay', hoursAfter(2)).instance;
    expect(returned.status).toBe('returned');

    expect(codeOf(decide(returned, { type: 'resubmit' }, 'paul', hoursAfter(3)))).toBe('APPROVAL.NOT_SUBMITTER');
    const r = act(returned, { type: 'resubmit', comment: 'split' }, 'alice', hoursAfter(3));
    expect(r.instance.status).toBe('pending');
    expect(r.instance.currentStep).toBe(0);
    expect(r.instance.decidedAt).toBeUndefined();
    expect(r.instance.decidedBy).toBeUndefined();
    expect(r.instance.steps.map((s) => [s.status, s.decisions.length])).toEqual([
      ['active', 0],
      ['waiting', 0],
    ]);
    expect(r.instance.steps[0]?.activatedAt).toBe(hoursAfter(3).toISOString());
    expect(r.instance.history.map((h) => h.action)).toEqual(['submit', 'approve', 'return', 'resubmit']);
    expect(r.events.map((e) => e.type)).toEqual(['approval.resubmitted', 'approval.step_activated']);
    expect(currentAssignees(r.instance)).toEqual(['paul']);
    expect(act(r.instance, { type: 'approve' }, 'paul', hoursAfter(4)).instance.currentStep).toBe(1);
  });

  it('only a returned request can be resubmitted', () => {
    const { instance } = start();
    expect(codeOf(decide(instance, { type: 'resubmit' }, 'alice', hoursAfter(1)))).toBe('APPROVAL.NOT_PENDING');
  });
});
