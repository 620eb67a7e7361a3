// REST: submit, list and read requests with their approval history; act on approvals (for OA systems embedding them).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { RequestRow } from '../../db/repos/approvals.js';
import { actOnApproval } from '../usecases/act-on-approval.js';
import { pendingApprovals, requestDetail, requestsPage } from '../usecases/request-queries.js';
import { submitRequest } from '../usecases/submit-request.js';
import { actingEmployee } from './actor.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { body, errorResponses, Id, json, MoneySchema } from './schemas.js';

/** A trip as GET /requests/{id} shows it; the base of the examples of schemas that extend Request. */
export const REQUEST_EXAMPLE = {
  id: 'req_00mx4x7c1q000k2r9s8t1v',
  number: 'TR-0042',
  type: 'trip',
  title: '上海出差 Trip to Shanghai',
  status: 'approved',
  submitterId: 'e_lina',
  departmentId: 'd_sales',
  amount: { minor: 174000, currency: 'CNY' },
  category: 'travel',
  details: { trip: { destination: '上海', departDate: '2026-11-24', returnDate: '2026-11-26', transport: 'train' } },
  approvalId: 'apr_00mx4x7c1q001m3n8p2w6x',
  createdAt: '2026-11-18T02:00:00.000Z',
  updatedAt: '2026-11-18T03:15:00.000Z',
};

export const RequestOut = z
  .object({
    id: z.string(),
    number: z.string().openapi({ description: 'What people call the request: a per-organisation number by type (TR trip, EX expense, VI visit, AD advance, RB reimbursement, PO purchase, RQ other).', example: 'TR-0042' }),
    type: z.string(),
    title: z.string(),
    status: z.string(),
    submitterId: z.string(),
    departmentId: z.string(),
    amount: MoneySchema.nullable(),
    category: z.string().nullable(),
    details: z.unknown(),
    approvalId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Request', { example: REQUEST_EXAMPLE });

export const requestView = (r: RequestRow) => ({
  id: r.id,
  number: r.number,
  type: r.type,
  title: r.title,
  status: r.status,
  submitterId: r.submitterId,
  departmentId: r.departmentId,
  amount: r.amountMinor === null || r.currency === null ? null : { minor: r.amountMinor, currency: r.currency },
  category: r.category,
  details: r.details,
  approvalId: r.approvalId,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

// A trip is priced by the service (the estimate becomes the amount); an expense names its amount and category.
const TRIP_EXAMPLE = {
  type: 'trip' as const,
  submitterId: 'e_lina',
  title: '上海出差 Trip to Shanghai',
  details: { trip: { destination: '上海', departDate: '2026-11-24', returnDate: '2026-11-26', transport: 'train' } },
  justification: '拜访华东客户 Visiting customers in East China',
  clientRef: 'oa-2026-11-0042',
};
const EXPENSE_EXAMPLE = {
  type: 'expense' as const,
  submitterId: 'e_zhangwei',
  title: '打车去机场 Taxi to the airport',
  amount: { minor: 12800, currency: 'CNY' },
  category: 'transport',
  details: { date: '2026-11-17', hasInvoice: true },
  clientRef: 'oa-2026-11-0043',
};

// The answer to TRIP_EXAMPLE: pending its first step, with the budget check that the approval will freeze.
const SUBMITTED_EXAMPLE = {
  request: { ...REQUEST_EXAMPLE, status: 'pending', updatedAt: REQUEST_EXAMPLE.createdAt },
  approvalId: REQUEST_EXAMPLE.approvalId,
  violations: [],
  budget: { availableBeforeMinor: 6746000, availableAfterMinor: 6572000, overBudget: false, budgetId: 'bud_00mx2a9d4k000c8v1n5m7q', currency: 'CNY' },
  replayed: false,
};

const SubmitIn = z
  .strictObject({
    type: z.enum(['trip', 'expense', 'visit', 'advance', 'reimbursement', 'purchase', 'other']),
    submitterId: Id.optional().openapi({ description: 'The employee acting: absent or equal to the employee of a bound key; an integration key needs the act-as scope to name one.' }),
    departmentId: Id.optional(),
    title: z.string().min(1).max(300),
    amount: MoneySchema.optional(),
    category: z.string().min(1).max(50).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    justification: z.string().max(2000).optional(),
    clientRef: z.string().min(1).max(200).optional().openapi({ description: 'Your id for this request; resubmitting it returns the first request.' }),
  })
  .openapi('SubmitRequest', { example: TRIP_EXAMPLE });

const ActIn = z
  .strictObject({
    actorId: Id.optional().openapi({ description: 'The employee acting: absent or equal to the employee of a bound key; an integration key needs the act-as scope to name one.' }),
    action: z.enum(['approve', 'reject', 'return', 'withdraw', 'resubmit']),
    comment: z.string().max(2000).optional(),
    stepKey: z.string().max(100).optional().openapi({ description: 'The step the user saw; a different current step answers 409 APPROVAL.STALE_STEP.' }),
  })
  .openapi('ApprovalAction', { example: { actorId: 'e_wangqiang', action: 'approve', comment: '同意 Approved', stepKey: 'manager' } });

const ActOut = z
  .object({ approvalId: z.string(), requestId: z.string(), status: z.string(), step: z.unknown().optional(), decidedBy: z.string().optional(), decidedAt: z.string().optional(), replayed: z.boolean() })
  .openapi('ApprovalActionResult', {
    example: { approvalId: 'apr_00mx4x7c1q001m3n8p2w6x', requestId: 'req_00mx4x7c1q000k2r9s8t1v', status: 'approved', decidedBy: 'e_wangqiang', decidedAt: '2026-11-18T03:15:00.000Z', replayed: false },
  });

/** Cursor `createdAt|id` of the last row, base64url. */
const cursorOf = (r: RequestRow) => Buffer.from(`${r.createdAt.toISOString()}|${r.id}`).toString('base64url');
function parseCursor(s: string | undefined): { createdAt: Date; id: string } | undefined | null {
  if (!s) return undefined;
  const [at, id] = Buffer.from(s, 'base64url').toString().split('|');
  const d = new Date(at ?? '');
  return id && !Number.isNaN(d.getTime()) ? { createdAt: d, id } : null;
}

export function registerRequestRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/requests',
      tags: ['Requests'],
      summary: 'Submit a request for approval',
      description: 'Checks policy (blocking rules refuse with 422 POLICY.BLOCKED; warnings are returned) and the department budget, picks the flow and resolves approvers.',
      middleware: [requireScope('requests:write')] as const,
      request: { body: body(SubmitIn, { trip: { summary: 'A business trip (priced by the service)', value: TRIP_EXAMPLE }, expense: { summary: 'An expense with its amount', value: EXPENSE_EXAMPLE } }) },
      responses: {
        201: json(
          z.object({ request: RequestOut, approvalId: z.string(), violations: z.array(z.unknown()), budget: z.unknown().optional(), replayed: z.boolean() }).openapi({ example: SUBMITTED_EXAMPLE }),
          'Submitted',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const who = actingEmployee(c.get('principal'), b.submitterId, 'submitterId');
      if (!who.ok) return errorResponse(c, who.error);
      const r = await submitRequest(deps, c.get('principal').orgId, { ...b, submitterId: who.value });
      if (!r.ok) return errorResponse(c, r.error);
      deps.kickOutbox?.();
      return c.json({ ...r.value, request: requestView(r.value.request) }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/requests',
      tags: ['Requests'],
      summary: 'List requests, newest first',
      middleware: [requireScope('requests:read')] as const,
      request: {
        query: z.object({
          status: z.string().optional(),
          type: z.string().optional(),
          submitterId: Id.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().optional(),
        }),
      },
      responses: { 200: json(z.object({ requests: z.array(RequestOut), nextCursor: z.string().nullable() }), 'A page of requests'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const before = parseCursor(q.cursor);
      if (before === null) return errorResponse(c, { code: 'REQUEST.INVALID', message: 'cursor: not a cursor returned by this API' });
      const rows = await requestsPage(deps, c.get('principal').orgId, { ...q, before, limit: q.limit });
      const last = rows.length === q.limit ? rows[rows.length - 1] : undefined;
      return c.json({ requests: rows.map(requestView), nextCursor: last ? cursorOf(last) : null }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/requests/{id}',
      tags: ['Requests'],
      summary: 'A request with its approval state and full history',
      description: 'The id is the request id (`req_…`) or its number (`TR-0042`, as people say it).',
      middleware: [requireScope('requests:read')] as const,
      request: { params: z.object({ id: Id }) },
      responses: { 200: json(z.object({ request: RequestOut, approval: z.unknown().nullable(), audit: z.array(z.unknown()) }), 'The request'), ...errorResponses },
    }),
    async (c) => {
      const r = await requestDetail(deps, c.get('principal').orgId, c.req.valid('param').id);
      if (!r.ok) return errorResponse(c, r.error);
      return c.json({ ...r.value, request: requestView(r.value.request) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/approvals/{id}/actions',
      tags: ['Approvals'],
      summary: 'Approve, reject, return, withdraw or resubmit',
      description:
        'Only an assignee of the current step may approve/reject/return; nobody approves their own request; reject and return need a comment. Send `Idempotency-Key` so a retry returns the first answer. Acting on a closed approval answers 409 APPROVAL.NOT_PENDING with who decided and when.',
      middleware: [requireScope('approvals:act')] as const,
      request: { params: z.object({ id: Id }), body: body(ActIn), headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }) },
      responses: { 200: json(ActOut, 'Applied'), ...errorResponses },
    }),
    async (c) => {
      const { actorId, action, comment, stepKey } = c.req.valid('json');
      const key = c.req.valid('header')['idempotency-key'];
      const act =
        action === 'approve' ? { type: action, comment, stepKey }
        : action === 'reject' || action === 'return' ? { type: action, comment: comment ?? '', stepKey }
        : { type: action, comment };
      const who = actingEmployee(c.get('principal'), actorId, 'actorId');
      if (!who.ok) return errorResponse(c, who.error);
      const r = await actOnApproval(deps, c.get('principal').orgId, c.req.valid('param').id, who.value, act, key);
      if (!r.ok) return errorResponse(c, r.error);
      deps.kickOutbox?.();
      return c.json(r.value, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/approvals/pending',
      tags: ['Approvals'],
      summary: 'Approvals waiting for an employee',
      middleware: [requireScope('requests:read')] as const,
      request: { query: z.object({ approverId: Id }) },
      responses: { 200: json(z.object({ approvals: z.array(z.object({ id: z.string(), requestId: z.string(), title: z.string(), step: z.unknown() })) }), 'Pending approvals'), ...errorResponses },
    }),
    async (c) => {
      return c.json({ approvals: await pendingApprovals(deps, c.get('principal').orgId, c.req.valid('query').approverId) }, 200);
    },
  );
}
