// REST: a trip with its booking (supplier orders), its expense lines and budget; cancelling or completing it.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { getRequest } from '../../db/repos/approvals.js';
import { linesOfApplication } from '../../db/repos/expense-lines.js';
import { ordersOfTrip } from '../../db/repos/supplier-orders.js';
import { closeTrip } from '../usecases/travel/close-trip.js';
import { actorOf } from './actor.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { lineView } from './expenses.routes.js';
import { RequestOut, requestView } from './requests.routes.js';
import { body, errorResponses, Id, json } from './schemas.js';

export function registerTripRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/trips/{id}', tags: ['Trips'], summary: 'A trip with its supplier orders, expense lines and frozen budget', middleware: [requireScope('requests:read')] as const, request: { params: z.object({ id: Id }) }, responses: { 200: json(RequestOut.extend({ phase: z.string().nullable(), orders: z.array(z.unknown()), lines: z.array(z.unknown()) }), 'The trip'), ...errorResponses } }),
    async (c) => {
      const orgId = c.get('principal').orgId;
      const { id } = c.req.valid('param');
      const trip = await getRequest(deps.db, orgId, id);
      if (!trip || trip.type !== 'trip') return errorResponse(c, { code: 'NOT_FOUND', message: `no trip ${id}` });
      const orders = (await ordersOfTrip(deps.db, orgId, id)).map((o) => ({
        id: o.id,
        supplierOrderId: o.supplierOrderId,
        kind: o.kind,
        status: o.status,
        payment: o.payment,
        amount: { minor: o.amountMinor, currency: o.currency },
        refunded: { minor: o.refundedMinor, currency: o.currency },
        offer: o.offer,
        expenseLineId: o.expenseLineId,
        error: o.error,
      }));
      const lines = (await linesOfApplication(deps.db, orgId, id)).map(lineView);
      return c.json({ ...requestView(trip), phase: trip.phase, orders, lines }, 200);
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
        request: { params: z.object({ id: Id }), body: body(z.strictObject({ actorId: Id, reason: z.string().max(500).optional() })) },
        responses: { 200: json(z.object({ tripId: z.string(), phase: z.string(), releasedMinor: z.number(), cancelledOrders: z.number() }), 'Closed'), ...errorResponses },
      }),
      async (c) => {
        const orgId = c.get('principal').orgId;
        const { actorId, reason } = c.req.valid('json');
        const actor = await actorOf(deps.db, orgId, actorId);
        if (!actor.ok) return errorResponse(c, actor.error);
        const r = await closeTrip(deps, orgId, c.req.valid('param').id, actor.value, how, reason);
        if (!r.ok) return errorResponse(c, r.error);
        deps.kickOutbox?.();
        return c.json(r.value, 200);
      },
    );
  }
}
