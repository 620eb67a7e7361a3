// `Idempotency-Key` on every state-changing call (Stripe's model): the first call with a key runs and its answer is
// kept; a retry with the same key and the same request gets that answer again, marked `Idempotent-Replayed: true`;
// the same key with a different request is refused with 422 IDEMPOTENCY.MISMATCH; a retry while the first is still
// running gets 409. An answer of 5xx is not kept, so the retry runs again. Routes that keep keys inside their own
// transaction (approval actions) are left to do so.
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../../db/database.js';
import { forgetRequest, rememberRequest, saveRequestResponse } from '../../db/repos/processed.js';
import { idempotencyMismatch, requestHashOf } from '../usecases/idempotency.js';
import type { AppEnv } from './context.js';
import { errorResponse } from './errors.js';

const SCOPE = 'api-key';
const MAX_KEY = 200;

/** Paths that handle their own key (in the same statement as the change they make). */
const OWN_KEYS = [/^\/api\/v1\/approvals\/[^/]+\/actions$/];

interface Kept {
  status: number;
  body: unknown;
}

export function idempotencyKeys(db: Db): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined || c.req.method === 'GET' || c.req.method === 'HEAD' || OWN_KEYS.some((r) => r.test(c.req.path))) return next();
    if (key.length === 0 || key.length > MAX_KEY || !/^[\x21-\x7e]+$/.test(key))
      return errorResponse(c, { code: 'REQUEST.INVALID', message: `Idempotency-Key: 1 to ${MAX_KEY} printable ASCII characters` });
    const orgId = c.get('principal').orgId;
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const hash = requestHashOf({ method: c.req.method, path: c.req.path, query: c.req.query(), body: Buffer.from(raw).toString('base64') });
    const seen = await rememberRequest(db, orgId, SCOPE, key, hash);
    if (!seen.first) {
      if (seen.requestHash !== hash) return errorResponse(c, idempotencyMismatch(key));
      if (!seen.response) return errorResponse(c, { code: 'CONFLICT.DUPLICATE', message: `a request with Idempotency-Key ${key} is still being processed; retry shortly` });
      const kept = seen.response as Kept;
      const body = kept.body && typeof kept.body === 'object' && 'replayed' in kept.body ? { ...kept.body, replayed: true } : kept.body;
      c.header('idempotent-replayed', 'true');
      return c.json(body as object, kept.status as 200);
    }
    try {
      await next();
    } catch (e) {
      await forgetRequest(db, orgId, SCOPE, key);
      throw e;
    }
    if (c.res.status >= 500) {
      await forgetRequest(db, orgId, SCOPE, key);
      return;
    }
    const text = await c.res.clone().text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text
    }
    await saveRequestResponse(db, orgId, SCOPE, key, { status: c.res.status, body } satisfies Kept);
  };
}
