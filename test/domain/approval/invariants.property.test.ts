// Property: whatever sequence of actions and actors, approval needs a real approver per step and never the submitter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyTimeout,
  currentAssignees,
  decide,
  parseApprovalInstance,
  startInstance,
  type ApprovalInstance,
  type ApproverRule,
  type DecideAction,
  type StepDefinition,
} from '../../../domain/approval/index.js';
import type { Delegation } from '../../../domain/org/index.js';
import { deepFreeze, directory, employees, flowOf, hoursAfter, startInput, subject } from './org-fixture.js';

const people = [...employees.map((e) => e.id), 'system', 'stranger'];

/** Who acts: often someone who may act now (so runs reach approval), sometimes the submitter or anyone at all. */
type ActorChoice = { pick: 'assignee'; n: number } | { pick: 'submitter' } | { pick: 'person'; id: string };
const personArb: fc.Arbitrary<ActorChoice> = fc.oneof(
  { weight: 4, arbitrary: fc.nat().map((n) => ({ pick: 'assignee' as const, n })) },
  { weight: 1, arbitrary: fc.constant({ pick: 'submitter' as const }) },
  { weight: 2, arbitrary: fc.constantFrom(...people).map((id) => ({ pick: 'person' as const, id })) },
);

function actorFor(choice: ActorChoice, instance: ApprovalInstance): string {
  if (choice.pick === 'person') return choice.id;
  const may = currentAssignees(instance);
  if (choice.pick === 'submitter' || may.length === 0) return instance.submitterId;
  return may[choice.n % may.length] ?? instance.submitterId;
}

const ruleArb: fc.Arbitrary<ApproverRule> = fc.oneof(
  fc.record({ kind: fc.constant('manager' as const), level: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('department_head' as const), levelsUp: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('role' as const), role: fc.constantFrom('finance' as const, 'manager' as const), scope: fc.constantFrom('org' as const, 'department' as const) }),
  fc.record({ kind: fc.constant('person' as const), employeeId: fc.constantFrom(...employees.map((e) => e.id)) }),
);

const stepsArb: fc.Arbitrary<StepDefinition[]> = fc
  .array(
    fc.record({
      mode: fc.constantFrom('any' as const, 'all' as const),
      approvers: fc.array(ruleArb, { minLength: 1, maxLength: 3 }),
      escalateTo: fc.option(ruleArb, { nil: undefined }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((defs) =>
    defs.map((d, i) => ({
      key: `s${i}`,
      name: `Step ${i}`,
      mode: d.mode,
      approvers: d.approvers,
      timeoutHours: 1,
      ...(d.escalateTo ? { escalation: { afterHours: 2, to: d.escalateTo } } : {}),
    })),
  );

const delegationArb: fc.Arbitrary<Delegation> = fc.record({
  delegatorId: fc.constantFrom(...employees.map((e) => e.id)),
  delegateId: fc.constantFrom(...employees.map((e) => e.id)),
  startsAt: fc.constant(hoursAfter(-1)),
  endsAt: fc.constant(hoursAfter(1000)),
});

type Move =
  | { kind: 'decide'; action: DecideAction; actor: ActorChoice }
  | { kind: 'timeout'; type: 'remind' | 'escalate'; stepIndex: number };

const commentArb = fc.constantFrom('', '  ', 'because');
const stepKeyArb = fc.option(fc.constantFrom('s0', 's1', 's2', 'nope'), { nil: undefined, freq: 2 });
const moveArb: fc.Arbitrary<Move> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('decide' as const), actor: personArb, action: fc.record({ type: fc.constant('approve' as const), stepKey: stepKeyArb }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decide' as const), actor: personArb, action: fc.record({ type: fc.constantFrom('reject' as const, 'return' as const), comment: commentArb, stepKey: stepKeyArb }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decide' as const), actor: personArb, action: fc.record({ type: fc.constantFrom('withdraw' as const, 'resubmit' as const) }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('timeout' as const), type: fc.constantFrom('remind' as const, 'escalate' as const), stepIndex: fc.integer({ min: 0, max: 2 }) }) },
);

function checkInvariants(instance: ApprovalInstance): void {
  for (const step of instance.steps) {
    expect(step.assignees).not.toContain(instance.submitterId);
    for (const d of step.decisions) {
      expect(d.by).not.toBe(instance.submitterId);
      expect(step.assignees).toContain(d.by);
    }
  }
  for (const h of instance.history) if (h.action !== 'submit' && h.action !== 'withdraw' && h.action !== 'resubmit') expect(h.by).not.toBe(instance.submitterId);
  if (instance.status === 'approved') {
    for (const step of instance.steps) {
      const approvers = step.decisions.filter((d) => d.decision === 'approve' && step.assignees.includes(d.by)).map((d) => d.by);
      expect(approvers.length).toBeGreaterThan(0);
      if (step.mode === 'all') expect([...approvers].sort()).toEqual([...step.assignees].sort());
      expect(step.status).toBe('approved');
    }
  }
  expect(parseApprovalInstance(JSON.parse(JSON.stringify(instance)))).toStrictEqual({ ok: true, value: instance });
}

describe('approval invariants (property)', () => {
  it('never approved without an approving assignee on every step, and the submitter never decides', () => {
    fc.assert(
      fc.property(
        stepsArb,
        fc.constantFrom('alice', 'paul', 'frank', 'fiona', 'erin', 'sam'),
        fc.array(delegationArb, { maxLength: 3 }),
        fc.array(moveArb, { maxLength: 30 }),
        (steps, submitterId, delegations, moves) => {
          const dept = directory.employee(submitterId)?.departmentId ?? 'root';
          const started = startInstance(startInput({ flow: flowOf(...steps), submitterId, delegations, subject: subject({ departmentId: dept }) }));
          if (!started.ok) {
            expect(started.error.code).toBe('APPROVAL.NO_APPROVER');
            return;
          }
          let instance = started.value.instance;
          checkInvariants(instance);
          moves.forEach((move, i) => {
            const now = hoursAfter(i + 1);
            const frozen = deepFreeze(instance);
            const r =
              move.kind === 'decide'
                ? decide(frozen, move.action, actorFor(move.actor, frozen), now)
                : applyTimeout(frozen, { type: move.type, stepKey: `s${move.stepIndex}` }, { directory, delegations, now });
            if (!r.ok) return;
            expect(r.value.instance.history.length).toBe(frozen.history.length + 1);
            expect(r.value.events.length).toBeGreaterThan(0);
            instance = r.value.instance;
            checkInvariants(instance);
          });
        },
      ),
      { numRuns: 400 },
    );
  });
});
