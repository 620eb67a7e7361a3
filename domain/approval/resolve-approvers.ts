// Turns approver rules into employee ids: directory look-up, out-of-office delegation and the self-approval guard.
import { departmentHead, managerAt, type Delegation, type Employee } from '../org/index.js';
import { domainError, err, ok, type Result } from '../shared/index.js';
import type { OrgContext } from './approval.types.js';
import type { ApproverRule } from './flow.schema.js';
import type { ApprovalSubject } from './instance.schema.js';

/** Everything needed to resolve rules for one request. */
export interface ResolveContext extends OrgContext {
  readonly subject: ApprovalSubject;
  readonly submitterId: string;
  /** Never assignees, not even through a delegation (conflicts of interest); no fallback replaces them. */
  readonly excluded?: readonly string[];
}

/** Assignees of a step after delegation, with delegateId → original assignee. */
export interface ResolvedAssignees {
  readonly assignees: string[];
  readonly onBehalfOf: Record<string, string>;
}

const activeIds = (employees: readonly (Employee | undefined)[]): string[] =>
  unique(employees.filter((e): e is Employee => e !== undefined && e.active).map((e) => e.id));

/** Active employees a single rule names, before delegation (may include the submitter). */
export function resolveRule(rule: ApproverRule, ctx: ResolveContext): string[] {
  const { directory: dir, subject } = ctx;
  switch (rule.kind) {
    case 'manager':
      return activeIds([managerAt(dir, ctx.submitterId, rule.level)]);
    case 'department_head':
      return activeIds([departmentHead(dir, rule.departmentId ?? subject.departmentId, rule.levelsUp ?? 0)]);
    case 'role':
      return activeIds(dir.withRole(rule.role, rule.scope === 'department' ? subject.departmentId : undefined));
    case 'person':
      return activeIds([dir.employee(rule.employeeId)]);
  }
}

/** True when a delegation is in force at `now`: startsAt ≤ now < endsAt. */
export function isDelegationActive(d: Delegation, now: Date): boolean {
  return d.startsAt.getTime() <= now.getTime() && now.getTime() < d.endsAt.getTime();
}

/**
 * Who acts for `employeeId` at `ctx.now`: follows active delegations (latest start wins, chains followed, cycles
 * stopped). A delegation to an inactive employee or to the submitter is ignored, so a request never lands with
 * the person who filed it.
 */
export function delegateFor(employeeId: string, ctx: ResolveContext): string {
  let current = employeeId;
  const seen = new Set([employeeId]);
  for (;;) {
    const next = ctx.delegations
      .filter(
        (d) =>
          d.delegatorId === current &&
          isDelegationActive(d, ctx.now) &&
          d.delegateId !== ctx.submitterId &&
          !seen.has(d.delegateId) &&
          ctx.directory.employee(d.delegateId)?.active === true,
      )
      .reduce<Delegation | undefined>((best, d) => (!best || d.startsAt.getTime() > best.startsAt.getTime() ? d : best), undefined);
    if (!next) return current;
    seen.add(next.delegateId);
    current = next.delegateId;
  }
}

/** Replaces each assignee with their delegate, recording onBehalfOf unless the delegate is an assignee in their own right. */
export function applyDelegations(originals: readonly string[], ctx: ResolveContext): ResolvedAssignees {
  const assignees: string[] = [];
  const onBehalf = new Map<string, string>();
  for (const original of originals) {
    const actor = delegateFor(original, ctx);
    if (actor !== original && !originals.includes(actor) && !onBehalf.has(actor)) onBehalf.set(actor, original);
    assignees.push(actor);
  }
  return { assignees: unique(assignees), onBehalfOf: Object.fromEntries(onBehalf) };
}

/** Where to look when a rule named only the submitter: one manager level above the rule's result. */
function fallbackFor(rule: ApproverRule, ctx: ResolveContext): string[] {
  const level = rule.kind === 'manager' ? rule.level + 1 : 1;
  return activeIds([managerAt(ctx.directory, ctx.submitterId, level)]);
}

/**
 * Resolves a step's rules to the people who may act. The submitter is never an assignee; when removing them
 * empties the step, the manager one level above each rule that named them is used instead. Fails with
 * APPROVAL.NO_APPROVER naming the step when nobody remains.
 */
export function resolveStepAssignees(
  stepKey: string,
  rules: readonly ApproverRule[],
  ctx: ResolveContext,
): Result<ResolvedAssignees> {
  const excluded = new Set(ctx.excluded ?? []);
  const perRule = rules.map((rule) => ({ rule, ids: resolveRule(rule, ctx) }));
  const originals = unique(perRule.flatMap((r) => r.ids)).filter((id) => !excluded.has(id));
  const resolved = withoutExcluded(withoutSubmitter(applyDelegations(originals, ctx), ctx.submitterId), excluded);
  if (resolved.assignees.length > 0) return ok(resolved);
  if (excluded.size > 0 && perRule.some((r) => r.ids.some((id) => excluded.has(id))))
    return err(
      domainError('APPROVAL.NO_APPROVER', `step "${stepKey}" has no approver without a conflict of interest`, { step: stepKey, reason: 'only_conflicted' }),
    );
  const namedSubmitter = perRule.filter((r) => r.ids.includes(ctx.submitterId));
  if (namedSubmitter.length > 0) {
    const fallback = unique(namedSubmitter.flatMap((r) => fallbackFor(r.rule, ctx)));
    const viaFallback = withoutExcluded(withoutSubmitter(applyDelegations(fallback.filter((id) => !excluded.has(id)), ctx), ctx.submitterId), excluded);
    if (viaFallback.assignees.length > 0) return ok(viaFallback);
    return err(
      domainError('APPROVAL.NO_APPROVER', `step "${stepKey}" has no approver other than the submitter`, {
        step: stepKey,
        reason: 'only_submitter',
      }),
    );
  }
  return err(
    domainError('APPROVAL.NO_APPROVER', `step "${stepKey}" has no active approver`, { step: stepKey, reason: 'none' }),
  );
}

function withoutExcluded(r: ResolvedAssignees, excluded: ReadonlySet<string>): ResolvedAssignees {
  if (excluded.size === 0) return r;
  const assignees = r.assignees.filter((id) => !excluded.has(id));
  const onBehalfOf = Object.fromEntries(Object.entries(r.onBehalfOf).filter(([delegate]) => assignees.includes(delegate)));
  return { assignees, onBehalfOf };
}

function withoutSubmitter(r: ResolvedAssignees, submitterId: string): ResolvedAssignees {
  const assignees = r.assignees.filter((id) => id !== submitterId);
  const onBehalfOf = Object.fromEntries(Object.entries(r.onBehalfOf).filter(([delegate]) => assignees.includes(delegate)));
  return { assignees, onBehalfOf };
}

/** Distinct values in first-seen order. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
