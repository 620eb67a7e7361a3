// Sites where visitors come (an office, a plant): name, address, the rules their visitors read on the invitation page
// and the reception desk told of each visit there. Created or replaced by the reception desk or an administrator.
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getEmployee } from '../../../db/repos/org.js';
import { getSite, listSites, saveSite, type SiteRow } from '../../../db/repos/reception.js';
import { domainError, err, ok, type Clock, type Result } from '../../../domain/shared/index.js';
import { requireRole, type Actor } from '../authorise.js';
import { command } from '../unit-of-work.js';

export const SiteInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    address: z.string().trim().min(1).max(300),
    rules: z.array(z.string().trim().min(1).max(300)).max(20).default([]),
    deskIds: z.array(z.string().min(1).max(64)).max(20).default([]),
  })
  .strict();

export interface SiteView {
  id: string;
  name: string;
  address: string;
  rules: string[];
  deskIds: string[];
}

const siteView = (s: SiteRow): SiteView => ({ id: s.id, name: s.name, address: s.address, rules: s.rules as string[], deskIds: s.deskIds });

/** Creates or replaces a site (admins, or the reception role); its desk must be active employees. */
export function putSite(deps: { db: Db; clock: Clock }, orgId: string, actor: Actor, id: string, raw: unknown): Promise<Result<SiteView>> {
  const parsed = SiteInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return Promise.resolve(err(domainError('VALIDATION.INVALID', `${issue.path.join('.') || 'site'}: ${issue.message}`, { field: issue.path.join('.') })));
  }
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(id)) return Promise.resolve(err(domainError('VALIDATION.INVALID', 'a site id is lower-case letters, digits, - and _', { field: 'id' })));
  return command(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['reception'], 'changing a site');
    if (!allowed.ok) return allowed;
    for (const e of parsed.data.deskIds) if (!(await getEmployee(tx, orgId, e))?.active) return err(domainError('ORG.UNKNOWN_EMPLOYEE', `no active employee ${e}`, { field: 'deskIds' }));
    const now = deps.clock.now();
    const before = await getSite(tx, orgId, id);
    await saveSite(tx, orgId, { id, ...parsed.data, createdAt: before?.createdAt ?? now, updatedAt: now });
    await appendAudit(tx, { orgId, actorId: actor.id, action: before ? 'site.changed' : 'site.created', subjectType: 'site', subjectId: id, ...(before ? { before: siteView(before) } : {}), after: parsed.data, at: now });
    return ok({ id, ...parsed.data });
  });
}

export async function sitesOf(deps: { db: Db }, orgId: string): Promise<SiteView[]> {
  return (await listSites(deps.db, orgId)).map(siteView);
}
