// Who may open the gate page: a guard (or the reception desk) asks for a link to a site's gate; opening it checks the
// employee is still active and holds the role, and records the link so it works once.
import type { Db } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { claimPageLink } from '../../../db/repos/finance-links.js';
import { getEmployee } from '../../../db/repos/org.js';
import { getSite } from '../../../db/repos/reception.js';
import { domainError, err, ok, type Clock, type Result } from '../../../domain/shared/index.js';
import { requireRole, type Actor } from '../authorise.js';
import { command } from '../unit-of-work.js';

/** Refuses unless the actor may work the gate of `siteId` (guard, reception or admin) and the site exists. */
export async function mayOpenGate(deps: { db: Db }, orgId: string, actor: Actor, siteId: string): Promise<Result<{ name: string; locale: string }>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['guard', 'reception'], 'opening the gate page');
  if (!allowed.ok) return allowed;
  if (!(await getSite(deps.db, orgId, siteId))) return err(domainError('NOT_FOUND', `no site ${siteId}`));
  const e = allowed.value ?? (await getEmployee(deps.db, orgId, actor.id));
  return ok({ name: e?.name ?? actor.id, locale: e?.locale ?? 'zh-CN' });
}

/** Uses a verified gate link once: LINK.USED the second time; the role is checked again at opening. */
export async function useGateLink(deps: { db: Db; clock: Clock }, link: { orgId: string; employeeId: string; scope: string; linkId: string; expiresAt: Date }, siteId: string): Promise<Result<{ locale: string }>> {
  const actor: Actor = { kind: 'employee', id: link.employeeId };
  const may = await mayOpenGate(deps, link.orgId, actor, siteId);
  if (!may.ok) return may;
  const now = deps.clock.now();
  return command(deps.db, async (tx) => {
    if (!(await claimPageLink(tx, { orgId: link.orgId, linkId: link.linkId, employeeId: link.employeeId, page: link.scope, expiresAt: link.expiresAt, usedAt: now }))) return err(domainError('LINK.USED', 'the link has been used already'));
    await appendAudit(tx, { orgId: link.orgId, actorId: link.employeeId, action: 'gate.opened', subjectType: 'site', subjectId: siteId, at: now });
    return ok({ locale: may.value.locale });
  });
}

/** Who is at the gate page (for its language and header); undefined when not an active employee of the organisation. */
export async function gateViewer(deps: { db: Db }, orgId: string, employeeId: string): Promise<{ name: string; locale: string } | undefined> {
  const e = await getEmployee(deps.db, orgId, employeeId);
  return e?.active ? { name: e.name, locale: e.locale } : undefined;
}
