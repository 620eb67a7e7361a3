// REST: outbound webhook subscriptions (HMAC-signed, delivered through the outbox), secret rotation and audit verification.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { checkOutboundUrl, type OutboundRule } from '../integrations/net/url-guard.js';
import { verifyAudit } from '../usecases/audit-check.js';
import { rotateWebhook, subscribeWebhook, unsubscribeWebhook, webhooksOf } from '../usecases/webhooks.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse, type WebhookErrorCode } from './errors.js';
import { body, errorResponses, Id, json } from './schemas.js';

const WebhookIn = z
  .strictObject({
    url: z.string().min(1).max(2048).openapi({ description: 'https, to a public address; no user:password. Refused with 422 WEBHOOK.URL_* otherwise.' }),
    events: z.array(z.string().regex(/^(\*|[a-z_]+(\.[a-z_]+|\.\*)*)$/, 'an event type, a prefix like approval.* or *')).min(1).max(50),
  })
  .openapi('WebhookInput', { example: { url: 'https://oa.galaxy.example/hooks/spendbot', events: ['approval.*', 'request.submitted'] } });

const DAY = 86_400;
const RotateIn = z
  .strictObject({
    overlapSeconds: z.number().int().min(0).max(7 * DAY).optional().openapi({ description: 'How long the old secret keeps signing as a second `v1`; default 86400 (24 h), at most 7 days.' }),
  })
  .openapi('WebhookRotateInput', { example: { overlapSeconds: 3600 } });

const RULE_CODES: Record<OutboundRule, WebhookErrorCode> = {
  invalid: 'WEBHOOK.URL_INVALID',
  'not-https': 'WEBHOOK.URL_NOT_HTTPS',
  credentials: 'WEBHOOK.URL_CREDENTIALS',
  internal: 'WEBHOOK.URL_INTERNAL',
  unresolvable: 'WEBHOOK.URL_UNRESOLVABLE',
};

export function registerWebhookRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const policy = { allowHosts: deps.config.WEBHOOK_ALLOW_HOSTS, resolve: deps.outbound?.resolve };

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/webhooks',
      tags: ['Webhooks'],
      summary: 'Subscribe to events',
      description:
        'Each delivery is a POST with `X-Spend-Signature: t=<unix>,v1=<hex hmac-sha256(secret, "<t>.<raw body>")>` (two `v1` values while a rotated secret overlaps), `X-Spend-Event` and `Idempotency-Key`. Retried with exponential backoff; redirects are not followed; the secret is returned once. The URL must be https to a public address: every address its name resolves to is checked now and again at each delivery; internal ones (loopback, private, link-local, metadata…) answer 422.',
      middleware: [requireScope('webhooks:write')] as const,
      request: { body: body(WebhookIn) },
      responses: {
        201: json(
          z
            .object({ id: z.string(), url: z.string(), events: z.array(z.string()), secret: z.string() })
            .openapi({ example: { id: 'whk_00mx4x7c1q000w8e3r6t1y', url: 'https://oa.galaxy.example/hooks/spendbot', events: ['approval.*', 'request.submitted'], secret: 'whsec_3q2Jm9XbV1cK7pLr0sTz8wYd4fHn6gAe' } }),
          'Created',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const p = c.get('principal');
      const input = c.req.valid('json');
      const checked = await checkOutboundUrl(input.url, policy);
      if (!checked.ok) return errorResponse(c, { code: RULE_CODES[checked.error.rule], message: checked.error.message });
      const r = await subscribeWebhook(deps, p.orgId, `apikey:${p.keyId}`, checked.value, input.events);
      return r.ok ? c.json(r.value, 201) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/webhooks',
      tags: ['Webhooks'],
      summary: 'List subscriptions (secrets are never shown again)',
      middleware: [requireScope('webhooks:write')] as const,
      responses: { 200: json(z.object({ webhooks: z.array(z.object({ id: z.string(), url: z.string(), events: z.array(z.string()) })) }), 'Subscriptions'), ...errorResponses },
    }),
    async (c) => c.json({ webhooks: await webhooksOf(deps, c.get('principal').orgId) }, 200),
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/webhooks/{id}',
      tags: ['Webhooks'],
      summary: 'Unsubscribe',
      description: 'Deliveries still queued for the subscription are dropped. An id of another organisation answers 404.',
      middleware: [requireScope('webhooks:write')] as const,
      request: { params: z.object({ id: Id }) },
      responses: { 200: json(z.object({ deleted: z.boolean() }), 'Deleted'), ...errorResponses },
    }),
    async (c) => {
      const p = c.get('principal');
      const { id } = c.req.valid('param');
      const r = await unsubscribeWebhook(deps, p.orgId, `apikey:${p.keyId}`, id);
      return r.ok ? c.json({ deleted: true }, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/webhooks/{id}/rotate-secret',
      tags: ['Webhooks'],
      summary: 'Rotate the signing secret',
      description:
        'Returns the new secret once. Until `previousValidUntil` each delivery carries two signatures, `t=<unix>,v1=<new>,v1=<old>`, so receivers can switch over without missing a delivery; after it only the new one. Send `{}` for the default 24 h overlap. An id of another organisation answers 404.',
      middleware: [requireScope('webhooks:write')] as const,
      request: { params: z.object({ id: Id }), body: body(RotateIn) },
      responses: { 200: json(z.object({ id: z.string(), secret: z.string(), previousValidUntil: z.string() }), 'Rotated'), ...errorResponses },
    }),
    async (c) => {
      const p = c.get('principal');
      const { id } = c.req.valid('param');
      const overlapSeconds = c.req.valid('json').overlapSeconds ?? DAY;
      const r = await rotateWebhook(deps, p.orgId, `apikey:${p.keyId}`, id, overlapSeconds);
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/audit/verify',
      tags: ['Audit'],
      summary: 'Seal pending audit rows, then recompute the audit hash chain',
      middleware: [requireScope('audit:read')] as const,
      responses: { 200: json(z.object({ ok: z.boolean(), rows: z.number(), unsealed: z.number(), firstBad: z.object({ seq: z.number(), reason: z.string() }).optional(), outbox: z.record(z.string(), z.number()) }), 'Result'), ...errorResponses },
    }),
    async (c) => c.json(await verifyAudit(deps, c.get('principal').orgId), 200),
  );
}
