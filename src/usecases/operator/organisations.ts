// Platform-operator commands: create an organisation (tenant) and issue its first API key. Used by the operator API
// and by `npm run org`; each is one transaction with its audit row.
import type { Db } from '../../../db/database.js';
import { API_SCOPES, createApiKey, type ApiScope } from '../../../db/repos/api-keys.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { insertOrganisation, listOrganisations, liveApiKeyCount, lockOrganisation, type OrganisationRow } from '../../../db/repos/organisations.js';
import { newOrganisation, type NewOrganisationInput, type Organisation } from '../../../domain/org/index.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import { registerTenant, type TenantPlatform } from '../../../db/repos/tenants.js';
import { command } from '../unit-of-work.js';

export interface OperatorDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
}

/** Every organisation of the deployment, oldest first (the operator's view; no organisation wall applies). */
export function organisationsForOperator(deps: { db: Db }): Promise<OrganisationRow[]> {
  return listOrganisations(deps.db);
}

/** Who did it, for the audit row: `operator` (the API) or `cli:<user>` (npm run org). */
export type OperatorActor = string;

/** Creates the organisation; ORG.EXISTS when the id is taken, VALIDATION.INVALID / MONEY.UNSUPPORTED_CURRENCY for bad fields. */
export async function createOrganisationAsOperator(deps: OperatorDeps, actor: OperatorActor, input: NewOrganisationInput): Promise<Result<Organisation>> {
  const checked = newOrganisation(input);
  if (!checked.ok) return checked;
  const org = checked.value;
  const now = deps.clock.now();
  return command(deps.db, async (tx) => {
    if (!(await insertOrganisation(tx, org, now))) return err(domainError('ORG.EXISTS', `organisation ${org.id} already exists`, { id: org.id }));
    // The audit head was created with the organisation, so this row starts its chain.
    await appendAudit(tx, { orgId: org.id, actorId: actor, action: 'org.create', subjectType: 'organisation', subjectId: org.id, after: org, at: now });
    return ok(org);
  });
}

export interface FirstKeyInput {
  name: string;
  scopes: readonly ApiScope[];
}

/**
 * Issues the organisation's first API key and returns its plain text (shown once). Refused with CONFLICT.DUPLICATE
 * when the organisation already has a live key: the operator onboards a tenant, it does not get a way into a running
 * one (further keys come from the tenant's side, `npm run api-key`).
 */
export async function issueFirstApiKey(deps: OperatorDeps, actor: OperatorActor, orgId: string, input: FirstKeyInput): Promise<Result<{ id: string; key: string; name: string; scopes: ApiScope[] }>> {
  const unknown = input.scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (unknown.length) return err(domainError('VALIDATION.INVALID', `scopes: unknown ${unknown.join(', ')}`, { field: 'scopes' }));
  const scopes = [...new Set(input.scopes)];
  const now = deps.clock.now();
  return command(deps.db, async (tx) => {
    // Locking the organisation makes two concurrent first-key requests take turns, so only one of them issues a key.
    if (!(await lockOrganisation(tx, orgId))) return err(domainError('NOT_FOUND', `no organisation ${orgId}`));
    if ((await liveApiKeyCount(tx, orgId)) > 0) return err(domainError('CONFLICT.DUPLICATE', `organisation ${orgId} already has an API key`));
    const id = deps.ids.next('key');
    const key = await createApiKey(tx, orgId, id, input.name, scopes);
    // The key itself never reaches the audit log; its id and scopes do.
    await appendAudit(tx, { orgId, actorId: actor, action: 'api-key.create', subjectType: 'api_key', subjectId: id, after: { name: input.name, scopes }, at: now });
    return ok({ id, key, name: input.name, scopes });
  });
}

/**
 * Connects a platform tenant (Feishu tenant_key, DingTalk corpId, Slack team_id) to an organisation, so its events are
 * routed there. ORG.TENANT_TAKEN (409) when another organisation has it; registering it again is a no-op.
 */
export async function registerPlatformTenant(deps: OperatorDeps, actor: OperatorActor, orgId: string, platform: TenantPlatform, tenant: string): Promise<Result<{ orgId: string; platform: TenantPlatform; tenant: string; created: boolean }>> {
  const now = deps.clock.now();
  return command(deps.db, async (tx) => {
    if (!(await lockOrganisation(tx, orgId))) return err(domainError('NOT_FOUND', `no organisation ${orgId}`));
    const r = await registerTenant(tx, orgId, platform, tenant);
    if (!r.ok) return r;
    if (r.value.created) await appendAudit(tx, { orgId, actorId: actor, action: 'tenant.register', subjectType: 'organisation', subjectId: orgId, after: { platform, tenant }, at: now });
    return ok({ orgId, platform, tenant, created: r.value.created });
  });
}
