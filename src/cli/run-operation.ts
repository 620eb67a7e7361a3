// How a CLI runs one operation (src/control/operations.ts): through the running service's control socket when the
// service owns the embedded database, else directly on the database (PostgreSQL, or the embedded one after taking
// the DATA_DIR lock). Either way the same operation code runs and the CLI prints the same thing.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Result } from '../../domain/shared/index.js';
import type { Config } from '../config.js';
import { callControl, controlSocketPath, type ControlTransportError } from '../control/control-client.js';
import { runOperation, type OperationError, type OperationInput, type OperationName, type OperationOutput } from '../control/operations.js';
import { liveLockHolder, type LockHolder } from '../data-dir-lock.js';
import { randomIds, systemClock } from '../runtime.js';
import { openCliDatabase } from './open-database.js';

// A first start migrates and seeds before the socket is up; this covers a slow machine.
const STARTING_WAIT_MS = 90_000;

export type CliOperationError = OperationError | ControlTransportError;

/** The service holding the embedded database of `config`, if one runs (never with PostgreSQL, where many may). */
export function runningService(config: Config): LockHolder | undefined {
  if (config.DATABASE_URL || config.DATA_DIR.startsWith('memory://')) return undefined;
  const holder = liveLockHolder(config.DATA_DIR);
  return holder?.role === 'server' ? holder : undefined;
}

/** Runs operation `name` for CLI `role`; exits 2 with the reason when the embedded database is busy or unreachable. */
export async function cliOperation<N extends OperationName>(config: Config, role: string, name: N, input: OperationInput<N>): Promise<Result<OperationOutput<N>, CliOperationError>> {
  const service = runningService(config);
  if (service) {
    const r = await throughService(config.DATA_DIR, role, service, name, input);
    // The service stopped between our look and our call: the database is free, so run directly below.
    if (r.ok || r.error.code !== 'CONTROL.UNREACHABLE' || runningService(config)) return r;
  }
  const database = await openCliDatabase(config, role);
  try {
    return await runOperation({ db: database.db, clock: systemClock, ids: randomIds, actor: `cli:${userInfo().username}` }, name, input);
  } finally {
    await database.close();
  }
}

async function throughService<N extends OperationName>(dataDir: string, role: string, service: LockHolder, name: N, input: OperationInput<N>) {
  const socket = controlSocketPath(dataDir);
  if (!socket.ok) refuse(role, `the embedded database in ${dataDir} is in use by the running service (pid ${service.pid}), and ${socket.error}`);
  // The service takes the lock before it opens the database and listens on the socket once it is ready.
  const until = Date.now() + STARTING_WAIT_MS;
  for (let told = false; !existsSync(socket.value); told = true) {
    if (!liveLockHolder(dataDir)) break;
    if (Date.now() > until) refuse(role, `the running service (pid ${service.pid}) has no control socket at ${socket.value}; restart it, or stop it and run the command again`);
    if (!told) process.stderr.write(`${role}: waiting for the service (pid ${service.pid}) to finish starting…\n`);
    await sleep(250);
  }
  return callControl(socket.value, name, input);
}

function refuse(role: string, message: string): never {
  process.stderr.write(`${role}: ${message}\n`);
  process.exit(2);
}

/**
 * Prints a failed operation as `<role>: <message>` and exits: 2 for what the command asked (a bad argument, a missing
 * organisation, an id taken), 1 when the service could not be reached or failed inside.
 */
export function exitWithError(role: string, error: CliOperationError): never {
  process.stderr.write(`${role}: ${error.message}\n`);
  process.exit(error.code === 'INTERNAL' || error.code.startsWith('CONTROL.') ? 1 : 2);
}
