// Approval flows are data: zod schemas for approver rules, conditions, steps and flows, and a parser naming bad paths.
import { z } from 'zod';
import { ROLES } from '../org/index.js';
import { domainError, err, ok, type Result } from '../shared/index.js';

/** Who approves a step: a manager up the chain, a department head, holders of a role, or a named person. */
export const ApproverRuleSchema = z.discriminatedUnion('kind', [
  /** The submitter's manager `level` steps up (1 = direct manager). */
  z.strictObject({ kind: z.literal('manager'), level: z.number().int().min(1).max(20) }),
  /** The head of the subject's department (or `departmentId`), `levelsUp` departments above it. */
  z.strictObject({
    kind: z.literal('department_head'),
    levelsUp: z.number().int().min(0).max(20).optional(),
    departmentId: z.string().min(1).optional(),
  }),
  /** Active holders of `role` in the whole organisation, or only in the subject's department. */
  z.strictObject({ kind: z.literal('role'), role: z.enum(ROLES), scope: z.enum(['org', 'department']).optional() }),
  /** One named employee. */
  z.strictObject({ kind: z.literal('person'), employeeId: z.string().min(1) }),
]);
/** Who approves a step. */
export type ApproverRule = z.infer<typeof ApproverRuleSchema>;

const inList = z.array(z.string().min(1)).min(1);

/** A condition on one field of the subject. */
export const LeafConditionSchema = z.discriminatedUnion('field', [
  z.strictObject({
    field: z.literal('amount'),
    op: z.enum(['gte', 'gt', 'lte', 'lt']),
    minor: z.number().int(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as CNY'),
  }),
  z.strictObject({ field: z.literal('category'), in: inList }),
  z.strictObject({ field: z.literal('department'), in: inList }),
  z.strictObject({ field: z.literal('subjectType'), in: inList }),
  z.strictObject({ field: z.literal('overBudget'), equals: z.boolean() }),
]);
/** A condition on one field of the subject. */
export type LeafCondition = z.infer<typeof LeafConditionSchema>;

/** A step condition: a field test, or all/any/not of conditions. */
export type Condition = LeafCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };

/** Schema of a (recursive) step condition. */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    LeafConditionSchema,
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

/** After `afterHours` without a decision, `to` is added to the step's approvers. */
export const EscalationSchema = z.strictObject({
  afterHours: z.number().positive().max(24 * 365),
  to: ApproverRuleSchema,
});
/** Escalation settings of a step. */
export type Escalation = z.infer<typeof EscalationSchema>;

/**
 * One step of a flow: `any` (或签) completes on the first approval, `all` (会签) needs every approver, or, with
 * `minApprovals`, that many distinct approvers (a payment run above a limit: any two of finance).
 */
export const StepDefinitionSchema = z.strictObject({
  key: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'step key must be 1-64 letters, digits, _ . : or -'),
  name: z.string().min(1),
  mode: z.enum(['any', 'all']),
  /** With mode `all`: the step completes once this many distinct assignees approved (fails to start with fewer). */
  minApprovals: z.number().int().min(2).max(20).optional(),
  approvers: z.array(ApproverRuleSchema).min(1),
  condition: ConditionSchema.optional(),
  timeoutHours: z.number().positive().max(24 * 365).optional(),
  escalation: EscalationSchema.optional(),
});
/** One step of a flow. */
export type StepDefinition = z.infer<typeof StepDefinitionSchema>;

/** A whole approval flow: which subject types it serves and its ordered steps (unique keys). */
export const FlowDefinitionSchema = z
  .strictObject({
    name: z.string().min(1),
    subjectTypes: z.array(z.string().min(1)).min(1),
    steps: z.array(StepDefinitionSchema).min(1),
  })
  .superRefine((flow, ctx) => {
    const seen = new Set<string>();
    flow.steps.forEach((step, i) => {
      if (step.minApprovals !== undefined && step.mode !== 'all')
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'minApprovals'], message: 'minApprovals needs mode "all" (会签)' });
      if (seen.has(step.key))
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'key'], message: `duplicate step key "${step.key}"` });
      seen.add(step.key);
    });
  });
/** A whole approval flow. */
export type FlowDefinition = z.infer<typeof FlowDefinitionSchema>;

/** Renders a zod path as `steps[1].approvers[0].kind`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out === '' ? '' : '.'}${String(p)}`;
  return out === '' ? '(root)' : out;
}

/** Flattens zod issues to "path: message" lines, descending into the union branch that got furthest. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const depth = (branch: readonly z.core.$ZodIssue[]): number => Math.max(0, ...branch.map((i) => i.path.length));
      const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      if (depth(best) > 0) {
        lines.push(...describeIssues(best, path));
        continue;
      }
    }
    lines.push(`${formatPath(path)}: ${issue.message}`);
  }
  return lines;
}

/** Validates untrusted flow JSON; fails with APPROVAL.INVALID_FLOW whose message names the bad path(s). */
export function parseFlowDefinition(input: unknown): Result<FlowDefinition> {
  const parsed = FlowDefinitionSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issues = describeIssues(parsed.error.issues);
  return err(domainError('APPROVAL.INVALID_FLOW', `invalid approval flow: ${issues.join('; ')}`, { issues }));
}

/** True when the flow declares that it serves subjects of `subjectType`. */
export function flowAppliesTo(flow: FlowDefinition, subjectType: string): boolean {
  return flow.subjectTypes.includes(subjectType);
}
