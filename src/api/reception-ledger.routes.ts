// REST: the visit ledger (接待台账) and its statistics, as JSON or CSV; one visit's ledger entry.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { employeeActor } from '../usecases/authorise.js';
import { LedgerPeriodSchema, receptionLedger, receptionLedgerCsv, receptionStatsCsv, receptionStatsOf, StatsQuerySchema, visitLedgerEntry } from '../usecases/reception/ledger.js';
import { actingEmployee } from './actor.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { errorResponses, Id, json } from './schemas.js';

const Money = z.object({ minor: z.number().int(), currency: z.string() });
const Amounts = z.record(z.string(), z.number().int()).openapi({ description: 'By reception type (visit, meal, alcohol, lodging, transport, gift), minor units.' });
const LedgerEntryOut = z
  .object({
    visitId: z.string(),
    requestId: z.string(),
    requestNumber: z.string().nullable(),
    status: z.string(),
    date: z.string(),
    month: z.string(),
    start: z.string(),
    end: z.string(),
    siteId: z.string(),
    level: z.string(),
    purpose: z.string(),
    host: z.object({ id: z.string(), name: z.string().nullable() }),
    department: z.object({ id: z.string(), name: z.string().nullable() }),
    company: z.string().nullable(),
    companies: z.array(z.string()),
    visitorCount: z.number().int(),
    visitors: z.array(z.object({ name: z.string(), company: z.string().nullable(), checkedInAt: z.string().nullable(), checkedOutAt: z.string().nullable() })).openapi({ description: 'Names and companies only; empty once the visitors’ personal data are purged (the counts stay).' }),
    checkedInCount: z.number().int(),
    checkedInAt: z.string().nullable(),
    checkedOutAt: z.string().nullable(),
    estimate: z.object({ byType: Amounts, total: Money }),
    actual: z.object({ byType: Amounts, total: Money, settled: z.boolean() }).nullable(),
    reimbursement: z.object({ id: z.string(), number: z.string().nullable(), status: z.enum(['pending', 'approved']) }).nullable(),
    invoices: z.array(z.object({ id: z.string(), number: z.string(), code: z.string().nullable(), total: Money, issueDate: z.string() })),
  })
  .openapi('VisitLedgerEntry');
const StatsRowOut = z.object({ key: z.string(), label: z.string(), currency: z.string(), visits: z.number().int(), visitors: z.number().int(), perMonth: z.number(), estimate: Money, cost: Money, costedVisits: z.number().int(), costPerVisit: Money.nullable() });

const Format = z.enum(['json', 'csv']).default('json');
const csvOrJson = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema }, 'text/csv': { schema: z.string() } } });

export function registerReceptionLedgerRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/reception/ledger',
      tags: ['Reception'],
      summary: 'The visit ledger (接待台账), as JSON or CSV',
      description:
        'Completed visits that started between `from` and `to` (the organisation’s dates, both included, a year at most): done, or approved with the window over and someone let in. Visitors by name and company only, actual times, host and department, estimate and actual cost by reception type (from the linked claim), the invoices and the reimbursement. The reception desk, finance and administrators see every visit; anyone else the visits they hosted or accompanied. `format=csv`: RFC 4180, amounts in the currency’s decimals, text that would start a spreadsheet formula prefixed with an apostrophe.',
      middleware: [requireScope('requests:read')] as const,
      request: { query: LedgerPeriodSchema.extend({ actorId: Id.optional(), format: Format }).openapi({ example: { from: '2026-11-01', to: '2026-11-30', format: 'json' } }) },
      responses: { 200: csvOrJson(z.object({ entries: z.array(LedgerEntryOut) }), 'The ledger'), ...errorResponses },
    }),
    async (c) => {
      const { actorId, format, ...period } = c.req.valid('query');
      const actor = actingEmployee(c.get('principal'), actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const orgId = c.get('principal').orgId;
      if (format === 'csv') {
        const r = await receptionLedgerCsv(deps, orgId, employeeActor(actor.value), period);
        if (!r.ok) return errorResponse(c, r.error);
        return c.body(r.value, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="visit-ledger-${period.from}-${period.to}.csv"` });
      }
      const r = await receptionLedger(deps, orgId, employeeActor(actor.value), period);
      return r.ok ? c.json({ entries: r.value }, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/reception/stats',
      tags: ['Reception'],
      summary: 'Visit statistics by customer company, department or month, as JSON or CSV',
      description:
        'Over the ledger’s visits of the period: visits, visitors, visits per month (divided by the months the period spans), the estimate, the hospitality cost of approved claims and the cost per visit that has one (rounded half up, minor units). One row per key and currency. Same roles as the ledger.',
      middleware: [requireScope('requests:read')] as const,
      request: { query: StatsQuerySchema.extend({ actorId: Id.optional(), format: Format }).openapi({ example: { from: '2026-01-01', to: '2026-12-31', by: 'company', format: 'json' } }) },
      responses: { 200: csvOrJson(z.object({ by: z.string(), from: z.string(), to: z.string(), months: z.number().int(), rows: z.array(StatsRowOut) }), 'The statistics'), ...errorResponses },
    }),
    async (c) => {
      const { actorId, format, ...q } = c.req.valid('query');
      const actor = actingEmployee(c.get('principal'), actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const orgId = c.get('principal').orgId;
      if (format === 'csv') {
        const r = await receptionStatsCsv(deps, orgId, employeeActor(actor.value), q);
        if (!r.ok) return errorResponse(c, r.error);
        return c.body(r.value, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="visit-stats-${q.by}-${q.from}-${q.to}.csv"` });
      }
      const r = await receptionStatsOf(deps, orgId, employeeActor(actor.value), q);
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/visits/{id}/ledger',
      tags: ['Reception'],
      summary: 'One completed visit’s ledger entry',
      description: 'For its host and staff, the reception desk, finance and administrators. A visit not completed yet, or another organisation’s: 404.',
      middleware: [requireScope('requests:read')] as const,
      request: { params: z.object({ id: z.string() }), query: z.object({ actorId: Id.optional() }) },
      responses: { 200: json(LedgerEntryOut, 'The entry'), ...errorResponses },
    }),
    async (c) => {
      const actor = actingEmployee(c.get('principal'), c.req.valid('query').actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await visitLedgerEntry(deps, c.get('principal').orgId, employeeActor(actor.value), c.req.valid('param').id);
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );
}
