// Opening a finance link: the employee must still be active in the link's organisation, and the link's id is recorded
// so the same link never opens a second session.
import type { Db } from '../../../db/database.js';
import { claimPageLink } from '../../../db/repos/finance-links.js';
import { getEmployee } from '../../../db/repos/org.js';
import { domainError, err, ok, type Result } from '../../../domain/shared/index.js';

export interface LinkUse {
  orgId: string;
  employeeId: string;
  page: string;
  linkId: string;
  expiresAt: Date;
}

/** Uses a verified link once: LINK.USED the second time, ORG.UNKNOWN_EMPLOYEE for someone gone or unknown. */
export async function useFinanceLink(deps: { db: Db }, use: LinkUse, now: Date): Promise<Result<{ employeeId: string; locale: string }>> {
  const e = await getEmployee(deps.db, use.orgId, use.employeeId);
  if (!e?.active) return err(domainError('ORG.UNKNOWN_EMPLOYEE', `no active employee ${use.employeeId}`));
  const first = await claimPageLink(deps.db, { ...use, usedAt: now });
  if (!first) return err(domainError('LINK.USED', 'the link has been used already'));
  return ok({ employeeId: e.id, locale: e.locale });
}

/** Who is looking at a finance page (for its language); undefined when not an active employee of the organisation. */
export async function financeViewer(deps: { db: Db }, orgId: string, employeeId: string): Promise<{ id: string; name: string; locale: string } | undefined> {
  const e = await getEmployee(deps.db, orgId, employeeId);
  return e?.active ? { id: e.id, name: e.name, locale: e.locale } : undefined;
}
