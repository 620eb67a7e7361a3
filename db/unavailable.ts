// Telling "the database is not there right now" apart from a bug: a refused or dropped connection, a terminated
// backend, a server shutting down or not yet accepting connections. Such a failure answers 503 with Retry-After, not
// 500, and is retried by workers on their next pass.
/** Node socket errors that mean the database could not be reached or the connection broke. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * SQLSTATEs of a database that is away: class 08 (connection exception), 57P01 admin_shutdown (pg_terminate_backend),
 * 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections.
 */
const SQLSTATE = new Set(['57P01', '57P02', '57P03', '53300']);
/** What node-postgres says when the socket ends under it or a pool cannot hand out a client in time. */
const MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /not queryable/i, /terminating connection due to administrator command/i, /the database system is (starting up|shutting down)/i];

/** True when `e` (or an error it wraps, as drizzle's query errors do) says the database is unreachable. */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (let cur = e, depth = 0; cur && typeof cur === 'object' && depth < 8; cur = (cur as { cause?: unknown }).cause, depth++) {
    const { code, message } = cur as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK.has(code) || SQLSTATE.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && MESSAGES.some((re) => re.test(message))) return true;
  }
  return false;
}
