// POSTs to a guarded outbound URL: the address is re-checked when the socket connects (no DNS rebinding between check
// and connect), redirects are never followed, and the outcome is reduced to a status class a caller may see.
import type { LookupFunction } from 'node:net';
import type { Agent as HttpAgent } from 'node:http';
import { checkResolved, checkUrlShape, type OutboundPolicy, type OutboundRefusal } from './url-guard.js';
import { systemResolver, type Resolver } from './resolver.js';

/**
 * `node` (default): node:http/https with a lookup that refuses internal addresses at connect time.
 * `fetch`: global fetch with `redirect: 'manual'` and literal-IP checks only, for Cloudflare Workers, where node:http's
 * `lookup` option has no effect and Cloudflare's egress cannot reach private networks anyway.
 */
export type OutboundTransport = 'node' | 'fetch';

/** What an instance injects: tests a resolver that maps any name to loopback; the Workers entry the fetch transport. */
export interface OutboundDeps {
  resolve?: Resolver;
  transport?: OutboundTransport;
}

export interface OutboundPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/**
 * What happened, in words safe to store and show: the remote's body and error text are never kept, only the status
 * class ("HTTP 5xx"), "timeout", "connection failed" or the refusal. `permanent` means retrying cannot help.
 */
export type OutboundOutcome = { ok: true; status: number } | { ok: false; permanent: boolean; reason: string };

/** Thrown from the connection's lookup when a resolved address is internal; carries the refusal. */
export class RefusedAddress extends Error {
  constructor(readonly refusal: OutboundRefusal) {
    super(refusal.message);
  }
}

/** The short reason stored for a refusal, e.g. "refused: internal address (loopback)". */
export function refusalReason(r: OutboundRefusal): string {
  if (r.rule === 'internal') return `refused: internal address (${r.range ?? 'internal'})`;
  if (r.rule === 'not-https') return 'refused: not https';
  if (r.rule === 'credentials') return 'refused: credentials in URL';
  if (r.rule === 'unresolvable') return 'refused: name does not resolve';
  return 'refused: invalid URL';
}

function statusOutcome(status: number): OutboundOutcome {
  if (status >= 200 && status < 300) return { ok: true, status };
  if (status >= 300 && status < 400) return { ok: false, permanent: false, reason: 'HTTP 3xx (redirects are not followed)' };
  return { ok: false, permanent: false, reason: `HTTP ${Math.floor(status / 100)}xx` };
}

/** A node:net lookup that resolves with the policy's resolver and fails the connection if any address is internal. */
export function guardedLookup(policy: OutboundPolicy, check = true): LookupFunction {
  const resolve = policy.resolve ?? systemResolver;
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const addresses = (found ?? []).filter((a) => family === undefined || a.family === family);
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }), '', 4);
        const refused = check ? checkResolved(hostname, addresses) : undefined;
        if (refused) return callback(new RefusedAddress(refused), '', 4);
        // Node 20 asks for every address (autoSelectFamily); older callers want the first one.
        if (options.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (e: unknown) => callback(Object.assign(new Error(`${hostname} does not resolve`), { code: (e as { code?: string }).code ?? 'ENOTFOUND' }), '', 4),
    );
  };
}

const agents = new Map<string, HttpAgent>();

async function postWithNode(url: URL, req: OutboundPost, policy: OutboundPolicy, check: boolean): Promise<OutboundOutcome> {
  const mod = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  // One keep-alive agent per scheme: pooled sockets were checked when they connected.
  let agent = agents.get(url.protocol);
  if (!agent) agents.set(url.protocol, (agent = new mod.Agent({ keepAlive: true })));
  const signal = AbortSignal.timeout(req.timeoutMs);
  const attempt = (fresh: boolean) =>
    new Promise<OutboundOutcome>((resolve) => {
      const r = mod.request(
        url,
        // A retry takes a new connection (agent: false) rather than another pooled socket that may be just as stale.
        { method: 'POST', agent: fresh ? false : agent, signal, lookup: guardedLookup(policy, check), headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) } },
        (res) => {
          res.resume(); // the body is never read: nothing of the remote's answer beyond its status reaches us
          resolve(statusOutcome(res.statusCode ?? 0));
        },
      );
      r.on('error', (e) => {
        if (e instanceof RefusedAddress) resolve({ ok: false, permanent: true, reason: refusalReason(e.refusal) });
        else if (signal.aborted) resolve({ ok: false, permanent: false, reason: 'timeout' });
        // A pooled socket the server closed while idle (its keep-alive timeout, 5 s on Node) resets as soon as it is
        // reused, before any answer: the request never reached the receiver, so it goes once more on a new connection,
        // as Node's documentation advises. The receiver dedupes by Idempotency-Key in any case.
        else if (!fresh && r.reusedSocket && (e as NodeJS.ErrnoException).code === 'ECONNRESET') resolve(attempt(true));
        else resolve({ ok: false, permanent: false, reason: 'connection failed' });
      });
      r.end(req.body);
    });
  return attempt(false);
}

async function postWithFetch(url: URL, req: OutboundPost): Promise<OutboundOutcome> {
  const signal = AbortSignal.timeout(req.timeoutMs);
  try {
    const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body, redirect: 'manual', signal });
    await res.body?.cancel().catch(() => undefined);
    return statusOutcome(res.status);
  } catch {
    return { ok: false, permanent: false, reason: signal.aborted ? 'timeout' : 'connection failed' };
  }
}

/**
 * POSTs `req.body` to `req.url` under `policy`. A URL or address the policy refuses is a permanent failure; an
 * allow-listed host skips the address checks (local fakes in development and tests).
 */
export async function postOutbound(req: OutboundPost, policy: OutboundPolicy, transport: OutboundTransport = 'node'): Promise<OutboundOutcome> {
  const shape = checkUrlShape(req.url, policy);
  if (!shape.ok) return { ok: false, permanent: true, reason: refusalReason(shape.error) };
  const { url, allowListed } = shape.value;
  return transport === 'fetch' ? postWithFetch(url, req) : postWithNode(url, req, policy, !allowListed);
}
