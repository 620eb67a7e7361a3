// A small JSON-lines logger. Fields whose names look secret are dropped and long digit runs (bank/ID numbers) masked.
// A line written while a request is handled carries its `requestId` (src/request-context.ts), however deep the caller.
import { currentRequestId } from './request-context.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /secret|token|password|authorization|api[-_]?key|signature|encrypt/i;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Redacts secrets by key name and masks runs of 9+ digits to their last four. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return value.replace(/\d{5,}(\d{4})/g, (_m, last: string) => `****${last}`);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  return value;
}

export function createLogger(level: Level = 'info', write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Logger {
  const at = (lvl: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    // Not redacted: an id is for finding the lines of one request, and masking its digits would break that.
    const requestId = currentRequestId();
    write(JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...(requestId === undefined ? {} : { requestId }), ...(fields ? (redact(fields) as object) : {}) }));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
