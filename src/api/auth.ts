// API-key authentication (Bearer) and per-route scope checks. Keys are looked up by hash with a short cache.
import type { MiddlewareHandler } from 'hono';
import { findApiKey, type ApiPrincipal, type ApiScope } from '../../db/repos/api-keys.js';
import type { Db } from '../../db/database.js';
import { actingVia } from '../../db/acting.js';
import type { AppEnv } from './context.js';
import { errorResponse } from './errors.js';

const CACHE_MS = 30_000;

/** Authenticates `Authorization: Bearer sk_…`; a revoked key stops working within CACHE_MS on every instance. */
export function apiKeyAuth(db: Db): MiddlewareHandler<AppEnv> {
  const cache = new Map<string, { p: ApiPrincipal | undefined; until: number }>();
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return errorResponse(c, { code: 'AUTH.UNAUTHENTICATED', message: 'send an API key as "Authorization: Bearer <key>"' });
    const key = m[1]!;
    let hit = cache.get(key);
    if (!hit || hit.until < Date.now()) {
      hit = { p: await findApiKey(db, key), until: Date.now() + CACHE_MS };
      if (cache.size > 10_000) cache.clear();
      cache.set(key, hit);
    }
    if (!hit.p) return errorResponse(c, { code: 'AUTH.UNAUTHENTICATED', message: 'unknown or revoked API key' });
    c.set('principal', hit.p);
    // Every audit row written while answering names this key as the credential.
    await actingVia(`apikey:${hit.p.keyId}`, next);
  };
}

/** Refuses the request unless the key has `scope`. */
export function requireScope(scope: ApiScope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const p = c.get('principal');
    if (!p?.scopes.includes(scope)) return errorResponse(c, { code: 'AUTH.FORBIDDEN', message: `this API key lacks the scope ${scope}` });
    await next();
  };
}
