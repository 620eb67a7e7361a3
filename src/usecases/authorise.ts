// Who is acting, and may they? Every use case that needs a role checks it here, so REST, chat, the console, jobs and
// any later entry get the same rules.
import type { Executor } from '../../db/database.js';
import { getEmployee } from '../../db/repos/org.js';
import type { Employee, Role } from '../../domain/org/index.js';
import { domainError, err, ok, type Result } from '../../domain/shared/index.js';

/**
 * An employee (authenticated by a bound API key, a platform identity, a console session, or named by an integration
 * key with `act-as`), or the system itself: an integration key acting on its own within its scopes (`apikey:<id>`), a
 * job (`job:<name>`) or a partner (`supplier:<name>`).
 */
export type Actor = { kind: 'employee'; id: string } | { kind: 'system'; id: string };

export const employeeActor = (id: string): Actor => ({ kind: 'employee', id });
export const systemActor = (id: string): Actor => ({ kind: 'system', id });

/** The id an audit row names for this actor. */
export const actorIdOf = (a: Actor): string => a.id;

/**
 * Refuses unless the actor is the system or an active employee holding one of `roles` (an administrator holds them
 * all). The error names the role that is missing.
 */
export async function requireRole(tx: Executor, orgId: string, actor: Actor, roles: readonly Role[], what: string): Promise<Result<Employee | undefined>> {
  if (actor.kind === 'system') return ok(undefined);
  const e = await getEmployee(tx, orgId, actor.id);
  const may = holdsRole(e, actor.id, roles, what);
  return may.ok ? ok(e) : may;
}

/** The rule `requireRole` applies, for a caller that read the employee itself (with other facts, in one query). */
export function holdsRole(e: Pick<Employee, 'active' | 'roles'> | undefined, id: string, roles: readonly Role[], what: string): Result<true> {
  if (!e?.active) return err(domainError('ORG.UNKNOWN_EMPLOYEE', `no active employee ${id}`));
  if (e.roles.includes('admin') || roles.some((r) => e.roles.includes(r))) return ok(true);
  return err(domainError('AUTH.FORBIDDEN', `${what} needs the ${roles.join(' or ')} role`, { role: roles[0], roles: [...roles] }));
}

/** The active employee `id` with the roles ownership rules look at (finance and admin see past "only your own"). */
export async function actingEmployeeOf(tx: Executor, orgId: string, id: string): Promise<Result<{ id: string; finance: boolean; admin: boolean }>> {
  const e = await getEmployee(tx, orgId, id);
  if (!e?.active) return err(domainError('ORG.UNKNOWN_EMPLOYEE', `no active employee ${id}`));
  const admin = e.roles.includes('admin');
  return ok({ id: e.id, finance: admin || e.roles.includes('finance'), admin });
}
