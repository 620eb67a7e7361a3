// Reminders and escalations of a step that waits too long, and the due time the scheduler indexes.
import { describe, expect, it } from 'vitest';
import { applyTimeout, currentAssignees, dueTimeoutActions, nextDueAt, type TimeoutAction } from '../../../domain/approval/index.js';
import type { Delegation } from '../../../domain/org/index.js';
import { act, codeOf, directory, hoursAfter, start, T0 } from './org-fixture.js';

const org = (now: Date, delegations: Delegation[] = []) => ({ directory, delegations, now });
const remind: TimeoutAction = { type: 'remind', stepKey: 'manager' };
const escalate: TimeoutAction = { type: 'escalate', stepKey: 'manager' };

describe('timeouts', () => {
  it('nothing is due before the timeout; the next due time is the reminder', () => {
    const { instance } = start();
    expect(dueTimeoutActions(instance, hoursAfter(23.9))).toEqual([]);
    expect(nextDueAt(instance)).toBe(hoursAfter(24).toISOString());
  });

  it('reminder then escalation after the timeout adds the escalation approver', () => {
    const { instance } = start();
    expect(dueTimeoutActions(instance, hoursAfter(24))).toEqual([remind]);

    const reminded = applyTimeout(instance, remind, org(hoursAfter(24)));
    if (!reminded.ok) throw new Error(reminded.error.message);
    expect(reminded.value.instance.steps[0]?.remindedAt).toBe(hoursAfter(24).toISOString());
    expect(reminded.value.instance.history.at(-1)).toMatchObject({ action: 'remind', by: 'system', step: 'manager' });
    expect(reminded.value.events[0]).toMatchObject({ type: 'approval.reminder_due', payload: { step: 'manager', pending: ['paul'] } });
    expect(dueTimeoutActions(reminded.value.instance, hoursAfter(30))).toEqual([]);
    expect(nextDueAt(reminded.value.instance)).toBe(hoursAfter(48).toISOString());

    expect(dueTimeoutActions(reminded.value.instance, hoursAfter(48))).toEqual([escalate]);
    const escalated = applyTimeout(reminded.value.instance, escalate, org(hoursAfter(48)));
    if (!escalated.ok) throw new Error(escalated.error.message);
    const step = escalated.value.instance.steps[0];
    expect(step?.assignees).toEqual(['paul', 'erin']);
    expect(step?.escalatedAt).toBe(hoursAfter(48).toISOString());
    expect(escalated.value.events[0]).toMatchObject({ type: 'approval.escalated', payload: { step: 'manager', added: ['erin'] } });
    expect(escalated.value.instance.history.at(-1)).toMatchObject({ action: 'escalate', by: 'system' });
    expect(nextDueAt(escalated.value.instance)).toBeUndefined();
    expect(dueTimeoutActions(escalated.value.instance, hoursAfter(100))).toEqual([]);

    const approved = act(escalated.value.instance, { type: 'approve' }, 'erin', hoursAfter(49));
    expect(approved.instance.currentStep).toBe(1);
  });

  it('both actions are due at once when the scheduler was late', () => {
    expect(dueTimeoutActions(start().instance, hoursAfter(60))).toEqual([remind, escalate]);
  });

  it('escalation honours delegation and never adds the submitter', () => {
    const away: Delegation = { delegatorId: 'erin', delegateId: 'bob', startsAt: T0, endsAt: hoursAfter(100) };
    const r = applyTimeout(start().instance, escalate, org(hoursAfter(48), [away]));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.instance.steps[0]?.assignees).toEqual(['paul', 'bob']);
    expect(r.value.instance.steps[0]?.onBehalfOf).toEqual({ bob: 'erin' });

    const toSelf: Delegation = { delegatorId: 'erin', delegateId: 'alice', startsAt: T0, endsAt: hoursAfter(100) };
    const s = applyTimeout(start().instance, escalate, org(hoursAfter(48), [toSelf]));
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.instance.steps[0]?.assignees).not.toContain('alice');
  });

  it('a timeout action is applied once, only to the active step of a pending instance', () => {
    const { instance } = start();
    const once = applyTimeout(instance, remind, org(hoursAfter(24)));
    if (!once.ok) throw new Error(once.error.message);
    expect(codeOf(applyTimeout(once.value.instance, remind, org(hoursAfter(25))))).toBe('APPROVAL.ALREADY_ACTED');
    expect(codeOf(applyTimeout(instance, { type: 'remind', stepKey: 'finance' }, org(hoursAfter(24))))).toBe('APPROVAL.STALE_STEP');
    const closed = act(instance, { type: 'reject', comment: 'no' }, 'paul').instance;
    expect(codeOf(applyTimeout(closed, remind, org(hoursAfter(24))))).toBe('APPROVAL.NOT_PENDING');
    expect(dueTimeoutActions(closed, hoursAfter(100))).toEqual([]);
    expect(nextDueAt(closed)).toBeUndefined();
  });

  it('a step without timeouts schedules nothing and cannot be escalated', () => {
    const atFinance = act(start().instance, { type: 'approve' }, 'paul').instance;
    expect(nextDueAt(atFinance)).toBeUndefined();
    expect(codeOf(applyTimeout(atFinance, { type: 'escalate', stepKey: 'finance' }, org(hoursAfter(99))))).toBe('APPROVAL.INVALID_FLOW');
  });

  it('resubmitting restarts the clock and drops approvers added by escalation', () => {
    const esc = applyTimeout(start().instance, escalate, org(hoursAfter(48)));
    if (!esc.ok) throw new Error(esc.error.message);
    const returned = act(esc.value.instance, { type: 'return', comment: 'more detail' }, 'erin', hoursAfter(50)).instance;
    const again = act(returned, { type: 'resubmit' }, 'alice', hoursAfter(60)).instance;
    expect(currentAssignees(again)).toEqual(['paul']);
    expect(again.steps[0]?.escalatedAt).toBeUndefined();
    expect(nextDueAt(again)).toBe(hoursAfter(84).toISOString());
  });
});
