// REST: vouchers for the ERP, as JSON or as the CSV it imports.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { employeeActor } from '../usecases/authorise.js';
import { vouchersCsvOf, vouchersOf } from '../usecases/vouchers/queries.js';
import { actingEmployee } from './actor.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { errorResponses, Id } from './schemas.js';

export function registerVoucherRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/vouchers',
      tags: ['Vouchers'],
      summary: 'Vouchers for the ERP (记账凭证), as JSON or CSV',
      description: 'Booked vouchers numbered per month without gaps (YYYY-MM-NNNN), debits equal to credits in every currency: payments booked by the bank and returned, bank fees. Those the chart of accounts cannot map wait with the reason and no number. `format=csv`: the booked ones, one row per line. Finance only.',
      middleware: [requireScope('finance:read')] as const,
      request: {
        query: z.object({
          actorId: Id.optional(),
          period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM').optional().openapi({ example: '2026-12' }),
          format: z.enum(['json', 'csv']).default('json'),
        }),
      },
      responses: { 200: { description: 'The vouchers', content: { 'application/json': { schema: z.object({ vouchers: z.array(z.unknown()) }) }, 'text/csv': { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const actor = actingEmployee(c.get('principal'), q.actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const orgId = c.get('principal').orgId;
      if (q.format === 'csv') {
        const r = await vouchersCsvOf(deps, orgId, employeeActor(actor.value), q.period);
        if (!r.ok) return errorResponse(c, r.error);
        return c.body(r.value, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="vouchers-${q.period ?? 'all'}.csv"` });
      }
      const r = await vouchersOf(deps, orgId, employeeActor(actor.value), q.period);
      return r.ok ? c.json({ vouchers: r.value }, 200) : errorResponse(c, r.error);
    },
  );
}
