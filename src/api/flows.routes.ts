// REST: approval flows (as data) and policy rules.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { flowsOf, policyRulesOf, saveFlow, savePolicyRule } from '../usecases/configure-flows.js';
import { callerOf } from './actor.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { body, errorResponses, Id, json } from './schemas.js';

const FlowIn = z
  .strictObject({
    name: z.string().min(1).max(200),
    subjectTypes: z.array(z.string().min(1).max(50)).min(1),
    priority: z.number().int().min(-1000).max(1000).default(0),
    active: z.boolean().default(true),
    steps: z.array(z.unknown()).min(1).openapi({ description: 'Ordered steps: { key, name, mode: any|all, approvers: rules[], condition?, timeoutHours?, escalation? }' }),
  })
  .openapi('FlowInput', {
    example: {
      name: '市场费用 Marketing spend',
      subjectTypes: ['expense', 'purchase'],
      priority: 20,
      active: true,
      steps: [
        { key: 'manager', name: '直属上级 Line manager', mode: 'any', approvers: [{ kind: 'manager', level: 1 }], timeoutHours: 24, escalation: { afterHours: 48, to: { kind: 'manager', level: 2 } } },
        { key: 'finance', name: '财务会签 Finance sign-off', mode: 'all', approvers: [{ kind: 'role', role: 'finance' }], condition: { field: 'amount', op: 'gte', minor: 1000000, currency: 'CNY' } },
      ],
    },
  });
const FlowOut = z
  .object({ id: z.string(), name: z.string(), subjectTypes: z.array(z.string()), priority: z.number(), active: z.boolean(), version: z.number(), definition: z.unknown() })
  .openapi('Flow', {
    example: {
      id: 'marketing',
      name: '市场费用 Marketing spend',
      subjectTypes: ['expense', 'purchase'],
      priority: 20,
      active: true,
      version: 1,
      definition: { name: '市场费用 Marketing spend', subjectTypes: ['expense', 'purchase'], steps: [{ key: 'manager', name: '直属上级 Line manager', mode: 'any', approvers: [{ kind: 'manager', level: 1 }] }] },
    },
  });

const RuleIn = z
  .strictObject({ kind: z.string().min(1), params: z.unknown(), severity: z.enum(['block', 'warn']), enabled: z.boolean().default(true) })
  .openapi('PolicyRuleInput', { example: { kind: 'category_cap', params: { category: 'meal', maxMinor: 20000, currency: 'CNY', perAttendee: true }, severity: 'warn', enabled: true } });

export function registerFlowRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/flows/{id}',
      tags: ['Approval flows'],
      summary: 'Create or replace an approval flow',
      description: 'Steps run in order; `any` needs one approver (或签), `all` every approver (会签). Approvers by rule: manager N levels up, department head, role, person. Conditions on amount, category, department, request type, over-budget.',
      middleware: [requireScope('flows:write')] as const,
      request: { params: z.object({ id: Id }), body: body(FlowIn) },
      responses: { 200: json(FlowOut, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const r = await saveFlow(deps, c.get('principal').orgId, callerOf(c.get('principal')), c.req.valid('param').id, c.req.valid('json'));
      if (!r.ok) return errorResponse(c, r.error);
      return c.json(r.value, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/flows',
      tags: ['Approval flows'],
      summary: 'List approval flows',
      middleware: [requireScope('org:read')] as const,
      responses: { 200: json(z.object({ flows: z.array(FlowOut) }), 'Flows, highest priority first'), ...errorResponses },
    }),
    async (c) => c.json({ flows: await flowsOf(deps, c.get('principal').orgId) }, 200),
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/policy-rules/{id}',
      tags: ['Policy'],
      summary: 'Create or replace a policy rule',
      description: 'Kinds: category_cap, invoice_required, weekend_expense, future_date, stale_expense, allowed_currencies. `block` refuses submission; `warn` shows on the approval card.',
      middleware: [requireScope('flows:write')] as const,
      request: { params: z.object({ id: Id }), body: body(RuleIn) },
      responses: { 200: json(z.object({ id: z.string(), kind: z.string(), severity: z.string() }), 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const p = c.get('principal');
      const r = await savePolicyRule(deps, p.orgId, callerOf(p), { id, ...c.req.valid('json') });
      if (!r.ok) return errorResponse(c, r.error);
      return c.json({ id, kind: r.value.kind, severity: r.value.severity }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/policy-rules',
      tags: ['Policy'],
      summary: 'List policy rules',
      middleware: [requireScope('org:read')] as const,
      responses: { 200: json(z.object({ rules: z.array(z.unknown()) }), 'Rules'), ...errorResponses },
    }),
    async (c) => c.json({ rules: await policyRulesOf(deps, c.get('principal').orgId) }, 200),
  );
}
