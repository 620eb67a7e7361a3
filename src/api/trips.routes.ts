// REST: a trip with its booking (supplier orders), its expense lines and budget; cancelling or completing it.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { OrderRow } from '../../db/repos/supplier-orders.js';
import { closeTrip } from '../usecases/travel/close-trip.js';
import { tripDetail } from '../usecases/travel/trip-detail.js';
import { actingEmployee } from './actor.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { LineOut, lineView } from './expenses.routes.js';
import { REQUEST_EXAMPLE, RequestOut, requestView } from './requests.routes.js';
import { body, errorResponses, Id, json, MoneySchema } from './schemas.js';

// The train leg of REQUEST_EXAMPLE's trip: a G train Beijing → Shanghai takes about four and a half hours.
const OFFER_EXAMPLE = {
  offerId: 'off_g3_20261124_2nd',
  kind: 'train',
  description: 'G3 北京南 → 上海虹桥 二等座',
  origin: '北京',
  destination: '上海',
  departAt: '2026-11-24T08:00',
  arriveAt: '2026-11-24T12:32',
  durationMinutes: 272,
  seatClass: 'second',
  price: { minor: 55300, currency: 'CNY' },
};
const ORDER_EXAMPLE = {
  id: 'sord_00mx4x9z2a000b5n7m9k1j',
  supplierOrderId: 'TC-88231907',
  kind: 'train',
  status: 'issued',
  payment: 'company',
  amount: { minor: 55300, currency: 'CNY' },
  refunded: { minor: 0, currency: 'CNY' },
  description: OFFER_EXAMPLE.description,
  departAt: OFFER_EXAMPLE.departAt,
  arriveAt: OFFER_EXAMPLE.arriveAt,
  checkIn: null,
  checkOut: null,
  expenseLineId: null,
  error: null,
  offer: OFFER_EXAMPLE,
  createdAt: '2026-11-18T03:16:02.000Z',
  updatedAt: '2026-11-18T03:16:40.000Z',
};
// Two hotel nights and three days of allowances under the demo policy (no fare was given at submission): the
// amount REQUEST_EXAMPLE carries, checked against and then frozen in BUDGET_EXAMPLE's budget.
const TRIP_BUDGET_EXAMPLE = {
  estimate: {
    total: { minor: 174000, currency: 'CNY' },
    parts: [
      { kind: 'hotel', minor: 120000, currency: 'CNY', note: { zh: '住宿标准 × 2 晚', en: 'Hotel cap × 2 night(s)' } },
      { kind: 'per_diem', minor: 54000, currency: 'CNY', note: { zh: '出差补助 × 3 天', en: 'Per diem × 3 day(s)' } },
    ],
  },
  atSubmission: { availableBeforeMinor: 6746000, availableAfterMinor: 6572000, overBudget: false, budgetId: 'bud_00mx2a9d4k000c8v1n5m7q', currency: 'CNY' },
  frozen: { budgetId: 'bud_00mx2a9d4k000c8v1n5m7q', minor: 174000 },
};

const OrderOut = z
  .object({
    id: z.string(),
    supplierOrderId: z.string().nullable(),
    kind: z.string(),
    status: z.string(),
    payment: z.string(),
    amount: MoneySchema,
    refunded: MoneySchema,
    description: z.string().nullable(),
    departAt: z.string().nullable(),
    arriveAt: z.string().nullable(),
    checkIn: z.string().nullable(),
    checkOut: z.string().nullable(),
    expenseLineId: z.string().nullable(),
    error: z.string().nullable(),
    offer: z.unknown(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SupplierOrder', { example: ORDER_EXAMPLE });

/** A supplier order as the API shows it: the offer's description and local times lifted out of the stored offer. */
function orderView(o: OrderRow) {
  const offer = (o.offer ?? {}) as { description?: string; departAt?: string; arriveAt?: string; checkIn?: string; checkOut?: string };
  return {
    id: o.id,
    supplierOrderId: o.supplierOrderId,
    kind: o.kind,
    status: o.status,
    payment: o.payment,
    amount: { minor: o.amountMinor, currency: o.currency },
    refunded: { minor: o.refundedMinor, currency: o.currency },
    description: offer.description ?? null,
    departAt: offer.departAt ?? null,
    arriveAt: offer.arriveAt ?? null,
    checkIn: offer.checkIn ?? null,
    checkOut: offer.checkOut ?? null,
    expenseLineId: o.expenseLineId,
    error: o.error,
    offer: o.offer,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

const TripBudget = z
  .object({ estimate: z.unknown().nullable(), atSubmission: z.unknown().nullable(), frozen: z.unknown().nullable() })
  .openapi('TripBudget', { description: 'The estimate made at submission, the budget check then, and what approval froze ({ budgetId, minor }).', example: TRIP_BUDGET_EXAMPLE });

/** Registers the trip routes: read a trip with its orders and lines; cancel or complete it. */
export function registerTripRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/trips/{id}', tags: ['Trips'], summary: 'A trip with its supplier orders, expense lines and frozen budget', middleware: [requireScope('requests:read')] as const, request: { params: z.object({ id: Id }) }, responses: { 200: json(RequestOut.extend({ phase: z.string().nullable(), budget: TripBudget, orders: z.array(OrderOut), lines: z.array(LineOut) }).openapi({ example: { ...REQUEST_EXAMPLE, phase: 'booked', budget: TRIP_BUDGET_EXAMPLE, orders: [ORDER_EXAMPLE], lines: [] } }), 'The trip'), ...errorResponses } }),
    async (c) => {
      const r = await tripDetail(deps, c.get('principal').orgId, c.req.valid('param').id);
      if (!r.ok) return errorResponse(c, r.error);
      const { trip, budget, orders, lines } = r.value;
      return c.json({ ...requestView(trip), phase: trip.phase, budget, orders: orders.map(orderView), lines: lines.map(lineView) }, 200);
    },
  );

  for (const how of ['cancel', 'complete'] as const) {
    api.openapi(
      createRoute({
        method: 'post',
        path: `/api/v1/trips/{id}/${how}`,
        tags: ['Trips'],
        summary: how === 'cancel' ? 'Cancel an approved trip: its orders are cancelled and its frozen budget released' : 'Close a trip with nothing (more) to claim: its frozen budget is released',
        middleware: [requireScope('trips:write')] as const,
        request: {
          params: z.object({ id: Id }),
          body: body(
            z
              .strictObject({ actorId: Id.optional().openapi({ description: 'The employee acting: absent or equal to the employee of a bound key; an integration key needs the act-as scope to name one.' }), reason: z.string().max(500).optional() })
              .openapi({ example: how === 'cancel' ? { actorId: 'e_lina', reason: '客户会议改期 The customer meeting moved' } : { actorId: 'e_lina', reason: '行程结束，无其他费用 Trip over, nothing more to claim' } }),
          ),
        },
        responses: { 200: json(z.object({ tripId: z.string(), phase: z.string(), releasedMinor: z.number(), cancelledOrders: z.number() }), 'Closed'), ...errorResponses },
      }),
      async (c) => {
        const orgId = c.get('principal').orgId;
        const { actorId, reason } = c.req.valid('json');
        const who = actingEmployee(c.get('principal'), actorId, 'actorId');
        if (!who.ok) return errorResponse(c, who.error);
        const r = await closeTrip(deps, orgId, c.req.valid('param').id, who.value, how, reason);
        if (!r.ok) return errorResponse(c, r.error);
        deps.kickOutbox?.();
        return c.json(r.value, 200);
      },
    );
  }
}
