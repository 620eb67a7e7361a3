// The rule engine: checks rules against a context through a registry, returning violations and never throwing.
import { z } from 'zod';
import { domainError, err, ok, type Result } from '../shared/index.js';
import type { PolicyOutcome, PolicyRule, RuleEvaluator, RuleRegistry, Violation } from './policy.types.js';

const ruleShape = z.strictObject({
  id: z.string().min(1),
  kind: z.string().min(1),
  params: z.unknown(),
  severity: z.enum(['block', 'warn']),
  enabled: z.boolean().optional(),
});

interface RuleProblem {
  readonly ruleId: string;
  readonly kind: string | undefined;
  readonly en: string;
  readonly zh: string;
  readonly issues: { path: string; message: string }[];
}

type Checked<Ctx> = { ok: true; rule: PolicyRule; evaluator: RuleEvaluator<Ctx>; params: unknown } | { ok: false; problem: RuleProblem };

const describeIssues = (error: z.ZodError) => error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
const issueText = (issues: RuleProblem['issues']) => issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');

function field(rule: unknown, key: string): unknown {
  return typeof rule === 'object' && rule !== null ? (rule as Record<string, unknown>)[key] : undefined;
}

/** Checks the rule's shape, that its kind is registered and its params fit the kind's schema. */
function checkRule<Ctx>(registry: RuleRegistry<Ctx>, raw: unknown): Checked<Ctx> {
  const id = field(raw, 'id');
  const ruleId = typeof id === 'string' && id ? id : '?';
  const shape = ruleShape.safeParse(raw);
  if (!shape.success) {
    const issues = describeIssues(shape.error);
    const text = issueText(issues);
    return { ok: false, problem: { ruleId, kind: undefined, issues, en: `Rule ${ruleId} is malformed: ${text}`, zh: `规则 ${ruleId} 格式错误：${text}` } };
  }
  const rule = shape.data as PolicyRule;
  if (!Object.hasOwn(registry, rule.kind)) {
    const problem = { ruleId, kind: rule.kind, issues: [] };
    return { ok: false, problem: { ...problem, en: `Rule ${ruleId} has unknown kind '${rule.kind}'`, zh: `规则 ${ruleId} 的类型 '${rule.kind}' 未知` } };
  }
  const evaluator = registry[rule.kind] as RuleEvaluator<Ctx>;
  const params = evaluator.paramsSchema.safeParse(rule.params);
  if (!params.success) {
    const issues = describeIssues(params.error);
    const text = issueText(issues);
    return {
      ok: false,
      problem: { ruleId, kind: rule.kind, issues, en: `Rule ${ruleId} (${rule.kind}) has invalid params: ${text}`, zh: `规则 ${ruleId}（${rule.kind}）参数无效：${text}` },
    };
  }
  return { ok: true, rule, evaluator, params: params.data };
}

/**
 * Checks a rule as configured, returning it with parsed params, or POLICY.INVALID_RULE naming the problem
 * (malformed rule, unknown kind, or which params are wrong and why).
 */
export function validateRule<Ctx>(registry: RuleRegistry<Ctx>, rule: unknown): Result<PolicyRule> {
  const checked = checkRule(registry, rule);
  if (!checked.ok) {
    const { ruleId, kind, issues, en } = checked.problem;
    return err(domainError('POLICY.INVALID_RULE', en, { ruleId, kind, issues }));
  }
  return ok({ ...checked.rule, params: checked.params });
}

/** Validates a whole rule set: every rule valid and ids unique; the first problem is returned as POLICY.INVALID_RULE. */
export function validateRules<Ctx>(registry: RuleRegistry<Ctx>, rules: readonly unknown[]): Result<PolicyRule[]> {
  const out: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const raw of rules) {
    const r = validateRule(registry, raw);
    if (!r.ok) return r;
    if (seen.has(r.value.id))
      return err(domainError('POLICY.INVALID_RULE', `Rule id ${r.value.id} is used twice`, { ruleId: r.value.id, kind: r.value.kind }));
    seen.add(r.value.id);
    out.push(r.value);
  }
  return ok(out);
}

function invalidRuleViolation(p: RuleProblem): Violation {
  return {
    ruleId: p.ruleId,
    code: 'POLICY.INVALID_RULE',
    severity: 'warn',
    message: { en: p.en, zh: p.zh },
    details: { kind: p.kind, issues: p.issues },
  };
}

function failedRuleViolation(rule: PolicyRule, error: unknown): Violation {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    ruleId: rule.id,
    code: 'POLICY.RULE_FAILED',
    severity: 'warn',
    message: { en: `Rule ${rule.id} (${rule.kind}) could not be checked: ${reason}`, zh: `规则 ${rule.id}（${rule.kind}）无法检查：${reason}` },
    details: { kind: rule.kind, error: reason },
  };
}

/**
 * Checks `ctx` against `rules` using the evaluators in `registry`, in rule order. Disabled rules are skipped.
 * A rule that is malformed, of unknown kind or with bad params gives a POLICY.INVALID_RULE 'warn' violation, and one
 * whose evaluator throws gives POLICY.RULE_FAILED 'warn': this function never throws.
 * `blocked` is true when any violation has severity 'block'.
 */
const SEVERITY_RANK: Readonly<Record<Violation['severity'], number>> = { block: 0, warn: 1 };

export function evaluatePolicy<Ctx>(registry: RuleRegistry<Ctx>, rules: readonly PolicyRule[], ctx: Ctx): PolicyOutcome {
  const violations: Violation[] = [];
  for (const raw of rules) {
    if (field(raw, 'enabled') === false) continue;
    const checked = checkRule(registry, raw);
    if (!checked.ok) {
      violations.push(invalidRuleViolation(checked.problem));
      continue;
    }
    const { rule, evaluator, params } = checked;
    try {
      for (const f of evaluator.evaluate(params, ctx)) {
        const severity = f.severity ?? rule.severity;
        // Two rules can find the same thing (a cap and an invoice threshold both "not checked: currencies differ"):
        // the employee and the approver read it once, at the stricter severity.
        const same = violations.findIndex((v) => v.code === f.code && v.message.en === f.message.en && v.message.zh === f.message.zh);
        if (same >= 0) {
          if (SEVERITY_RANK[severity] < SEVERITY_RANK[violations[same]!.severity]) violations[same] = { ...violations[same]!, severity };
          continue;
        }
        violations.push({ ruleId: rule.id, code: f.code, severity, message: f.message, details: f.details });
      }
    } catch (error) {
      violations.push(failedRuleViolation(rule, error));
    }
  }
  return { violations, blocked: violations.some((v) => v.severity === 'block') };
}
