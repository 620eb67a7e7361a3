// An organisation's approval flows and policy rules: reading them, and saving them (administrators only, or an
// integration key within its scope).
import type { Db } from '../../db/database.js';
import { listFlows, upsertFlow, type FlowRow } from '../../db/repos/approvals.js';
import { appendAudit } from '../../db/repos/audit.js';
import { listPolicyRules, upsertPolicyRule } from '../../db/repos/policy.js';
import { parseFlowDefinition } from '../../domain/approval/index.js';
import { expenseRules, validateRule, type PolicyRule } from '../../domain/policy/index.js';
import { ok, type Clock, type Result } from '../../domain/shared/index.js';
import { requireRole, type Actor } from './authorise.js';
import { command } from './unit-of-work.js';

type Deps = { db: Db; clock: Clock };

/** The organisation's flows, highest priority first. */
export function flowsOf(deps: { db: Db }, orgId: string): Promise<FlowRow[]> {
  return listFlows(deps.db, orgId);
}

/** The organisation's policy rules. */
export function policyRulesOf(deps: { db: Db }, orgId: string): Promise<PolicyRule[]> {
  return listPolicyRules(deps.db, orgId);
}

export interface FlowInput {
  name: string;
  subjectTypes: string[];
  priority: number;
  active: boolean;
  steps: unknown[];
}

/** Creates or replaces the organisation's flow `id` (ids are the organisation's own: another may use the same). */
export function saveFlow(deps: Deps, orgId: string, actor: Actor, id: string, input: FlowInput): Promise<Result<FlowRow>> {
  return command<FlowRow>(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['admin'], 'changing approval flows');
    if (!allowed.ok) return allowed;
    const parsed = parseFlowDefinition({ name: input.name, subjectTypes: input.subjectTypes, steps: input.steps });
    if (!parsed.ok) return parsed;
    const now = deps.clock.now();
    await upsertFlow(tx, orgId, { id, name: input.name, subjectTypes: input.subjectTypes, priority: input.priority, active: input.active, definition: parsed.value }, now);
    await appendAudit(tx, { orgId, actorId: actor.id, action: 'flow.save', subjectType: 'flow', subjectId: id, after: parsed.value, at: now });
    return ok((await listFlows(tx, orgId)).find((f) => f.id === id)!);
  });
}

/** Creates or replaces the organisation's policy rule `id`. */
export function savePolicyRule(deps: Deps, orgId: string, actor: Actor, rule: { id: string; kind: string; params: unknown; severity: string; enabled: boolean }): Promise<Result<PolicyRule>> {
  return command<PolicyRule>(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['admin'], 'changing policy rules');
    if (!allowed.ok) return allowed;
    const valid = validateRule(expenseRules, rule);
    if (!valid.ok) return valid;
    await upsertPolicyRule(tx, orgId, valid.value);
    await appendAudit(tx, { orgId, actorId: actor.id, action: 'policy.save', subjectType: 'policy_rule', subjectId: rule.id, after: valid.value, at: deps.clock.now() });
    return ok(valid.value);
  });
}
