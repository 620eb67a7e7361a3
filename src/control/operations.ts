// The operations the command-line tools perform on the database, one implementation each. A CLI runs them either
// directly (PostgreSQL, or the embedded database when no service holds it) or through the running service's control
// socket (control-socket.ts), so the two paths cannot drift apart. Inputs are zod-checked on both paths; results are
// plain JSON so they look the same after the trip through the socket.
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { actingVia } from '../../db/acting.js';
import { API_SCOPES, createApiKey } from '../../db/repos/api-keys.js';
import { sealAudit, verifyAuditChain, type AuditVerification } from '../../db/repos/audit.js';
import { getEmployee, getOrganisation } from '../../db/repos/org.js';
import { listOrganisations } from '../../db/repos/organisations.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../domain/shared/index.js';
import type { ErrorCode } from '../api/errors.js';
import { forgetTenantRoutes } from '../chat/tenant-route.js';
import { createOrganisationAsOperator, registerPlatformTenant } from '../usecases/operator/organisations.js';

export interface ControlDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  /** Who runs the command, for audit rows: `cli:<user>`. */
  actor: string;
}

/** One operation: the schema of its input and what it does. */
interface Operation<S extends z.ZodType, Out> {
  input: S;
  run(deps: ControlDeps, input: z.output<S>): Promise<Result<Out>>;
}

const op = <S extends z.ZodType, Out>(o: Operation<S, Out>) => o;

// Shapes only; the use cases check the meaning (an id's pattern, a known time zone) and answer with their own codes.
const Text = z.string().min(1).max(200);

export interface OrganisationJson {
  id: string;
  name: string;
  timeZone: string;
  currency: string;
  createdAt?: string;
}

/** Every CLI operation by name: the table both the direct path and the control socket dispatch through. */
export const OPERATIONS = {
  'org.create': op({
    input: z.strictObject({ id: Text, name: Text, timeZone: Text.optional(), currency: Text.optional() }),
    async run(deps, input): Promise<Result<OrganisationJson>> {
      const r = await actingVia('cli', () => createOrganisationAsOperator(deps, deps.actor, input));
      if (!r.ok) return r;
      return ok({ id: r.value.id, name: r.value.name, timeZone: r.value.timeZone, currency: r.value.defaultCurrency });
    },
  }),
  'org.list': op({
    input: z.strictObject({}),
    async run(deps): Promise<Result<OrganisationJson[]>> {
      const orgs = await listOrganisations(deps.db);
      return ok(orgs.map((o) => ({ id: o.id, name: o.name, timeZone: o.timeZone, currency: o.defaultCurrency, createdAt: o.createdAt.toISOString() })));
    },
  }),
  'org.add-tenant': op({
    input: z.strictObject({ id: Text, platform: z.enum(['feishu', 'dingtalk', 'slack']), tenant: Text }),
    async run(deps, input) {
      const r = await actingVia('cli', () => registerPlatformTenant(deps, deps.actor, input.id, input.platform, input.tenant));
      // The running service caches tenant → organisation routes; a new tenant must be routed at once.
      if (r.ok && r.value.created) forgetTenantRoutes(deps.db);
      return r;
    },
  }),
  'api-key.create': op({
    input: z.strictObject({ org: Text, name: Text, scopes: z.array(z.enum(API_SCOPES)).min(1), employee: Text.optional() }),
    async run(deps, input): Promise<Result<{ id: string; key: string }>> {
      if (!(await getOrganisation(deps.db, input.org)))
        return err(domainError('NOT_FOUND', `no organisation ${input.org} (create it with "npm run org -- create", or start the service once to seed the demo)`));
      if (input.employee && !(await getEmployee(deps.db, input.org, input.employee))?.active) return err(domainError('NOT_FOUND', `no active employee ${input.employee} in ${input.org}`));
      const id = deps.ids.next('key');
      const key = await createApiKey(deps.db, input.org, id, input.name, [...new Set(input.scopes)], input.employee);
      return ok({ id, key });
    },
  }),
  'audit.verify': op({
    input: z.strictObject({ org: Text }),
    async run(deps, input): Promise<Result<{ org: string } & AuditVerification>> {
      // Seal first, so rows written a moment ago are part of the chain that is checked.
      await sealAudit(deps.db, { orgId: input.org });
      return ok({ org: input.org, ...(await verifyAuditChain(deps.db, input.org)) });
    },
  }),
} as const;

export type OperationName = keyof typeof OPERATIONS;
export type OperationInput<N extends OperationName> = z.input<(typeof OPERATIONS)[N]['input']>;
export type OperationOutput<N extends OperationName> = Awaited<ReturnType<(typeof OPERATIONS)[N]['run']>> extends Result<infer T> ? T : never;

/** The error of a failed operation as both paths report it (the socket adds its own request and transport codes). */
export interface OperationError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** True for a name in OPERATIONS (the socket receives names from outside). */
export const isOperationName = (name: string): name is OperationName => Object.hasOwn(OPERATIONS, name);

/** Validates `input` against the operation's schema and runs it: VALIDATION.INVALID names the first bad field. */
export async function runOperation<N extends OperationName>(deps: ControlDeps, name: N, input: unknown): Promise<Result<OperationOutput<N>, OperationError>> {
  const operation = OPERATIONS[name] as unknown as Operation<z.ZodType, OperationOutput<N>>;
  const parsed = operation.input.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({ code: 'VALIDATION.INVALID', message: `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}` });
  }
  const r = await operation.run(deps, parsed.data);
  return r.ok ? r : err({ code: r.error.code, message: r.error.message });
}
