// Who an API call acts for: the employee named in the body or query, checked to exist in the key's organisation.
import { getEmployee } from '../../db/repos/org.js';
import type { Db } from '../../db/database.js';
import type { Role } from '../../domain/org/index.js';
import { domainError, err, ok, type Result } from '../../domain/shared/index.js';

export interface Actor {
  id: string;
  roles: readonly Role[];
  departmentId: string;
  finance: boolean;
  admin: boolean;
}

/** The active employee `id`, with the roles routes authorise by. */
export async function actorOf(db: Db, orgId: string, id: string, field = 'actorId'): Promise<Result<Actor>> {
  const e = await getEmployee(db, orgId, id);
  if (!e?.active) return err(domainError('ORG.UNKNOWN_EMPLOYEE', `${field}: no active employee ${id}`, { field }));
  return ok({ id: e.id, roles: e.roles, departmentId: e.departmentId, finance: e.roles.includes('finance'), admin: e.roles.includes('admin') });
}
