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
  const r = await cachedRoute(deps.db, platform, named);
  if (r.orgId) return { orgId: r.orgId, tenant: r.tenant ?? '' };
  if (!r.registered) return { orgId: defaultOrg, tenant: named[0] ?? '' };
  deps.log.info('ignored an event from a tenant no organisation has registered', { platform, tenant: named[0] ?? '(none)' });
  return undefined;
}

/**
 * Routing sits on every click's path, so answers are kept for a while per database: a tenant found in an
 * organisation stays there (tenants are never moved, only refused), so that answer is kept for POSITIVE_MS; "not
 * registered" and "no tenants at all" may change when an operator connects one, so they are kept for NEGATIVE_MS only.
 */
const POSITIVE_MS = 10 * 60_000;
const NEGATIVE_MS = 5_000;
const MAX_ENTRIES = 10_000;
type Routed = Awaited<ReturnType<typeof routeTenant>>;
const caches = new WeakMap<object, Map<string, { r: Routed; until: number }>>();

async function cachedRoute(db: Executor, platform: string, named: readonly string[]): Promise<Routed> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const key = `${platform}|${named.join('|')}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.r;
  const r = await routeTenant(db, platform, named);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, { r, until: now + (r.orgId ? POSITIVE_MS : NEGATIVE_MS) });
  return r;
}

/** Forgets cached routes (after a tenant is connected in this process, so its next event is routed at once). */
export function forgetTenantRoutes(db: Executor): void {
  caches.delete(db);
}
