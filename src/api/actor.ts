// Who an API call acts as. A key bound to an employee acts only as them; an integration key acts on its own within
// its scopes, and names an employee to act for only with the `act-as` scope.
import type { ApiPrincipal } from '../../db/repos/api-keys.js';
import { domainError, err, ok, type Result } from '../../domain/shared/index.js';
import { employeeActor, systemActor, type Actor } from '../usecases/authorise.js';

/** The actor of a call that names no employee (configuration, imports): the bound employee, or the integration. */
export function callerOf(p: ApiPrincipal): Actor {
  return p.employeeId ? employeeActor(p.employeeId) : systemActor(`apikey:${p.keyId}`);
}

/**
 * The employee a call acts as, from what its body or query names (`actorId`, `submitterId`, `employeeId`):
 * - a bound key: the field must be absent or equal to its employee (403 AUTH.ACTOR_MISMATCH otherwise);
 * - an integration key: the field is required, and the key needs `act-as` (403 naming the scope otherwise).
 * The employee's existence and roles are checked by the use case.
 */
export function actingEmployee(p: ApiPrincipal, claimed: string | undefined, field: string): Result<string> {
  if (p.employeeId) {
    if (claimed !== undefined && claimed !== p.employeeId)
      return err(domainError('AUTH.ACTOR_MISMATCH', `${field}: this API key acts as ${p.employeeId} only; leave ${field} out or send ${p.employeeId}`, { field }));
    return ok(p.employeeId);
  }
  if (claimed === undefined) return err(domainError('VALIDATION.INVALID', `${field}: required: an integration key names the employee it acts for`, { field }));
  if (!p.scopes.includes('act-as')) return err(domainError('AUTH.FORBIDDEN', `this API key lacks the scope act-as, needed to act for ${claimed}`, { scope: 'act-as' }));
  return ok(claimed);
}
