// Approving, rejecting and returning a step: who may act, in which mode, and what the instance becomes.
import { describe, expect, it } from 'vitest';
import { currentAssignees, decide, progress } from '../../../domain/approval/index.js';
import { act, codeOf, deepFreeze, flowOf, hoursAfter, managerStep, start, subject } from './org-fixture.js';

const financeAll = flowOf(managerStep, {
  key: 'finance',
  name: 'Finance countersign',
  mode: 'all',
  approvers: [{ kind: 'person', employeeId: 'frank' }, { kind: 'person', employeeId: 'fay' }, { kind: 'person', employeeId: 'fiona' }],
});

describe('decide: approve', () => {
  it('an any-step completes on the first approval and activates the next step', () => {
    const { instance } = start();
    const r = act(instance, { type: 'approve', comment: 'ok' }, 'paul');
    expect(r.instance.steps[0]?.status).toBe('approved');
    expect(r.instance.currentStep).toBe(1);
    expect(r.instance.steps[1]?.status).toBe('active');
    expect(r.instance.steps[1]?.activatedAt).toBe(hoursAfter(1).toISOString());
    expect(r.events.map((e) => e.type)).toEqual(['approval.step_approved', 'approval.step_activated']);
    expect(r.events[0]?.payload).toMatchObject({ step: 'manager', by: 'paul' });
    expect(r.events[1]?.payload).toMatchObject({ step: 'finance', assignees: ['petra', 'fiona', 'frank', 'fay'] });
  });

  it('any one of several approvers completes an any-step', () => {
    const { instance } = start();
    const atFinance = act(instance, { type: 'approve' }, 'paul').instance;
    const r = act(atFinance, { type: 'approve' }, 'fay', hoursAfter(2));
    expect(r.instance).toMatchObject({ status: 'approved', decidedBy: 'fay', decidedAt: hoursAfter(2).toISOString() });
    expect(r.events.map((e) => e.type)).toEqual(['approval.approved']);
    expect(currentAssignees(r.instance)).toEqual([]);
  });

  it('an all-step waits for every approver and shows progress', () => {
    const atFinance = act(start({ flow: financeAll }).instance, { type: 'approve' }, 'paul').instance;
    expect(progress(atFinance)).toMatchObject({ stepKey: 'finance', mode: 'all', approved: [], pending: ['frank', 'fay', 'fiona'] });

    const one = act(atFinance, { type: 'approve' }, 'fay');
    expect(one.instance.status).toBe('pending');
    expect(one.events.map((e) => e.type)).toEqual(['approval.step_progress']);
    expect(progress(one.instance)).toMatchObject({ approved: ['fay'], pending: ['frank', 'fiona'] });
    expect(currentAssignees(one.instance)).toEqual(['frank', 'fiona']);

    const two = act(one.instance, { type: 'approve' }, 'frank');
    expect(progress(two.instance)?.approved).toEqual(['frank', 'fay']);
    const three = act(two.instance, { type: 'approve' }, 'fiona');
    expect(three.instance.status).toBe('approved');
    expect(three.instance.steps[1]?.status).toBe('approved');
  });

  it('acting twice on an all-step is ALREADY_ACTED', () => {
    const atFinance = act(start({ flow: financeAll }).instance, { type: 'approve' }, 'paul').instance;
    const once = act(atFinance, { type: 'approve' }, 'fay').instance;
    expect(codeOf(decide(once, { type: 'approve' }, 'fay', hoursAfter(2)))).toBe('APPROVAL.ALREADY_ACTED');
    expect(codeOf(decide(once, { type: 'reject', comment: 'changed my mind' }, 'fay', hoursAfter(2)))).toBe('APPROVAL.ALREADY_ACTED');
  });

  it('any reject on an all-step rejects the instance', () => {
    const atFinance = act(start({ flow: financeAll }).instance, { type: 'approve' }, 'paul').instance;
    const once = act(atFinance, { type: 'approve' }, 'fay').instance;
    const r = act(once, { type: 'reject', comment: 'no receipt' }, 'frank');
    expect(r.instance.status).toBe('rejected');
    expect(r.instance.steps[1]?.status).toBe('rejected');
  });

  it('only assignees of the current step may act', () => {
    const { instance } = start();
    expect(codeOf(decide(instance, { type: 'approve' }, 'frank', hoursAfter(1)))).toBe('APPROVAL.NOT_ASSIGNEE');
    expect(codeOf(decide(instance, { type: 'approve' }, 'nobody', hoursAfter(1)))).toBe('APPROVAL.NOT_ASSIGNEE');
  });

  it('the submitter trying to approve is SELF_APPROVAL even as department head', () => {
    const { instance } = start({ submitterId: 'paul' });
    expect(instance.steps[0]?.assignees).toEqual(['erin']);
    expect(codeOf(decide(instance, { type: 'approve' }, 'paul', hoursAfter(1)))).toBe('APPROVAL.SELF_APPROVAL');
    expect(codeOf(decide(instance, { type: 'return', comment: 'x' }, 'paul', hoursAfter(1)))).toBe('APPROVAL.SELF_APPROVAL');
  });

  it('a delegate approves on behalf of the assignee while out of office and history records it', () => {
    const delegations = [{ delegatorId: 'paul', delegateId: 'carol', startsAt: hoursAfter(-1), endsAt: hoursAfter(72) }];
    const { instance } = start({ delegations });
    expect(codeOf(decide(instance, { type: 'approve' }, 'paul', hoursAfter(1)))).toBe('APPROVAL.NOT_ASSIGNEE');
    const r = act(instance, { type: 'approve' }, 'carol');
    expect(r.instance.steps[0]?.decisions[0]).toMatchObject({ by: 'carol', onBehalfOf: 'paul', decision: 'approve' });
    expect(r.instance.history.at(-1)).toMatchObject({ by: 'carol', onBehalfOf: 'paul', action: 'approve', step: 'manager' });
    expect(r.events[0]?.payload).toMatchObject({ by: 'carol', onBehalfOf: 'paul' });
  });

  it('a stale card click (old stepKey) is refused with STALE_STEP', () => {
    const atFinance = act(start().instance, { type: 'approve', stepKey: 'manager' }, 'paul').instance;
    const r = decide(atFinance, { type: 'approve', stepKey: 'manager' }, 'fay', hoursAfter(2));
    expect(codeOf(r)).toBe('APPROVAL.STALE_STEP');
    if (!r.ok) expect(r.error.details).toMatchObject({ currentStep: 'finance', stepKey: 'manager' });
    expect(act(atFinance, { type: 'approve', stepKey: 'finance' }, 'fay').instance.status).toBe('approved');
  });

  it('a closed instance answers NOT_PENDING with who decided and when', () => {
    const done = act(start({ subject: subject({ amount: { minor: 100, currency: 'CNY' } }) }).instance, { type: 'approve' }, 'paul');
    const r = decide(done.instance, { type: 'approve', stepKey: 'manager' }, 'paul', hoursAfter(5));
    expect(codeOf(r)).toBe('APPROVAL.NOT_PENDING');
    if (!r.ok) {
      expect(r.error.details).toEqual({ status: 'approved', decidedBy: 'paul', decidedAt: hoursAfter(1).toISOString() });
      expect(r.error.message).toContain('approved by paul');
    }
  });

  it('never mutates the instance it is given', () => {
    const before = deepFreeze(start().instance);
    const copy = structuredClone(before);
    act(before, { type: 'approve' }, 'paul');
    act(before, { type: 'reject', comment: 'no' }, 'paul');
    act(before, { type: 'return', comment: 'fix it' }, 'paul');
    expect(before).toEqual(copy);
  });
});

describe('decide: reject and return', () => {
  it('a reject needs a reason', () => {
    const { instance } = start();
    expect(codeOf(decide(instance, { type: 'reject', comment: '   ' }, 'paul', hoursAfter(1)))).toBe('APPROVAL.COMMENT_REQUIRED');
    expect(codeOf(decide(instance, { type: 'return', comment: '' }, 'paul', hoursAfter(1)))).toBe('APPROVAL.COMMENT_REQUIRED');
    const r = act(instance, { type: 'reject', comment: ' over the team limit ' }, 'paul');
    expect(r.instance).toMatchObject({ status: 'rejected', decidedBy: 'paul' });
    expect(r.instance.history.at(-1)).toMatchObject({ action: 'reject', comment: 'over the team limit', step: 'manager' });
    expect(r.events.map((e) => e.type)).toEqual(['approval.rejected']);
    expect(r.events[0]?.payload).toMatchObject({ step: 'manager', comment: 'over the team limit' });
  });

  it('a returned request waits for the submitter and nobody can approve it', () => {
    const r = act(start().instance, { type: 'return', comment: 'attach the receipt' }, 'paul');
    expect(r.instance.status).toBe('returned');
    expect(r.events.map((e) => e.type)).toEqual(['approval.returned']);
    expect(currentAssignees(r.instance)).toEqual([]);
    expect(codeOf(decide(r.instance, { type: 'approve' }, 'paul', hoursAfter(2)))).toBe('APPROVAL.NOT_PENDING');
  });
});
