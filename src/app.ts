// Composition: the Hono app with health, the REST API, OpenAPI document and docs page. Entries (server, worker) call createApp.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { VersionConflict } from './usecases/unit-of-work.js';
import { apiKeyAuth } from './api/auth.js';
import { idempotencyKeys } from './api/idempotency.js';
import { bodyGuard } from './api/body-guard.js';
import { addOperationIds } from './api/openapi-ids.js';
import { newApi, type AppDeps, type AppEnv } from './api/context.js';
import { errorResponse } from './api/errors.js';
import { registerApiRoutes } from './api/routes.js';
import { isOperatorPath } from './api/operator-auth.js';
import { registerOperatorRoutes } from './api/operator.routes.js';
import { docsPage } from './api/docs-page.js';
import { registerHealth } from './api/health.routes.js';
import { consoleEnabled, publicUrlOf } from './config.js';
import { registerGatePages } from './web/gate/routes.js';
import { registerVisitorPages } from './web/visitor/routes.js';
import { registerConsole } from './web/console.js';
import { registerFrontDoor } from './web/front-door.js';
import { registerFinancePages } from './web/finance/routes.js';
import { registerFeishu } from './channels/feishu.js';
import { registerSlack } from './channels/slack.js';
import { registerSlackOAuth, slackClients, slackInstaller, slackSingleClient } from './channels/slack-oauth.js';
import { registerDingTalkHttp } from './channels/dingtalk.js';
import { registerSupplierCallbacks } from './integrations/travel/callback-route.js';
import { SUPPLIER_NAME } from './usecases/lifecycle/topics.js';
import { observeRequests, registerMetricsRoute } from './observability/http.js';
import { REQUEST_ID_HEADER, requestIdFrom, withRequestId } from './request-context.js';

export type { AppDeps } from './api/context.js';

/** Builds the HTTP application. `extra` lets the Node entry add routes that need the file system (docs assets). */
export function createApp(deps: AppDeps, extra?: (app: Hono<AppEnv>) => void): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Metrics (with METRICS_TOKEN) and the request's server span (with tracing on) come first, so every answer counts.
  // The entry makes the metrics (src/observability/start.ts), so prom-client, a Node library, stays out of the Workers
  // bundle; /metrics is served where the entry made them and METRICS_TOKEN is set.
  const metrics = deps.config.METRICS_TOKEN ? deps.metrics : undefined;
  const observe = observeRequests<AppEnv>(metrics);
  if (observe) app.use('*', observe);
  if (metrics && deps.config.METRICS_TOKEN) registerMetricsRoute(app, metrics, deps.config.METRICS_TOKEN);

  // First, so everything after it (the body limit, authentication, routes, onError) runs inside the request's id.
  app.use('*', async (c, next) => {
    const id = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    // Before the handler: Hono puts it on the response it builds. Set afterwards it would copy every finished response
    // (new Response(body, res)), which cost a quarter of the approval path's throughput.
    c.header(REQUEST_ID_HEADER, id);
    await withRequestId(id, next);
    if (!c.res.headers.has(REQUEST_ID_HEADER)) c.header(REQUEST_ID_HEADER, id); // a Response built by hand
  });

  const maxSize = deps.config.BODY_LIMIT_BYTES;
  const tooLarge = (c: Context) => errorResponse(c, { code: 'REQUEST.TOO_LARGE', message: `request body is larger than ${maxSize} bytes` });
  const streamLimit = bodyLimit({ maxSize, onError: tooLarge });
  app.use('*', (c, next) => {
    // Decide from the headers when they suffice: Hono's bodyLimit reads `c.req.raw.body`, which makes the Node adapter
    // build a full web Request with a stream for every call (a fifth of the service's CPU on the approval path).
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) return Number(length) > maxSize ? Promise.resolve(tooLarge(c)) : next();
    return streamLimit(c, next); // chunked bodies are counted as they stream
  });

  registerHealth(app, deps);

  const api = newApi();
  api.use('/api/v1/*', async (c, next) => {
    // Raw bodies where the content is a file: a card feed CSV, a receipt (the route checks the type it accepts).
    const raw = (c.req.path === '/api/v1/card-feeds/csv' && c.req.method === 'POST') || /^\/api\/v1\/expense-lines\/[^/]+\/receipts$/.test(c.req.path);
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method) && !raw) {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/json\s*(;|$)/i.test(type))
        return errorResponse(c, { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', message: 'send the body as application/json' });
    }
    await next();
  });
  const orgKeyAuth = apiKeyAuth(deps.db);
  const orgIdempotency = idempotencyKeys(deps.db);
  // The operator routes check their own key (operator-auth.ts): an organisation's key must not get past them, nor the
  // operator key into an organisation's routes. Idempotency keys are kept per organisation (the caller's key), which an
  // operator call has none of; creating the same organisation twice answers 409 anyway.
  api.use('/api/v1/*', (c, next) => (isOperatorPath(c.req.path) ? next() : orgKeyAuth(c, next)));
  api.use('/api/v1/*', bodyGuard({ maxDepth: deps.config.JSON_MAX_DEPTH, ...(deps.config.MAX_AMOUNT_MINOR ? { ceilings: deps.config.MAX_AMOUNT_MINOR } : {}) }));
  api.use('/api/v1/*', (c, next) => (isOperatorPath(c.req.path) ? next() : orgIdempotency(c, next)));
  registerOperatorRoutes(api, deps);
  api.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'An API key: sk_…' });
  registerApiRoutes(api, deps);
  addOperationIds(api);
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    servers: [{ url: deps.config.PUBLIC_URL ?? '/', description: deps.config.PUBLIC_URL ? 'This deployment' : 'This server (relative to where the document was fetched)' }],
    info: {
      title: 'Spendbot API',
      version: '1.0.0',
      // OpenAPI 3.1 names a licence by SPDX identifier; the generator's types only know 3.0's url.
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' } as { name: string },
      description:
        'Integration API for OA/ERP systems and travel suppliers: organisation sync, approval flows, budgets, requests, approvals and signed webhooks. Errors are `{ error: { code, message, details?, requestId } }`; `requestId` is the `X-Request-Id` sent (printable, at most 128 characters) or one generated, echoed in the `X-Request-Id` header of every answer.',
    },
    security: [{ apiKey: [] }],
  });
  app.route('/', api);
  app.get('/docs', (c) => c.html(docsPage('/openapi.json')));
  registerFrontDoor(app, { console: Boolean(deps.parser && consoleEnabled(deps.config)) });
  if (deps.parser && consoleEnabled(deps.config)) {
    registerConsole(app, { ...deps, parser: deps.parser, orgId: deps.config.CONSOLE_ORG });
  }
  // Finance pages: reached only through a one-time signed link (web/finance/link.ts), so always mounted.
  registerFinancePages(app, deps);
  // Reception: the visitor's invitation page (public, by its signed code) and the guard's gate page (one-time link).
  registerVisitorPages(app, { ...deps, publicUrl: publicUrlOf(deps.config), graceMinutes: deps.config.INVITATION_GRACE_MINUTES });
  registerGatePages(app, deps);
  const c = deps.config;
  // Unknown senders are looked up on the platform (email/mobile) by the outbox's chat.link, never on the callback path.
  if (deps.parser && c.FEISHU_APP_ID && c.FEISHU_MODE === 'webhook') {
    registerFeishu(app, { ...deps, parser: deps.parser, orgId: c.FEISHU_ORG, autoLink: true }, {
      ...(c.FEISHU_ENCRYPT_KEY ? { encryptKey: c.FEISHU_ENCRYPT_KEY } : {}),
      ...(c.FEISHU_VERIFICATION_TOKEN ? { verificationToken: c.FEISHU_VERIFICATION_TOKEN } : {}),
    });
  }
  if (deps.parser && c.DINGTALK_CLIENT_ID && c.DINGTALK_CLIENT_SECRET && c.DINGTALK_MODE === 'http') {
    registerDingTalkHttp(app, { ...deps, parser: deps.parser, orgId: c.DINGTALK_ORG, autoLink: true }, { clientId: c.DINGTALK_CLIENT_ID, clientSecret: c.DINGTALK_CLIENT_SECRET, apiUrl: c.DINGTALK_API_URL, mode: 'http' });
  }
  if (deps.parser && (c.SLACK_BOT_TOKEN || c.SLACK_CLIENT_ID)) {
    // OAuth installs (many workspaces, each its own token) when SLACK_CLIENT_ID is set; SLACK_BOT_TOKEN alone is one workspace.
    const oauth = c.SLACK_CLIENT_ID && c.SLACK_CLIENT_SECRET && c.SLACK_STATE_SECRET
      ? { clientId: c.SLACK_CLIENT_ID, clientSecret: c.SLACK_CLIENT_SECRET, stateSecret: c.SLACK_STATE_SECRET, apiUrl: c.SLACK_API_URL, ...(c.PUBLIC_URL ? { publicUrl: c.PUBLIC_URL } : {}) }
      : undefined;
    const installer = oauth && slackInstaller(deps, oauth);
    if (oauth && installer) registerSlackOAuth(app, deps, oauth, installer);
    const clients = c.SLACK_CLIENT_ID ? slackClients(deps, c.SLACK_API_URL, c.SLACK_BOT_TOKEN) : slackSingleClient(c.SLACK_BOT_TOKEN!, c.SLACK_API_URL);
    const slack = registerSlack(app, { ...deps, parser: deps.parser, orgId: c.SLACK_ORG, autoLink: true }, {
      clients,
      apiUrl: c.SLACK_API_URL,
      ...(c.SLACK_SIGNING_SECRET ? { signingSecret: c.SLACK_SIGNING_SECRET } : {}),
      ...(c.SLACK_APP_TOKEN ? { appToken: c.SLACK_APP_TOKEN } : {}),
    });
    // Socket Mode's WebSocket is closed when the instance stops, so Slack sends the next envelopes to another one.
    deps.onStop?.(slack.stop);
  }
  if (c.TRAVEL_SUPPLIER_CALLBACK_SECRET) registerSupplierCallbacks(app, deps, { secret: c.TRAVEL_SUPPLIER_CALLBACK_SECRET, supplierName: SUPPLIER_NAME });
  extra?.(app);

  app.notFound((c) => errorResponse(c, { code: 'ROUTE.NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` }));
  /** How long a caller should wait before retrying while the database is away. */
  const RETRY_AFTER_S = 5;
  app.onError((e, c) => {
    if (e instanceof HTTPException) {
      if (e.status === 400 && /json/i.test(e.message)) return errorResponse(c, { code: 'REQUEST.MALFORMED_JSON', message: 'the request body is not valid JSON' });
      return errorResponse(c, { code: e.status === 413 ? 'REQUEST.TOO_LARGE' : 'REQUEST.INVALID', message: e.message });
    }
    // The database away for a moment (a dropped connection, a restart): the caller should retry, nothing is lost.
    if (isDatabaseUnavailable(e)) {
      deps.log.warn('database unavailable', { path: c.req.path, error: e });
      c.header('Retry-After', String(RETRY_AFTER_S));
      return errorResponse(c, { code: 'SERVICE.UNAVAILABLE', message: 'the database is unavailable for a moment; retry shortly' });
    }
    // Optimistic concurrency that lost every retry: the caller's change did not happen and may be sent again.
    if (e instanceof VersionConflict) return errorResponse(c, { code: 'CONFLICT.VERSION', message: 'someone changed this at the same moment; retry' });
    deps.log.error('unhandled error', { path: c.req.path, error: e });
    return errorResponse(c, { code: 'INTERNAL', message: 'internal error; it has been logged' });
  });
  return app;
}
