// 会签 by any N (minApprovals) and conflicts of interest (people who may never decide a subject, e.g. its payees).
import { describe, expect, it } from 'vitest';
import { decide, parseFlowDefinition, startInstance } from '../../../domain/approval/index.js';
import { act, codeOf, flowOf, hoursAfter, managerStep, start, startInput } from './org-fixture.js';

const financeTwo = flowOf(managerStep, {
  key: 'finance',
  name: 'Two of finance',
  mode: 'all',
  minApprovals: 2,
  approvers: [{ kind: 'person', employeeId: 'frank' }, { kind: 'person', employeeId: 'fay' }, { kind: 'person', employeeId: 'fiona' }],
});

describe('minApprovals', () => {
  it('completes an all-step after that many distinct approvals, not before and without the third', () => {
    const atFinance = act(start({ flow: financeTwo }).instance, { type: 'approve' }, 'paul').instance;
    const one = act(atFinance, { type: 'approve' }, 'fay');
    expect(one.instance.status).toBe('pending');
    expect(one.events.map((e) => e.type)).toEqual(['approval.step_progress']);
    expect(codeOf(decide(one.instance, { type: 'approve' }, 'fay', hoursAfter(2)))).toBe('APPROVAL.ALREADY_ACTED');
    const two = act(one.instance, { type: 'approve' }, 'fiona', hoursAfter(2));
    expect(two.instance).toMatchObject({ status: 'approved', decidedBy: 'fiona' });
  });

  it('refuses to start when fewer people may approve than the step needs', () => {
    const needsFour = flowOf({ key: 'finance', name: 'Four of finance', mode: 'all', minApprovals: 4, approvers: [{ kind: 'person', employeeId: 'frank' }, { kind: 'person', employeeId: 'fay' }, { kind: 'person', employeeId: 'fiona' }] });
    const r = startInstance(startInput({ flow: needsFour }));
    expect(codeOf(r)).toBe('APPROVAL.NO_APPROVER');
    expect(r.ok ? undefined : r.error.details).toMatchObject({ step: 'finance', reason: 'too_few', needed: 4, available: 3 });
  });

  it('is refused by the flow schema on an any-step', () => {
    const r = parseFlowDefinition({ name: 'x', subjectTypes: ['payment_run'], steps: [{ key: 'f', name: 'F', mode: 'any', minApprovals: 2, approvers: [{ kind: 'role', role: 'finance' }] }] });
    expect(codeOf(r)).toBe('APPROVAL.INVALID_FLOW');
    expect(r.ok ? '' : r.error.message).toContain('steps[0].minApprovals');
  });
});

describe('excluded (conflicts of interest)', () => {
  it('leaves an excluded person out of every step, and refuses their decision', () => {
    const r = start({ flow: financeTwo, excluded: ['fay'] });
    expect(r.instance.excluded).toEqual(['fay']);
    const atFinance = act(r.instance, { type: 'approve' }, 'paul').instance;
    expect(atFinance.steps[1]?.assignees).toEqual(['frank', 'fiona']);
    const refused = decide(atFinance, { type: 'approve' }, 'fay', hoursAfter(2));
    expect(codeOf(refused)).toBe('APPROVAL.NOT_ASSIGNEE');
    expect(refused.ok ? undefined : refused.error.details).toMatchObject({ reason: 'conflict' });
  });

  it('says so when the only approvers a step names are excluded', () => {
    const r = startInstance(startInput({ flow: flowOf({ key: 'f', name: 'F', mode: 'any', approvers: [{ kind: 'person', employeeId: 'frank' }] }), excluded: ['frank'] }));
    expect(codeOf(r)).toBe('APPROVAL.NO_APPROVER');
    expect(r.ok ? undefined : r.error.details).toMatchObject({ reason: 'only_conflicted' });
  });

  it('a quorum counts only people without a conflict', () => {
    const r = startInstance(startInput({ flow: financeTwo, excluded: ['fay', 'fiona'] }));
    expect(codeOf(r)).toBe('APPROVAL.NO_APPROVER');
    expect(r.ok ? undefined : r.error.details).toMatchObject({ step: 'finance', reason: 'too_few', available: 1 });
  });
});
