// Platform tenants → organisations: which organisation a Feishu tenant_key, DingTalk corpId or Slack team/enterprise id
// belongs to. Inbound events are routed by it; a tenant belongs to one organisation at most.
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { domainError, err, ok, type DomainError, type Result } from '../../domain/shared/index.js';
import { platformIdentities, platformTenants } from '../schema/index.js';
import type { Executor } from '../database.js';

export type TenantPlatform = 'feishu' | 'dingtalk' | 'slack';

/**
 * Registers `tenant` of `platform` as belonging to `orgId`.
 * @crossOrg it must see whether another organisation owns the tenant or linked identities in it. Registering it again for the same organisation is a no-op;
 * a tenant that belongs to another organisation (or whose identities another organisation already linked) is refused
 * with ORG.TENANT_TAKEN (HTTP 409) and nothing changes.
 */
export async function registerTenant(db: Executor, orgId: string, platform: TenantPlatform, tenant: string): Promise<Result<{ created: boolean }, DomainError>> {
  if (tenant === '') return err(domainError('VALIDATION.INVALID', 'tenant must not be empty', { field: 'tenant' }));
  const owner = await tenantOrg(db, platform, tenant);
  if (owner === orgId) return ok({ created: false });
  if (owner) return err(domainError('ORG.TENANT_TAKEN', `${platform} tenant ${tenant} belongs to another organisation`, { platform, tenant }));
  // Identities of this tenant linked by another organisation before the tenant was registered would shadow ours.
  const [squatted] = await db
    .select({ orgId: platformIdentities.orgId })
    .from(platformIdentities)
    .where(and(eq(platformIdentities.platform, platform), eq(platformIdentities.tenant, tenant), ne(platformIdentities.orgId, orgId)))
    .limit(1);
  if (squatted) return err(domainError('ORG.TENANT_TAKEN', `${platform} tenant ${tenant} has identities linked by another organisation`, { platform, tenant }));
  const inserted = await db.insert(platformTenants).values({ platform, tenant, orgId }).onConflictDoNothing().returning({ orgId: platformTenants.orgId });
  if (inserted.length === 0) {
    if ((await tenantOrg(db, platform, tenant)) === orgId) return ok({ created: false });
    return err(domainError('ORG.TENANT_TAKEN', `${platform} tenant ${tenant} belongs to another organisation`, { platform, tenant }));
  }
  return ok({ created: true });
}

/**
 * The organisation a tenant belongs to, if it is registered.
 * @crossOrg routing a platform tenant: the organisation is what this finds.
 */
export async function tenantOrg(db: Executor, platform: string, tenant: string): Promise<string | undefined> {
  const [row] = await db
    .select({ orgId: platformTenants.orgId })
    .from(platformTenants)
    .where(and(eq(platformTenants.platform, platform), eq(platformTenants.tenant, tenant)));
  return row?.orgId;
}

/**
 * Routing lookup for an inbound event that names one or more tenants, most specific first (Slack: team, then
 * enterprise). `registered` says whether the platform has any tenant at all (false: a single-company install).
 * @crossOrg routing a platform tenant: the organisation is what this finds.
 */
export async function routeTenant(db: Executor, platform: string, tenants: readonly string[]): Promise<{ orgId?: string; tenant?: string; registered: boolean }> {
  const wanted = tenants.filter((t) => t !== '');
  if (wanted.length > 0) {
    const rows = await db
      .select({ tenant: platformTenants.tenant, orgId: platformTenants.orgId })
      .from(platformTenants)
      .where(and(eq(platformTenants.platform, platform), inArray(platformTenants.tenant, wanted)));
    for (const t of wanted) {
      const hit = rows.find((r) => r.tenant === t);
      if (hit) return { orgId: hit.orgId, tenant: t, registered: true };
    }
  }
  const [any] = await db.select({ tenant: platformTenants.tenant }).from(platformTenants).where(eq(platformTenants.platform, platform)).limit(1);
  return { registered: any !== undefined };
}

/** The tenants an organisation has on a platform, oldest first. */
export async function tenantsOf(db: Executor, orgId: string, platform: string): Promise<string[]> {
  const rows = await db
    .select({ tenant: platformTenants.tenant })
    .from(platformTenants)
    .where(and(eq(platformTenants.orgId, orgId), eq(platformTenants.platform, platform)))
    .orderBy(asc(platformTenants.createdAt), asc(platformTenants.tenant));
  return rows.map((r) => r.tenant);
}
