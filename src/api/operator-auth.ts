// Authentication for the platform-operator routes: one shared OPERATOR_KEY, separate from organisations' API keys.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { actingVia } from '../../db/acting.js';
import type { AppEnv } from './context.js';
import { errorResponse } from './errors.js';

/** Where the operator routes live; the organisations' API-key middleware leaves these paths alone. */
export const OPERATOR_PREFIX = '/api/v1/operator';

/** True for a path under the operator prefix (exact segment, so `/api/v1/operators` is not one). */
export const isOperatorPath = (path: string): boolean => path === OPERATOR_PREFIX || path.startsWith(`${OPERATOR_PREFIX}/`);

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Accepts `Authorization: Bearer <OPERATOR_KEY>` only. Both sides are hashed before the constant-time compare, so
 * neither the length nor a prefix of the key leaks through timing. An organisation's `sk_…` key is just a wrong key.
 */
export function operatorAuth(operatorKey: string): MiddlewareHandler<AppEnv> {
  const want = digest(operatorKey);
  return async (c, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    if (!m) return errorResponse(c, { code: 'AUTH.UNAUTHENTICATED', message: 'send the operator key as "Authorization: Bearer <key>"' });
    if (!timingSafeEqual(digest(m[1]!), want)) return errorResponse(c, { code: 'AUTH.UNAUTHENTICATED', message: 'wrong operator key' });
    // Audit rows written while answering name the operator key as the credential.
    await actingVia('operator-key', next);
  };
}
