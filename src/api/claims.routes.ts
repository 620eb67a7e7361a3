// REST: advances (借款) and their repayments, reimbursements (报销), the finance review queue and payables.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { advancesWithBalance, financeReviewQueue, payablesOf } from '../usecases/expenses/claim-queries.js';
import { repayAdvance, requestAdvance, submitReimbursement } from '../usecases/expenses/claims.js';
import { actingEmployee } from './actor.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { RequestOut, requestView } from './requests.routes.js';
import { body, errorResponses, Id, json, MoneySchema } from './schemas.js';

const Submitted = z.object({ request: RequestOut, approvalId: z.string(), violations: z.array(z.unknown()), budget: z.unknown().optional(), replayed: z.boolean() });

const AdvanceIn = z
  .strictObject({ submitterId: Id.optional().openapi({ description: 'The employee acting: absent or equal to the employee of a bound key; an integration key needs the act-as scope to name one.' }), amount: MoneySchema, purpose: z.string().min(1).max(300), applicationId: Id.optional(), clientRef: z.string().min(1).max(200).optional() })
  .openapi('AdvanceInput', { example: { submitterId: 'e_lina', amount: { minor: 300000, currency: 'CNY' }, purpose: '上海出差备用金 Cash for the Shanghai trip', applicationId: 'req_00mx4x7c1q000k2r9s8t1v', clientRef: 'oa-adv-2026-0311' } });

const Allocation = z
  .strictObject({ departmentId: Id, projectId: z.string().min(1).max(100).optional(), percent: z.number().positive().max(100).optional(), amountMinor: z.number().int().positive().optional() })
  .openapi('CostAllocation', { description: 'A share of the cost: every share by percent (adding to 100) or every share by amount (adding to the claim).', example: { departmentId: 'd_sales', projectId: 'PRJ-EAST-2026', percent: 60 } });

const ReimbursementIn = z
  .strictObject({
    submitterId: Id.optional().openapi({ description: 'The employee acting: absent or equal to the employee of a bound key; an integration key needs the act-as scope to name one.' }),
    lineIds: z.array(Id).min(1).max(500),
    applicationIds: z.array(Id).max(20).optional(),
    visitIds: z.array(Id).max(20).optional().openapi({ description: 'Visits (receptions) this hospitality claim pays for: approved or completed, hosted or accompanied by the claimant, on no other live claim (409 RECEPTION.VISIT_CLAIMED). Lines tagged to a visit’s request are its own; untagged meal, hospitality, lodging, transport and other lines are split across the visits in proportion to their estimates. On approval each visit’s share is consumed from its freeze and the rest released.' }),
    allocations: z.array(Allocation).max(50).optional(),
    justification: z.string().max(2000).optional(),
    title: z.string().min(1).max(300).optional(),
    clientRef: z.string().min(1).max(200).optional(),
  })
  .openapi('ReimbursementInput', {
    example: {
      submitterId: 'e_lina',
      lineIds: ['exl_00mx4w2b9d000f7h1j5k3q', 'exl_00mx4w2b9d002g8k2l6m4r'],
      applicationIds: ['req_00mx4x7c1q000k2r9s8t1v'],
      allocations: [
        { departmentId: 'd_sales', percent: 60 },
        { departmentId: 'd_rd', projectId: 'PRJ-EAST-2026', percent: 40 },
      ],
      title: '上海出差报销 Shanghai trip claim',
      justification: '华东客户拜访 Customer visits in East China',
      clientRef: 'oa-claim-2026-0457',
    },
  });

/** Registers advances, repayments, reimbursements, the finance review queue and payables. */
export function registerClaimRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(
    createRoute({ method: 'post', path: '/api/v1/advances', tags: ['Claims'], summary: 'Request an advance (借款)', description: 'Approved advances become outstanding and payable; later reimbursements offset them first.', middleware: [requireScope('expenses:write')] as const, request: { body: body(AdvanceIn) }, responses: { 201: json(Submitted, 'Submitted for approval'), ...errorResponses } }),
    async (c) => {
      const b = c.req.valid('json');
      const who = actingEmployee(c.get('principal'), b.submitterId, 'submitterId');
      if (!who.ok) return errorResponse(c, who.error);
      const r = await requestAdvance(deps, c.get('principal').orgId, { ...b, submitterId: who.value });
      if (!r.ok) return errorResponse(c, r.error);
      deps.kickOutbox?.();
      return c.json({ ...r.value, request: requestView(r.value.request) }, 201);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/advances', tags: ['Claims'], summary: 'Advances with their outstanding balance and movements', middleware: [requireScope('expenses:read')] as const, request: { query: z.object({ employeeId: Id.optional() }) }, responses: { 200: json(z.object({ advances: z.array(z.unknown()), outstanding: z.array(z.object({ employeeId: z.string(), amount: MoneySchema })) }), 'Advances'), ...errorResponses } }),
    async (c) => {
      return c.json(await advancesWithBalance(deps, c.get('principal').orgId, c.req.valid('query').employeeId), 200);
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/v1/advances/{id}/repayments', tags: ['Claims'], summary: 'Record a repayment of an advance (finance)', middleware: [requireScope('finance:write')] as const, request: { params: z.object({ id: Id }), body: body(z.strictObject({ actorId: Id.optional().openapi({ description: 'The employee acting: absent or equal to the employee of a bound key; an integration key needs the act-as scope to name one.' }), amount: MoneySchema, reference: z.string().min(1).max(200).openapi({ description: 'The bank reference of the repayment; repeating it changes nothing.' }) }).openapi({ example: { actorId: 'e_zhaomin', amount: { minor: 45000, currency: 'CNY' }, reference: 'CMB-20261128-004512' } })) }, responses: { 200: json(z.object({ outstandingMinor: z.number(), status: z.string(), replayed: z.boolean() }), 'Recorded'), ...errorResponses } }),
    async (c) => {
      const orgId = c.get('principal').orgId;
      const { actorId, amount, reference } = c.req.valid('json');
      const who = actingEmployee(c.get('principal'), actorId, 'actorId');
      if (!who.ok) return errorResponse(c, who.error);
      const r = await repayAdvance(deps, orgId, c.req.valid('param').id, who.value, amount, reference);
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/v1/reimbursements', tags: ['Claims'], summary: 'Claim expense lines in one reimbursement (报销)', description: 'Links approved applications, checks policy again line by line, allocates cost across departments (never losing a cent) and goes through approval. On approval the frozen budget converts to consumption, the rest of the freeze is released, advances are offset and a payable is created.', middleware: [requireScope('expenses:write')] as const, request: { body: body(ReimbursementIn) }, responses: { 201: json(Submitted, 'Submitted for approval'), ...errorResponses } }),
    async (c) => {
      const b = c.req.valid('json');
      const who = actingEmployee(c.get('principal'), b.submitterId, 'submitterId');
      if (!who.ok) return errorResponse(c, who.error);
      const r = await submitReimbursement(deps, c.get('principal').orgId, { ...b, submitterId: who.value });
      if (!r.ok) return errorResponse(c, r.error);
      deps.kickOutbox?.();
      return c.json({ ...r.value, request: requestView(r.value.request) }, 201);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/finance/review-queue', tags: ['Claims'], summary: 'Pending claims and advances for finance, flagged first', middleware: [requireScope('finance:read')] as const, responses: { 200: json(z.object({ items: z.array(z.unknown()) }), 'The queue'), ...errorResponses } }),
    async (c) => {
      return c.json({ items: await financeReviewQueue(deps, c.get('principal').orgId) }, 200);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/payables', tags: ['Claims'], summary: 'Money owed to employees, for the payments module', middleware: [requireScope('finance:read')] as const, request: { query: z.object({ status: z.enum(['open', 'paid', 'cancelled']).optional(), payeeId: Id.optional() }) }, responses: { 200: json(z.object({ payables: z.array(z.unknown()) }), 'Payables'), ...errorResponses } }),
    async (c) => {
      return c.json({ payables: await payablesOf(deps, c.get('principal').orgId, c.req.valid('query')) }, 200);
    },
  );
}
