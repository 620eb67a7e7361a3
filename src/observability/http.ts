// The HTTP side of observability: a middleware that counts and times each request by its matched route pattern and
// makes its server span, and GET /metrics for Prometheus behind METRICS_TOKEN.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler, Env } from 'hono';
import { matchedRoutes } from 'hono/route';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { errorResponse } from '../api/errors.js';
import type { Metrics } from './metrics.js';
import { activeTracer, contextOfTraceParent, failSpan } from './tracing.js';

/**
 * The route pattern that answered (`/api/v1/approvals/:id/actions`), never the path with its ids. A request no route
 * matched (answered by the not-found handler) is `unmatched`; one answered by a middleware (401, 413) is that
 * middleware's pattern (`/api/v1/*`).
 */
export function routeLabel(c: Context): string {
  const routes = matchedRoutes(c);
  const r = routes[c.req.routeIndex];
  if (!r) return 'unmatched';
  if (c.res.status === 404 && r.method === 'ALL' && r.path.endsWith('*')) return 'unmatched';
  return r.path;
}

/**
 * Counts, times and traces every request. Returns undefined when neither metrics nor tracing is on, so the app adds
 * no middleware at all.
 */
export function observeRequests<E extends Env>(metrics: Metrics | undefined): MiddlewareHandler<E> | undefined {
  if (!metrics && !activeTracer()) return undefined;
  const record = (c: Context, started: number) => {
    if (!metrics) return;
    const route = routeLabel(c);
    const method = c.req.method;
    metrics.httpRequests.inc({ method, route, status: String(c.res.status) });
    metrics.httpDuration.observe({ method, route }, (performance.now() - started) / 1000);
  };
  return async (c, next) => {
    const started = performance.now();
    const tracer = activeTracer();
    if (!tracer) {
      await next();
      record(c, started);
      return;
    }
    // The caller's trace, when it sent a W3C traceparent; a new trace otherwise.
    const parent = contextOfTraceParent(c.req.header('traceparent'));
    const method = c.req.method;
    await tracer.startActiveSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': c.req.path } }, parent, async (span) => {
      try {
        await next();
        const route = routeLabel(c);
        span.updateName(`${method} ${route}`);
        span.setAttribute('http.route', route);
        span.setAttribute('http.response.status_code', c.res.status);
        if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      } catch (e) {
        failSpan(span, e);
        throw e;
      } finally {
        span.end();
        record(c, started);
      }
    });
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** True when `header` is `Bearer <token>`, compared in constant time (both sides hashed to the same length first). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return timingSafeEqual(digest(m?.[1]?.trim() ?? ''), digest(token)) && m !== null;
}

/**
 * GET /metrics in the Prometheus text format, answered only with `Authorization: Bearer <token>` (401 otherwise, with
 * no hint of what is exposed). Without a token the route is not mounted and answers 404 like any unknown path.
 */
export function registerMetricsRoute<E extends Env>(app: Hono<E>, metrics: Metrics, token: string): void {
  app.get('/metrics', async (c) => {
    if (!bearerMatches(c.req.header('authorization'), token)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return errorResponse(c, { code: 'AUTH.UNAUTHENTICATED', message: 'send Authorization: Bearer <METRICS_TOKEN>' });
    }
    const { body, contentType } = await metrics.render();
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  });
}
