// Flow definitions are validated data: unknown fields, duplicate keys and bad rules are refused with the path named.
import { describe, expect, it } from 'vitest';
import { flowAppliesTo, parseFlowDefinition } from '../../../domain/approval/index.js';
import { expenseFlow } from './org-fixture.js';

const withStep = (patch: Record<string, unknown>) => ({
  ...expenseFlow,
  steps: [{ ...expenseFlow.steps[0], ...patch }],
});

function failure(input: unknown): { code: string; message: string } {
  const r = parseFlowDefinition(input);
  if (r.ok) throw new Error('expected the flow to be rejected');
  return r.error;
}

describe('parseFlowDefinition', () => {
  it('accepts a well-formed flow with nested conditions and escalation', () => {
    const flow = {
      ...expenseFlow,
      steps: [
        ...expenseFlow.steps,
        {
          key: 'ceo',
          name: 'CEO',
          mode: 'all',
          approvers: [{ kind: 'department_head', departmentId: 'root' }, { kind: 'person', employeeId: 'fiona' }],
          condition: { all: [{ any: [{ field: 'overBudget', equals: true }, { field: 'category', in: ['travel'] }] }, { not: { field: 'department', in: ['fin'] } }] },
        },
      ],
    };
    const r = parseFlowDefinition(flow);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.steps.map((s) => s.key)).toEqual(['manager', 'finance', 'ceo']);
  });

  it('flows with unknown fields are rejected naming the path', () => {
    expect(failure({ ...expenseFlow, owner: 'x' })).toMatchObject({ code: 'APPROVAL.INVALID_FLOW' });
    expect(failure(withStep({ approverz: [] })).message).toContain('steps[0]');
    expect(failure(withStep({ approvers: [{ kind: 'manager', level: 1, extra: true }] })).message).toContain('steps[0].approvers[0]');
    const nested = failure(withStep({ condition: { all: [{ field: 'amount', op: 'gte', minor: 1, currency: 'CNY', max: 2 }] } }));
    expect(nested.code).toBe('APPROVAL.INVALID_FLOW');
    expect(nested.message).toContain('steps[0].condition.all[0]');
    expect(nested.message).toContain('max');
  });

  it('flows with duplicate step keys are rejected', () => {
    const e = failure({ ...expenseFlow, steps: [expenseFlow.steps[0], expenseFlow.steps[0]] });
    expect(e.code).toBe('APPROVAL.INVALID_FLOW');
    expect(e.message).toContain('steps[1].key');
    expect(e.message).toContain('duplicate step key "manager"');
  });

  it('a flow needs at least one step and every step at least one approver', () => {
    expect(failure({ ...expenseFlow, steps: [] }).message).toContain('steps');
    expect(failure(withStep({ approvers: [] })).message).toContain('steps[0].approvers');
  });

  it('unknown rule kinds, roles, modes and bad numbers are rejected', () => {
    expect(failure(withStep({ approvers: [{ kind: 'boss' }] })).message).toContain('steps[0].approvers[0].kind');
    expect(failure(withStep({ approvers: [{ kind: 'role', role: 'cfo' }] })).message).toContain('steps[0].approvers[0].role');
    expect(failure(withStep({ mode: 'majority' })).message).toContain('steps[0].mode');
    expect(failure(withStep({ approvers: [{ kind: 'manager', level: 0 }] })).message).toContain('level');
    expect(failure(withStep({ timeoutHours: -1 })).message).toContain('timeoutHours');
    expect(failure(withStep({ condition: { field: 'amount', op: 'gte', minor: 1.5, currency: 'CNY' } })).message).toContain('minor');
  });

  it('non-objects are rejected rather than thrown on', () => {
    expect(failure(null).code).toBe('APPROVAL.INVALID_FLOW');
    expect(failure('flow').code).toBe('APPROVAL.INVALID_FLOW');
  });

  it('tells whether a flow serves a subject type', () => {
    expect(flowAppliesTo(expenseFlow, 'expense')).toBe(true);
    expect(flowAppliesTo(expenseFlow, 'trip')).toBe(false);
  });
});
