// An organisation's reconciliation rules: read (the defaults until finance saves its own) and replaced as a whole,
// checked by the domain's schema (a rule that cannot work is refused with the field at fault), versioned so two
// editors never overwrite each other silently, audited.
import type { Db, Executor } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getReconciliationSettings, saveReconciliationSettings } from '../../../db/repos/reconciliation.js';
import { DEFAULT_SETTINGS, ReconciliationSettingsSchema, type ReconciliationSettings } from '../../../domain/reconciliation/index.js';
import { domainError, err, ok, type Clock, type Result } from '../../../domain/shared/index.js';
import { requireRole, type Actor } from '../authorise.js';
import { command } from '../unit-of-work.js';

export interface StoredSettings {
  settings: ReconciliationSettings;
  /** 0 while the defaults apply. */
  version: number;
}

/** The rules statements are reconciled with: the organisation's own, else the defaults. */
export async function settingsFor(db: Executor, orgId: string): Promise<StoredSettings> {
  const row = await getReconciliationSettings(db, orgId);
  const parsed = row ? ReconciliationSettingsSchema.safeParse(row.settings) : undefined;
  return parsed?.success ? { settings: parsed.data, version: row!.version } : { settings: DEFAULT_SETTINGS, version: 0 };
}

export async function reconciliationRulesOf(deps: { db: Db }, orgId: string, actor: Actor): Promise<Result<StoredSettings>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'viewing the reconciliation rules');
  if (!allowed.ok) return allowed;
  return ok(await settingsFor(deps.db, orgId));
}

/** Replaces the rules; `version` is the one read (0 for the defaults): a stale one is CONFLICT.VERSION. */
export async function setReconciliationRules(deps: { db: Db; clock: Clock }, orgId: string, actor: Actor, input: unknown, version: number): Promise<Result<StoredSettings>> {
  const parsed = ReconciliationSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    return err(domainError('RECONCILIATION.INVALID', `${field || 'rules'}: ${issue.message}`, { field }));
  }
  const names = parsed.data.rules.map((r) => r.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) return err(domainError('RECONCILIATION.INVALID', `rules: the name ${twice} is used twice (matches name the rule that made them)`, { field: 'rules' }));
  return command(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['finance'], 'changing the reconciliation rules');
    if (!allowed.ok) return allowed;
    const now = deps.clock.now();
    if (!(await saveReconciliationSettings(tx, orgId, parsed.data, version + 1, actor.id, now))) {
      return err(domainError('CONFLICT.VERSION', `the reconciliation rules changed since version ${version} was read; read them again`));
    }
    await appendAudit(tx, { orgId, actorId: actor.id, action: 'reconciliation.rules_changed', subjectType: 'reconciliation_settings', subjectId: orgId, after: { version: version + 1, rules: names, autoThreshold: parsed.data.autoThreshold }, at: now });
    return ok({ settings: parsed.data, version: version + 1 });
  });
}
