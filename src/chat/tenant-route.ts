// Which organisation an inbound platform event is for. One deployment serves many organisations per platform: the
// event's tenant (Feishu tenant_key, DingTalk corpId, Slack team/enterprise id) is looked up in platform_tenants.
import type { Executor } from '../../db/database.js';
import { routeTenant, type TenantPlatform } from '../../db/repos/tenants.js';
import type { Logger } from '../log.js';

export interface InboundRoute {
  orgId: string;
  /** The tenant identities are linked under ('' when the platform did not say). */
  tenant: string;
}

/**
 * A registered tenant goes to its organisation. A platform with no tenant registered at all is a single-company
 * install: everything goes to `defaultOrg` (the *_ORG setting). Otherwise an unknown tenant gets `undefined`: the
 * caller acknowledges the event and does nothing, so it is never processed in a default organisation. The log line
 * names the platform and the tenant (a company's id, no personal data) so an operator can register it.
 */
export async function routeInbound(
  deps: { db: Executor; log: Logger },
  platform: TenantPlatform,
  tenants: readonly (string | undefined)[],
  defaultOrg: string,
): Promise<InboundRoute | undefined> {
  const named = tenants.filter((t): t is string => typeof t === 'string' && t !== '');
  const r = await routeTenant(deps.db, platform, named);
  if (r.orgId) return { orgId: r.orgId, tenant: r.tenant ?? '' };
  if (!r.registered) return { orgId: defaultOrg, tenant: named[0] ?? '' };
  deps.log.info('ignored an event from a tenant no organisation has registered', { platform, tenant: named[0] ?? '(none)' });
  return undefined;
}
