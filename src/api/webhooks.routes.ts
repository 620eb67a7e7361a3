// REST: outbound webhook subscriptions (HMAC-signed, delivered through the outbox) and audit verification.
import { randomBytes } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { sealAudit, verifyAuditChain } from '../../db/repos/audit.js';
import { outboxStats } from '../../db/repos/outbox.js';
import { addWebhook, deleteWebhook, listWebhooks } from '../../db/repos/webhooks.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { body, errorResponses, Id, json } from './schemas.js';

const WebhookIn = z
  .strictObject({
    url: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be http(s)'),
    events: z.array(z.string().regex(/^(\*|[a-z_]+(\.[a-z_]+|\.\*)*)$/, 'an event type, a prefix like approval.* or *')).min(1).max(50),
  })
  .openapi('WebhookInput');

export function registerWebhookRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/webhooks',
      tags: ['Webhooks'],
      summary: 'Subscribe to events',
      description:
        'Each delivery is a POST with `X-Spend-Signature: t=<unix>,v1=<hex hmac-sha256(secret, "<t>.<raw body>")>`, `X-Spend-Event` and `Idempotency-Key`. Retried with exponential backoff; the secret is returned once.',
      middleware: [requireScope('webhooks:write')] as const,
      request: { body: body(WebhookIn) },
      responses: { 201: json(z.object({ id: z.string(), url: z.string(), events: z.array(z.string()), secret: z.string() }), 'Created'), ...errorResponses },
    }),
    async (c) => {
      const p = c.get('principal');
      const { url, events } = c.req.valid('json');
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      const id = deps.ids.next('whk');
      await addWebhook(deps.db, { id, orgId: p.orgId, url, events, secretEnc: deps.box.encrypt(secret) });
      return c.json({ id, url, events, secret }, 201);
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
    async (c) => c.json({ webhooks: (await listWebhooks(deps.db, [c.get('principal').orgId])).map(({ id, url, events }) => ({ id, url, events })) }, 200),
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/webhooks/{id}',
      tags: ['Webhooks'],
      summary: 'Unsubscribe',
      middleware: [requireScope('webhooks:write')] as const,
      request: { params: z.object({ id: Id }) },
      responses: { 200: json(z.object({ deleted: z.boolean() }), 'Deleted'), ...errorResponses },
    }),
    async (c) => {
      const ok = await deleteWebhook(deps.db, c.get('principal').orgId, c.req.valid('param').id);
      return ok ? c.json({ deleted: true }, 200) : errorResponse(c, { code: 'NOT_FOUND', message: 'no such webhook' });
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
    async (c) => {
      const orgId = c.get('principal').orgId;
      await sealAudit(deps.db, { orgId });
      return c.json({ ...(await verifyAuditChain(deps.db, orgId)), outbox: await outboxStats(deps.db, orgId) }, 200);
    },
  );
}
