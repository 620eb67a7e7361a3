// REST: budgets, their availability and ledger entries (freeze / consume / release / adjust).
import { callerOf } from './actor.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { StoredBudget } from '../../db/repos/budgets.js';
import { available } from '../../domain/budget/index.js';
import { budgetsOf, budgetWithLedger } from '../usecases/budget-queries.js';
import { configureBudget, postBudgetEntry } from '../usecases/budgets.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { body, errorResponses, Id, json, MoneySchema } from './schemas.js';

/** A month's travel budget of the sales department with a trip frozen and earlier claims consumed. */
const BUDGET_EXAMPLE = {
  id: 'bud_00mx2a9d4k000c8v1n5m7q',
  departmentId: 'd_sales',
  category: 'travel',
  period: { kind: 'month', key: '2026-11' },
  amount: { minor: 8000000, currency: 'CNY' },
  frozen: { minor: 174000, currency: 'CNY' },
  consumed: { minor: 1254000, currency: 'CNY' },
  available: { minor: 6572000, currency: 'CNY' },
  allowOverrun: false,
  version: 7,
};

const BudgetOut = z
  .object({
    id: z.string(),
    departmentId: z.string(),
    category: z.string(),
    period: z.object({ kind: z.string(), key: z.string() }),
    amount: MoneySchema,
    frozen: MoneySchema,
    consumed: MoneySchema,
    available: MoneySchema,
    allowOverrun: z.boolean(),
    version: z.number(),
  })
  .openapi('Budget', { example: BUDGET_EXAMPLE });

// The ledger behind BUDGET_EXAMPLE's figures, for the one-budget route (an extended schema needs its own example).
const LEDGER_EXAMPLE = [
  { kind: 'freeze', amountMinor: 1640000, ref: { type: 'request', id: 'req_00mx3b1c2d000z9x8c7v6b' }, id: 'bde_00mx3b1c2d001h5j6k7l8z', actorId: 'e_wangqiang', at: '2026-11-06T03:10:00.000Z', idempotencyKey: null },
  { kind: 'consume', amountMinor: 1254000, ref: { type: 'request', id: 'req_00mx3b1c2d000z9x8c7v6b' }, fromFrozenMinor: 1254000, id: 'bde_00mx4q7w8e000m1n2b3v4c', actorId: 'e_zhaomin', at: '2026-11-15T08:30:00.000Z', idempotencyKey: null },
  { kind: 'release', amountMinor: 386000, ref: { type: 'request', id: 'req_00mx3b1c2d000z9x8c7v6b' }, id: 'bde_00mx4q7w8e001p0o9i8u7y', actorId: 'e_zhaomin', at: '2026-11-15T08:30:00.000Z', idempotencyKey: null },
  { kind: 'freeze', amountMinor: 174000, ref: { type: 'request', id: 'req_00mx4x7c1q000k2r9s8t1v' }, id: 'bde_00mx4x7c1q002t5r4e3w2q', actorId: 'e_wangqiang', at: '2026-11-18T03:15:00.000Z', idempotencyKey: null },
];

const view = (b: StoredBudget) => ({
  id: b.id,
  departmentId: b.departmentId,
  category: b.category,
  period: b.period,
  amount: { minor: b.amountMinor, currency: b.currency },
  frozen: { minor: b.frozenMinor, currency: b.currency },
  consumed: { minor: b.consumedMinor, currency: b.currency },
  available: { minor: available(b), currency: b.currency },
  allowOverrun: b.allowOverrun,
  version: b.version,
});

const BudgetIn = z
  .strictObject({
    departmentId: Id,
    category: z.string().min(1).max(50),
    periodKey: z.string().regex(/^\d{4}(-\d{2}|-Q[1-4])?$/, 'YYYY, YYYY-Qn or YYYY-MM'),
    amount: MoneySchema,
    allowOverrun: z.boolean().default(false),
  })
  .openapi('BudgetInput', { example: { departmentId: 'd_sales', category: 'travel', periodKey: '2026-12', amount: { minor: 8000000, currency: 'CNY' }, allowOverrun: false } });

const EntryIn = z
  .strictObject({
    kind: z.enum(['freeze', 'consume', 'release', 'adjust']),
    amountMinor: z.number().int().refine(Number.isSafeInteger, 'must be a safe integer'),
    ref: z.strictObject({ type: z.string().min(1).max(50), id: z.string().min(1).max(128) }),
    fromFrozenMinor: z.number().int().min(0).optional(),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .openapi('BudgetEntryInput', { example: { kind: 'freeze', amountMinor: 250000, ref: { type: 'erp_order', id: 'PO-2026-1187' }, idempotencyKey: 'erp-PO-2026-1187-freeze' } });

export function registerBudgetRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/budgets',
      tags: ['Budgets'],
      summary: 'Create a budget or change its amount',
      description: 'One budget per department × category × period. Changing the amount writes an `adjust` entry; it cannot fall below what is frozen and consumed unless overrun is allowed.',
      middleware: [requireScope('budgets:write')] as const,
      request: { body: body(BudgetIn) },
      responses: { 200: json(BudgetOut, 'The budget'), ...errorResponses },
    }),
    async (c) => {
      const p = c.get('principal');
      const r = await configureBudget(deps, p.orgId, callerOf(p), c.req.valid('json'));
      return r.ok ? c.json(view(r.value), 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/budgets',
      tags: ['Budgets'],
      summary: 'Budget availability',
      middleware: [requireScope('budgets:read')] as const,
      request: { query: z.object({ departmentId: Id.optional(), periodKey: z.string().optional(), category: z.string().optional() }) },
      responses: { 200: json(z.object({ budgets: z.array(BudgetOut) }), 'Budgets'), ...errorResponses },
    }),
    async (c) => c.json({ budgets: (await budgetsOf(deps, c.get('principal').orgId, c.req.valid('query'))).map(view) }, 200),
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/budgets/{id}',
      tags: ['Budgets'],
      summary: 'One budget with its ledger and a balance check',
      middleware: [requireScope('budgets:read')] as const,
      request: { params: z.object({ id: Id }) },
      responses: { 200: json(BudgetOut.extend({ ledger: z.array(z.unknown()), balanced: z.boolean() }).openapi({ example: { ...BUDGET_EXAMPLE, ledger: LEDGER_EXAMPLE, balanced: true } }), 'The budget'), ...errorResponses },
    }),
    async (c) => {
      const r = await budgetWithLedger(deps, c.get('principal').orgId, c.req.valid('param').id);
      if (!r.ok) return errorResponse(c, r.error);
      return c.json({ ...view(r.value.budget), ledger: r.value.ledger, balanced: r.value.balanced }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/budgets/{id}/entries',
      tags: ['Budgets'],
      summary: 'Freeze, consume, release or adjust',
      description: 'A freeze beyond what is available answers 409 BUDGET.EXCEEDED (unless overrun is allowed). Send `idempotencyKey` so a retry returns the first result.',
      middleware: [requireScope('budgets:write')] as const,
      request: { params: z.object({ id: Id }), body: body(EntryIn) },
      responses: { 200: json(z.object({ entryId: z.string(), replayed: z.boolean(), budget: BudgetOut }), 'Applied'), ...errorResponses },
    }),
    async (c) => {
      const p = c.get('principal');
      const r = await postBudgetEntry(deps, p.orgId, c.req.valid('param').id, callerOf(p), c.req.valid('json'));
      if (!r.ok) return errorResponse(c, r.error);
      deps.kickOutbox?.();
      return c.json({ entryId: r.value.entryId, replayed: r.value.replayed, budget: view(r.value.budget) }, 200);
    },
  );
}
