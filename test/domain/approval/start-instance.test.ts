// Starting an approval builds plain, JSON-safe state, activates the first step and announces it.
import { describe, expect, it } from 'vitest';
import { parseApprovalInstance, startInstance } from '../../../domain/approval/index.js';
import { codeOf, deepFreeze, expenseFlow, start, startInput, T0 } from './org-fixture.js';

describe('startInstance', () => {
  it('activates the first step and emits submitted then step_activated', () => {
    const { instance, events } = start();
    expect(instance).toMatchObject({
      id: 'apr-1',
      orgId: 'org-1',
      flowName: 'Expense',
      submitterId: 'alice',
      status: 'pending',
      currentStep: 0,
      submittedAt: T0.toISOString(),
    });
    expect(instance.steps.map((s) => [s.key, s.status, s.assignees])).toEqual([
      ['manager', 'active', ['paul']],
      ['finance', 'waiting', ['petra', 'fiona', 'frank', 'fay']],
    ]);
    expect(instance.steps[0]?.activatedAt).toBe(T0.toISOString());
    expect(instance.history).toEqual([{ at: T0.toISOString(), by: 'alice', action: 'submit' }]);
    expect(events.map((e) => e.type)).toEqual(['approval.submitted', 'approval.step_activated']);
    expect(events[1]).toMatchObject({
      orgId: 'org-1',
      subject: { type: 'approval', id: 'apr-1' },
      at: T0,
      payload: { step: 'manager', assignees: ['paul'], subject: { type: 'expense', id: 'req-1', title: 'Team dinner' } },
    });
  });

  it('state survives a JSON round trip unchanged', () => {
    const { instance } = start();
    const back = parseApprovalInstance(JSON.parse(JSON.stringify(instance)));
    expect(back).toStrictEqual({ ok: true, value: instance });
  });

  it('refuses malformed flows with INVALID_FLOW', () => {
    const bad = { ...expenseFlow, steps: [] } as unknown as typeof expenseFlow;
    expect(codeOf(startInstance(startInput({ flow: bad })))).toBe('APPROVAL.INVALID_FLOW');
  });

  it('does not mutate its inputs', () => {
    const input = deepFreeze(startInput());
    expect(startInstance(input).ok).toBe(true);
  });

  it('stored state that is not an instance is refused', () => {
    const r = parseApprovalInstance({ id: 'x' });
    expect(codeOf(r)).toBe('VALIDATION.INVALID');
  });
});
