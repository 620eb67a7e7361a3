// POST /supplier/callbacks: the travel supplier's signed order callbacks. The signature is checked over the raw body
// before anything is parsed; an unknown order is 404 (the supplier stops retrying), a repeat gets the first answer.
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../api/context.js';
import { errorBody, errorResponse } from '../../api/errors.js';
import { applySupplierCallback } from '../../usecases/travel/supplier-callback.js';
import { actingVia } from '../../../db/acting.js';
import { verifyCallback } from './supplier-signing.js';

export interface CallbackRouteOptions {
  secret: string;
  supplierName: string;
}

export function registerSupplierCallbacks(app: Hono<AppEnv>, deps: AppDeps, opts: CallbackRouteOptions): void {
  app.post('/supplier/callbacks', async (c) => {
    const raw = await c.req.text();
    const headers = Object.fromEntries([...c.req.raw.headers.entries()].map(([k, v]) => [k.toLowerCase(), v]));
    const verified = verifyCallback(opts.secret, headers, raw, deps.clock.now().getTime());
    if (!verified.ok) {
      deps.log.warn('supplier callback refused', { code: verified.code });
      return c.json(errorBody(`SUPPLIER.${verified.code}`, verified.message), verified.status);
    }
    // Audit rows name the supplier's signing secret as the credential the change came through.
    const r = await actingVia(`supplier:${opts.supplierName}`, () => applySupplierCallback(deps, opts.supplierName, verified.callback));
    if (!r.ok) return errorResponse(c, r.error);
    deps.kickOutbox?.();
    return c.json(r.value, 200);
  });
}
