// REST for the platform operator: create and list organisations, issue an organisation's first API key. Mounted only
// when OPERATOR_KEY is set, behind its own key (see operator-auth.ts); organisations' API keys do not work here.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { API_SCOPES } from '../../domain/org/index.js';
import { SUPPORTED_CURRENCIES } from '../../domain/money/index.js';
import { ORG_ID_PATTERN } from '../../domain/org/index.js';
import { createOrganisationAsOperator, issueFirstApiKey, organisationsForOperator, registerPlatformTenant } from '../usecases/operator/organisations.js';
import { forgetTenantRoutes } from '../chat/tenant-route.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { OPERATOR_PREFIX, operatorAuth } from './operator-auth.js';
import { body, errorResponses, json } from './schemas.js';

const ACTOR = 'operator';
const security = [{ operatorKey: [] }];
const OrgId = z.string().regex(ORG_ID_PATTERN, 'use 1-64 letters, digits, _ . - starting with a letter or digit').openapi({ example: 'acme' });

const OrganisationIn = z
  .strictObject({
    id: OrgId,
    name: z.string().trim().min(1).max(200),
    timeZone: z.string().min(1).max(64).optional().openapi({ description: 'IANA time zone; default Asia/Shanghai', example: 'Asia/Shanghai' }),
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code such as CNY').optional().openapi({ description: `Default currency; one of ${SUPPORTED_CURRENCIES.join(', ')}. Default CNY`, example: 'CNY' }),
  })
  .openapi('OrganisationCreate', { example: { id: 'acme', name: '极光科技 Acme Ltd', timeZone: 'Asia/Shanghai', currency: 'CNY' } });

const OrganisationOut = z
  .object({ id: z.string(), name: z.string(), timeZone: z.string(), currency: z.string(), createdAt: z.string().optional() })
  .openapi('Organisation', { example: { id: 'acme', name: '极光科技 Acme Ltd', timeZone: 'Asia/Shanghai', currency: 'CNY', createdAt: '2026-11-18T02:00:00.000Z' } });

const KeyIn = z
  .strictObject({
    name: z.string().trim().min(1).max(200).default('integration'),
    scopes: z.array(z.enum(API_SCOPES)).min(1),
  })
  .openapi('OrganisationKeyCreate', { example: { name: 'OA integration', scopes: ['org:write', 'org:read', 'flows:write', 'budgets:write', 'requests:read', 'webhooks:write'] } });

const KeyOut = z
  .object({ id: z.string(), key: z.string().openapi({ description: 'The key itself: shown this once, stored only as a hash.' }), name: z.string(), scopes: z.array(z.string()) })
  .openapi('OrganisationKey', {
    example: { id: 'key_00mx5d8a1b000x4c7v2b9n', key: 'sk_key_00mx5d8a1b000x4c7v2b9n_Zt4wq9Yb2nVx7cLr1mKp8sJd3fHg6aEu', name: 'OA integration', scopes: ['org:write', 'org:read', 'flows:write', 'budgets:write', 'requests:read', 'webhooks:write'] },
  });

const out = (o: { id: string; name: string; timeZone: string; defaultCurrency: string; createdAt?: Date }) => ({
  id: o.id,
  name: o.name,
  timeZone: o.timeZone,
  currency: o.defaultCurrency,
  ...(o.createdAt ? { createdAt: o.createdAt.toISOString() } : {}),
});

/** Mounts the operator routes when OPERATOR_KEY is set; without it they do not exist (404). */
export function registerOperatorRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const key = deps.config.OPERATOR_KEY;
  if (!key) return;
  api.openAPIRegistry.registerComponent('securitySchemes', 'operatorKey', { type: 'http', scheme: 'bearer', description: 'The platform operator key (OPERATOR_KEY); organisations\' API keys are refused.' });
  api.use(`${OPERATOR_PREFIX}/*`, operatorAuth(key));

  api.openapi(
    createRoute({
      method: 'post',
      path: `${OPERATOR_PREFIX}/organisations`,
      tags: ['Operator'],
      summary: 'Create an organisation (tenant)',
      security,
      request: { body: body(OrganisationIn) },
      responses: { 201: json(OrganisationOut, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const r = await createOrganisationAsOperator(deps, ACTOR, c.req.valid('json'));
      if (!r.ok) return errorResponse(c, r.error);
      return c.json(out(r.value), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: `${OPERATOR_PREFIX}/organisations`,
      tags: ['Operator'],
      summary: 'List organisations',
      security,
      responses: { 200: json(z.object({ organisations: z.array(OrganisationOut) }), 'Every organisation, oldest first'), ...errorResponses },
    }),
    async (c) => c.json({ organisations: (await organisationsForOperator(deps)).map(out) }, 200),
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: `${OPERATOR_PREFIX}/organisations/{id}/api-keys`,
      tags: ['Operator'],
      summary: "Issue an organisation's first API key",
      description: 'Returns the key once. Refused with 409 when the organisation already has a live key: further keys are the tenant\'s business.',
      security,
      request: { params: z.object({ id: OrgId }), body: body(KeyIn) },
      responses: { 201: json(KeyOut, 'Created; the key is shown this once'), ...errorResponses },
    }),
    async (c) => {
      const r = await issueFirstApiKey(deps, ACTOR, c.req.valid('param').id, c.req.valid('json'));
      if (!r.ok) return errorResponse(c, r.error);
      return c.json(r.value, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: `${OPERATOR_PREFIX}/organisations/{id}/tenants`,
      tags: ['Operator'],
      summary: "Connect a platform tenant (Feishu tenant_key, DingTalk corpId, Slack team_id) to an organisation",
      description: "Events from the tenant are routed to the organisation. 409 ORG.TENANT_TAKEN when another organisation has it; again for the same organisation changes nothing.",
      security,
      request: { params: z.object({ id: OrgId }), body: body(z.strictObject({ platform: z.enum(['feishu', 'dingtalk', 'slack']), tenant: z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : -') }).openapi('TenantRegistration', { example: { platform: 'feishu', tenant: '736588c9260f175d' } })) },
      responses: { 201: json(z.object({ orgId: z.string(), platform: z.string(), tenant: z.string(), created: z.boolean() }), 'Connected'), ...errorResponses },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const r = await registerPlatformTenant(deps, ACTOR, c.req.valid('param').id, b.platform, b.tenant);
      if (!r.ok) return errorResponse(c, r.error);
      forgetTenantRoutes(deps.db);
      return c.json(r.value, 201);
    },
  );
}
