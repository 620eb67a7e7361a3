// Configured policy rules of an organisation.
import { and, eq } from 'drizzle-orm';
import type { PolicyRule } from '../../domain/policy/index.js';
import { policyRules } from '../schema/index.js';
import type { Executor } from '../database.js';

export async function listPolicyRules(db: Executor, orgId: string): Promise<PolicyRule[]> {
  const rows = await db.select().from(policyRules).where(eq(policyRules.orgId, orgId));
  return rows.map((r) => ({ id: r.id, kind: r.kind, params: r.params, severity: r.severity as PolicyRule['severity'], enabled: r.enabled }));
}

export async function upsertPolicyRule(db: Executor, orgId: string, rule: PolicyRule): Promise<void> {
  await db
    .insert(policyRules)
    .values({ id: rule.id, orgId, kind: rule.kind, params: rule.params, severity: rule.severity, enabled: rule.enabled ?? true })
    .onConflictDoUpdate({ target: [policyRules.orgId, policyRules.id], set: { kind: rule.kind, params: rule.params, severity: rule.severity, enabled: rule.enabled ?? true } });
}

export async function deletePolicyRule(db: Executor, orgId: string, id: string): Promise<boolean> {
  const r = await db.delete(policyRules).where(and(eq(policyRules.orgId, orgId), eq(policyRules.id, id))).returning({ id: policyRules.id });
  return r.length > 0;
}
