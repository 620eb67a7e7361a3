// REST: vouchers for the ERP, as JSON or as the CSV it imports.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { employeeActor } from '../usecases/authorise.js';
import { vouchersCsvOf, vouchersOf } from '../usecases/vouchers/queries.js';
import { setVoucherChart, voucherChartOf } from '../usecases/vouchers/chart.js';
import { DEFAULT_CHART } from '../../domain/voucher/index.js';
import { actingEmployee } from './actor.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { body, errorResponses, Id, json } from './schemas.js';

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

  const ChartIn = z
    .object({
      actorId: Id.optional(),
      version: z.number().int().min(0).openapi({ description: 'The version read (0 while the default applies): a newer one saved meanwhile is 409.' }),
      chart: z.record(z.string(), z.unknown()).openapi({ description: 'The whole chart: expense accounts by category and by cost centre, inputVat, employeePayable, employeeAdvances, companyPaid, inTransit, bank (byAccount, default), fees, fxDifferences.' }),
    })
    .openapi({ example: { actorId: 'e_zhaomin', version: 0, chart: DEFAULT_CHART as unknown as Record<string, unknown> } });

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/vouchers/chart',
      tags: ['Vouchers'],
      summary: 'The chart of accounts vouchers are booked with',
      description: 'Expense accounts by category and by cost centre (department), input VAT, the employee payable and advances, company-paid, in transit, bank per account, fees, FX differences. Version 0: the default applies. Finance only.',
      middleware: [requireScope('finance:read')] as const,
      request: { query: z.object({ actorId: Id.optional() }) },
      responses: { 200: json(z.object({ chart: z.unknown(), version: z.number() }), 'The chart'), ...errorResponses },
    }),
    async (c) => {
      const actor = actingEmployee(c.get('principal'), c.req.valid('query').actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await voucherChartOf(deps, c.get('principal').orgId, employeeActor(actor.value));
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/vouchers/chart',
      tags: ['Vouchers'],
      summary: 'Replace the chart of accounts',
      description: 'Vouchers booked from now on use it (booked ones keep their accounts); vouchers that waited for an account the chart lacked are built again with it, and those it maps are booked and sent to the ERP (`rebooked`; `waiting`: those still waiting). An empty or missing account is 422 VOUCHER.CHART_INVALID naming the field; a save over a version newer than the one read is 409 CONFLICT.VERSION. Audited with the chart before and after. Finance only.',
      middleware: [requireScope('finance:write')] as const,
      request: { body: body(ChartIn) },
      responses: {
        200: json(z.object({ chart: z.unknown(), version: z.number(), rebooked: z.number().int(), waiting: z.number().int() }).openapi({ example: { chart: DEFAULT_CHART as unknown as Record<string, unknown>, version: 2, rebooked: 1, waiting: 0 } }), 'Saved'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const actor = actingEmployee(c.get('principal'), b.actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await setVoucherChart(deps, c.get('principal').orgId, employeeActor(actor.value), b.chart, b.version);
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );
}
