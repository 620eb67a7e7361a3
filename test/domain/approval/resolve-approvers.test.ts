// Approver rules resolve through the org directory, delegations and the self-approval guard.
import { describe, expect, it } from 'vitest';
import { startInstance, type ApproverRule } from '../../../domain/approval/index.js';
import type { Delegation } from '../../../domain/org/index.js';
import { codeOf, flowOf, hoursAfter, start, startInput, subject, T0 } from './org-fixture.js';

const stepWith = (approvers: ApproverRule[], mode: 'any' | 'all' = 'any') => flowOf({ key: 's1', name: 'S1', mode, approvers });
const assigneesFor = (approvers: ApproverRule[], submitterId = 'alice', extra = {}) =>
  start({ flow: stepWith(approvers), submitterId, ...extra }).instance.steps[0]?.assignees;

const away = (delegatorId: string, delegateId: string, fromH = -24, toH = 24): Delegation => ({
  delegatorId,
  delegateId,
  startsAt: hoursAfter(fromH),
  endsAt: hoursAfter(toH),
});

describe('approver resolution', () => {
  it('walks the manager chain by level', () => {
    expect(assigneesFor([{ kind: 'manager', level: 1 }])).toEqual(['paul']);
    expect(assigneesFor([{ kind: 'manager', level: 2 }])).toEqual(['erin']);
    expect(assigneesFor([{ kind: 'manager', level: 3 }])).toEqual(['ceo']);
  });

  it('an employee without a manager goes to the nearest department head above', () => {
    expect(assigneesFor([{ kind: 'manager', level: 1 }], 'sam', { subject: subject({ departmentId: 'sales' }) })).toEqual(['ceo']);
  });

  it('finds department heads of the subject department, levels up, or a named department', () => {
    expect(assigneesFor([{ kind: 'department_head' }])).toEqual(['paul']);
    expect(assigneesFor([{ kind: 'department_head', levelsUp: 1 }])).toEqual(['erin']);
    expect(assigneesFor([{ kind: 'department_head', departmentId: 'fin' }])).toEqual(['fiona']);
  });

  it('finds active role holders across the org or only in the subject department', () => {
    expect(assigneesFor([{ kind: 'role', role: 'finance' }])).toEqual(['petra', 'fiona', 'frank', 'fay']);
    expect(assigneesFor([{ kind: 'role', role: 'finance', scope: 'department' }])).toEqual(['petra']);
  });

  it('inactive employees are never assignees', () => {
    expect(assigneesFor([{ kind: 'person', employeeId: 'fred' }, { kind: 'person', employeeId: 'frank' }])).toEqual(['frank']);
    expect(codeOf(startInstance(startInput({ flow: stepWith([{ kind: 'person', employeeId: 'fred' }]) })))).toBe('APPROVAL.NO_APPROVER');
  });

  it('a step with no resolvable approver fails with NO_APPROVER naming the step', () => {
    const r = startInstance(startInput({ flow: stepWith([{ kind: 'manager', level: 9 }]) }));
    expect(codeOf(r)).toBe('APPROVAL.NO_APPROVER');
    if (!r.ok) expect(r.error.details).toMatchObject({ step: 's1' });
  });

  it('dedupes people named by several rules', () => {
    expect(assigneesFor([{ kind: 'manager', level: 1 }, { kind: 'department_head' }, { kind: 'person', employeeId: 'paul' }])).toEqual(['paul']);
  });

  it('the submitter never approves their own request even when they are the department head', () => {
    const { instance } = start({ flow: stepWith([{ kind: 'department_head' }]), submitterId: 'paul' });
    expect(instance.steps[0]?.assignees).toEqual(['erin']);
  });

  it('the submitter is dropped from a role step but the others stay', () => {
    expect(assigneesFor([{ kind: 'role', role: 'finance' }], 'frank', { subject: subject({ departmentId: 'fin' }) })).toEqual([
      'petra',
      'fiona',
      'fay',
    ]);
  });

  it('when only the submitter was named and nobody stands above them, NO_APPROVER', () => {
    const r = startInstance(startInput({ flow: stepWith([{ kind: 'person', employeeId: 'ceo' }]), submitterId: 'ceo' }));
    expect(codeOf(r)).toBe('APPROVAL.NO_APPROVER');
  });

  it('an active delegation replaces the assignee and records on whose behalf', () => {
    const { instance } = start({ flow: stepWith([{ kind: 'manager', level: 1 }]), delegations: [away('paul', 'carol')] });
    expect(instance.steps[0]?.assignees).toEqual(['carol']);
    expect(instance.steps[0]?.onBehalfOf).toEqual({ carol: 'paul' });
  });

  it('a delegation applies from its start up to (not including) its end', () => {
    const flow = stepWith([{ kind: 'manager', level: 1 }]);
    expect(start({ flow, delegations: [away('paul', 'carol', 0, 24)], now: T0 }).instance.steps[0]?.assignees).toEqual(['carol']);
    expect(start({ flow, delegations: [away('paul', 'carol', -24, 0)], now: T0 }).instance.steps[0]?.assignees).toEqual(['paul']);
    expect(start({ flow, delegations: [away('paul', 'carol', 1, 24)], now: T0 }).instance.steps[0]?.assignees).toEqual(['paul']);
  });

  it('delegation chains are followed, and a delegation to the submitter or an inactive person is ignored', () => {
    const flow = stepWith([{ kind: 'manager', level: 1 }]);
    const chain = start({ flow, delegations: [away('paul', 'bob'), away('bob', 'carol')] }).instance.steps[0];
    expect(chain?.assignees).toEqual(['carol']);
    expect(chain?.onBehalfOf).toEqual({ carol: 'paul' });
    expect(start({ flow, delegations: [away('paul', 'alice')] }).instance.steps[0]?.assignees).toEqual(['paul']);
    expect(start({ flow, delegations: [away('paul', 'fred')] }).instance.steps[0]?.assignees).toEqual(['paul']);
    expect(start({ flow, delegations: [away('paul', 'bob'), away('bob', 'paul')] }).instance.steps[0]?.assignees).toEqual(['bob']);
  });

  it('a delegate who is an assignee in their own right acts for themselves', () => {
    const { instance } = start({
      flow: stepWith([{ kind: 'person', employeeId: 'frank' }, { kind: 'person', employeeId: 'fay' }], 'all'),
      delegations: [away('frank', 'fay')],
    });
    expect(instance.steps[0]?.assignees).toEqual(['fay']);
    expect(instance.steps[0]?.onBehalfOf).toEqual({});
  });
});
