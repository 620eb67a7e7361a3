// The local control app served on the control socket: `POST /ops/<operation>` with a JSON body runs one CLI operation
// (operations.ts) inside the service that owns the embedded database. It is never mounted on TCP; the socket file's
// permissions (0600, in DATA_DIR) are the authentication.
import { Hono } from 'hono';
import { statusOf } from '../api/errors.js';
import type { Logger } from '../log.js';
import { isOperationName, runOperation, type ControlDeps, type OperationError } from './operations.js';

/** The body of every control answer: `{ value }` on success, `{ error: { code, message } }` otherwise. */
export type ControlReply = { value: unknown } | { error: OperationError };

/** Builds the control app over the service's dependencies; `deps.actor` names who runs commands in audit rows. */
export function createControlApp(deps: ControlDeps, log: Logger): Hono {
  const app = new Hono();
  const fail = (error: OperationError) => Response.json({ error } satisfies ControlReply, { status: statusOf(error.code) });
  app.post('/ops/:name', async (c) => {
    const name = c.req.param('name');
    if (!isOperationName(name)) return fail({ code: 'ROUTE.NOT_FOUND', message: `no control operation ${name}` });
    let input: unknown;
    try {
      input = await c.req.json();
    } catch {
      return fail({ code: 'REQUEST.MALFORMED_JSON', message: 'send the operation input as a JSON object' });
    }
    const r = await runOperation(deps, name, input);
    return r.ok ? c.json({ value: r.value } satisfies ControlReply, 200) : fail(r.error);
  });
  app.notFound(() => fail({ code: 'ROUTE.NOT_FOUND', message: 'use POST /ops/<operation>' }));
  app.onError((e, c) => {
    log.error('control operation failed', { path: c.req.path, error: e.message });
    return fail({ code: 'INTERNAL', message: 'the operation failed inside the service; see its log' });
  });
  return app;
}
