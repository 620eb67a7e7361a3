// REST: supplier settlement (finance). Import and settle a month's statement from the travel supplier, list the
// statements, and read one with its lines and the exceptions with their reasons.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { supplierFromConfig } from '../integrations/travel/http-supplier.js';
import { employeeActor } from '../usecases/authorise.js';
import { supplierStatementDetail, supplierStatementsOf } from '../usecases/travel/settlement-queries.js';
import { importSupplierStatement } from '../usecases/travel/supplier-settlement.js';
import { SUPPLIER_NAME } from '../usecases/lifecycle/topics.js';
import { actingEmployee } from './actor.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { body, errorResponses, Id, json, MoneySchema } from './schemas.js';

const actorField = Id.optional().openapi({ description: 'The finance employee acting: absent or equal to the employee of a bound key; an integration key needs the act-as scope to name one.' });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

const ImportIn = z
  .strictObject({ actorId: actorField, month: Month.openapi({ description: 'The month of the statement, not after the current one' }) })
  .openapi('SupplierSettlementInput', { example: { actorId: 'e_sarah', month: '2026-11' } });

const StatementOut = z
  .object({
    id: z.string(),
    supplier: z.string(),
    month: Month,
    status: z.enum(['settled', 'open']).openapi({ description: 'settled: a payable to the supplier was made for the matched total; open: nothing to pay' }),
    lineCount: z.number().int(),
    exceptionCount: z.number().int(),
    billed: z.array(MoneySchema).openapi({ description: 'What the supplier asks for, per currency (refunds subtracted)' }),
    matched: z.array(MoneySchema).openapi({ description: 'What matched our orders and is owed, per currency' }),
    payableIds: z.array(z.string()),
    contentHash: z.string(),
    importedBy: z.string(),
    importedAt: z.string(),
  })
  .openapi('SupplierStatement', {
    example: { id: 'sst_01', supplier: 'travel-supplier', month: '2026-11', status: 'settled', lineCount: 4, exceptionCount: 1, billed: [{ minor: 361_000, currency: 'CNY' }], matched: [{ minor: 246_000, currency: 'CNY' }], payableIds: ['pay_01'], contentHash: '9f2c…', importedBy: 'e_sarah', importedAt: '2026-12-01T02:00:00.000Z' },
  });

const Reason = z.object({ zh: z.string(), en: z.string() });
const LineOut = z.object({ lineNo: z.number().int(), lineId: z.string(), supplierOrderRef: z.string(), clientRef: z.string(), kind: z.enum(['ticket', 'change_fee', 'refund']), amount: MoneySchema, date: z.string(), status: z.enum(['matched', 'exception']), exception: z.string().optional(), orderId: z.string().optional() });
const ExceptionOut = z.object({
  kind: z.enum(['unknown_order', 'amount_mismatch', 'missing_order', 'duplicate_line', 'currency_mismatch', 'not_billable']),
  lineNos: z.array(z.number().int()),
  supplierOrderRef: z.string(),
  orderId: z.string().optional(),
  billed: MoneySchema.optional(),
  expected: MoneySchema.optional(),
  reason: Reason,
});
const DetailOut = StatementOut.extend({ lines: z.array(LineOut), exceptions: z.array(ExceptionOut) }).openapi('SupplierStatementDetail', {
  example: {
    id: 'sst_01',
    supplier: 'travel-supplier',
    month: '2026-11',
    status: 'settled',
    lineCount: 2,
    exceptionCount: 1,
    billed: [{ minor: 128_000 + 99_000, currency: 'CNY' }],
    matched: [{ minor: 128_000, currency: 'CNY' }],
    payableIds: ['pay_01'],
    contentHash: '9f2c…',
    importedBy: 'e_sarah',
    importedAt: '2026-12-01T02:00:00.000Z',
    lines: [
      { lineNo: 1, lineId: 'SO000001-T', supplierOrderRef: 'SO000001', clientRef: 'req_01:out', kind: 'ticket', amount: { minor: 128_000, currency: 'CNY' }, date: '2026-11-24', status: 'matched', orderId: 'sord_01' },
      { lineNo: 2, lineId: 'SO999999-T', supplierOrderRef: 'SO999999', clientRef: 'req_99:out', kind: 'ticket', amount: { minor: 99_000, currency: 'CNY' }, date: '2026-11-25', status: 'exception', exception: 'unknown_order' },
    ],
    exceptions: [{ kind: 'unknown_order', lineNos: [2], supplierOrderRef: 'SO999999', billed: { minor: 99_000, currency: 'CNY' }, reason: { zh: '订单 SO999999 不是我们预订的订单', en: 'order SO999999 is not an order we booked' } }],
  },
});

/** Registers the supplier settlement routes; the supplier is the one TRAVEL_SUPPLIER_* configure. */
export function registerSettlementRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const supplier = supplierFromConfig(deps.config, () => deps.clock.now());
  const settlement = { ...deps, supplier, supplierName: SUPPLIER_NAME };

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/supplier-settlements',
      tags: ['Payments'],
      summary: "Import and settle the travel supplier's statement (对账单) of a month",
      description:
        'Fetches the statement from the supplier and matches it line by line with our orders: unknown orders, amount differences, orders missing from the statement, duplicate lines, other currencies and orders that are not billable (cancelled, paid personally, not completed) become exceptions with their reasons; the matched total becomes one payable to the supplier. The same statement again answers 200 and changes nothing; a different one for a month already imported is 409 SETTLEMENT.STATEMENT_CHANGED, or 409 SETTLEMENT.PERIOD_SETTLED once its payable was made; 502 SUPPLIER.UNAVAILABLE when the supplier cannot be reached.',
      middleware: [requireScope('finance:write')] as const,
      request: { body: body(ImportIn) },
      responses: { 201: json(z.object({ statement: StatementOut }), 'Imported and settled'), 200: json(z.object({ statement: StatementOut }), 'Already imported: the same statement, nothing changed'), ...errorResponses },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const actor = actingEmployee(c.get('principal'), b.actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await importSupplierStatement(settlement, c.get('principal').orgId, employeeActor(actor.value), b.month);
      if (!r.ok) return errorResponse(c, r.error);
      return r.value.created ? c.json({ statement: r.value.statement! }, 201) : c.json({ statement: r.value.statement! }, 200);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/supplier-settlements', tags: ['Payments'], summary: 'Imported supplier statements, newest month first', middleware: [requireScope('finance:read')] as const, request: { query: z.object({ actorId: actorField }) }, responses: { 200: json(z.object({ statements: z.array(StatementOut) }), 'Statements'), ...errorResponses } }),
    async (c) => {
      const actor = actingEmployee(c.get('principal'), c.req.valid('query').actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await supplierStatementsOf(deps, c.get('principal').orgId, employeeActor(actor.value));
      return r.ok ? c.json({ statements: r.value }, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/supplier-settlements/{id}', tags: ['Payments'], summary: 'A supplier statement with its lines and the exceptions with their reasons', middleware: [requireScope('finance:read')] as const, request: { params: z.object({ id: Id }), query: z.object({ actorId: actorField }) }, responses: { 200: json(z.object({ statement: DetailOut }), 'The statement'), ...errorResponses } }),
    async (c) => {
      const actor = actingEmployee(c.get('principal'), c.req.valid('query').actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await supplierStatementDetail(deps, c.get('principal').orgId, employeeActor(actor.value), c.req.valid('param').id);
      return r.ok ? c.json({ statement: r.value }, 200) : errorResponse(c, r.error);
    },
  );
}
