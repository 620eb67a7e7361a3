// The service side of the control socket: while the service owns the embedded database, the CLIs (npm run org,
// api-key, audit:verify) send their commands here instead of opening the database a second time, which PGlite cannot
// survive. A Unix socket in DATA_DIR, mode 0600: only the user who runs the service can connect, nothing on TCP.
import { createAdaptorServer } from '@hono/node-server';
import { chmodSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { userInfo } from 'node:os';
import type { Db } from '../../db/database.js';
import type { Clock, IdGenerator } from '../../domain/shared/index.js';
import type { Logger } from '../log.js';
import { createControlApp } from './control-app.js';
import { controlSocketPath } from './control-client.js';

export interface ControlSocket {
  readonly path: string;
  /** Stops listening and removes the socket file. */
  close(): void;
}

/**
 * Listens on DATA_DIR/spendbot.sock. Call it only while holding the DATA_DIR lock: a socket file found there is then
 * a leftover of a service that died, and is replaced. Resolves undefined (with a warning) when no socket can be made,
 * so the service still starts; the CLIs then say why they cannot reach it.
 */
export async function startControlSocket(deps: { db: Db; clock: Clock; ids: IdGenerator; log: Logger }, dataDir: string): Promise<ControlSocket | undefined> {
  const where = controlSocketPath(dataDir);
  if (!where.ok) {
    deps.log.warn('no control socket: the CLIs cannot run while the service does', { reason: where.error });
    return undefined;
  }
  const file = where.value;
  rmSync(file, { force: true });
  // The CLIs connect as the user who started them; the audit rows name the user the service runs as, which is the
  // only user the socket's permissions let in (or root).
  const app = createControlApp({ db: deps.db, clock: deps.clock, ids: deps.ids, actor: `cli:${userInfo().username}` }, deps.log);
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  // The umask covers the moment between bind() and chmod(), so the socket is never reachable by others. bind() runs
  // synchronously inside listen() for a path, so the umask is restored before anything else can create a file.
  const umask = process.umask(0o177);
  let listening: Promise<void>;
  try {
    listening = new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(umask);
  }
  try {
    await listening;
  } catch (e) {
    deps.log.warn('no control socket: the CLIs cannot run while the service does', { path: file, reason: (e as Error).message });
    return undefined;
  }
  server.on('error', (e) => deps.log.error('control socket failed', { path: file, error: e.message }));
  chmodSync(file, 0o600);
  deps.log.info('control socket', { path: file });
  let closed = false;
  return {
    path: file,
    close() {
      if (closed) return;
      closed = true;
      server.close();
      rmSync(file, { force: true });
    },
  };
}
