// The CLI side of the control socket: where the socket lives and how a command is sent through it. Plain node:http
// over the Unix socket, so a CLI loads neither Hono nor the database driver to talk to the service.
import { request } from 'node:http';
import path from 'node:path';
import { err, ok, type Result } from '../../domain/shared/index.js';
import type { ErrorCode } from '../api/errors.js';
import type { OperationError, OperationInput, OperationName, OperationOutput } from './operations.js';

export const CONTROL_SOCKET = 'spendbot.sock';

// sun_path holds 108 bytes on Linux (104 on macOS) including the terminating NUL; longer paths cannot be bound.
const MAX_SOCKET_PATH = 103;

/** The control socket of the service that owns `dataDir`, or why there cannot be one (a path too long for a socket). */
export function controlSocketPath(dataDir: string): Result<string, string> {
  const file = path.join(dataDir, CONTROL_SOCKET);
  if (Buffer.byteLength(file) > MAX_SOCKET_PATH) return err(`the control socket path ${file} is longer than ${MAX_SOCKET_PATH} bytes, which Unix sockets do not allow; use a shorter DATA_DIR`);
  return ok(file);
}

/** Transport failures, apart from the operation's own errors: the service went away or answered something else. */
export type ControlTransportError = { code: 'CONTROL.UNREACHABLE' | 'CONTROL.BAD_REPLY'; message: string };

/** Sends one operation to the service listening on `socket` and returns its result (or the transport failure). */
export function callControl<N extends OperationName>(socket: string, name: N, input: OperationInput<N>, timeoutMs = 120_000): Promise<Result<OperationOutput<N>, OperationError | ControlTransportError>> {
  const body = JSON.stringify(input);
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, method: 'POST', path: `/ops/${encodeURIComponent(name)}`, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('error', (e) => resolve(err({ code: 'CONTROL.UNREACHABLE', message: e.message })));
      res.on('end', () => {
        let reply: { value?: OperationOutput<N>; error?: { code?: unknown; message?: unknown } };
        try {
          reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof reply;
        } catch {
          return resolve(err({ code: 'CONTROL.BAD_REPLY', message: `the service answered HTTP ${res.statusCode} without JSON` }));
        }
        if (res.statusCode === 200 && 'value' in reply) return resolve(ok(reply.value as OperationOutput<N>));
        const e = reply.error;
        if (typeof e?.code === 'string' && typeof e.message === 'string') return resolve(err({ code: e.code as ErrorCode, message: e.message }));
        resolve(err({ code: 'CONTROL.BAD_REPLY', message: `the service answered HTTP ${res.statusCode} without an error body` }));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', (e) => resolve(err({ code: 'CONTROL.UNREACHABLE', message: e.message })));
    req.end(body);
  });
}
