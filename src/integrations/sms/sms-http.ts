// One SMS provider call over node:http(s), guarded like every outbound URL: the endpoint must pass url-guard, and a
// name is resolved again when the socket connects and refused if it lands on an internal address. Unlike
// postOutbound (webhooks), the provider's answer body is read: its code says whether a text went out.
import type { IncomingHttpHeaders } from 'node:http';
import { guardedLookup, RefusedAddress, refusalReason } from '../net/outbound-post.js';
import { checkUrlShape, type OutboundPolicy } from '../net/url-guard.js';

export interface SmsHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The whole exchange, connect to last body byte. */
  timeoutMs: number;
}

/** An answer (any status), or why there was none; `permanent` only when the URL itself was refused. */
export type SmsHttpAnswer =
  | { kind: 'answer'; status: number; headers: IncomingHttpHeaders; body: string }
  | { kind: 'failed'; permanent: boolean; reason: string };

/** Provider answers are a few hundred bytes; anything much larger is not one of theirs. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Sends one request on a fresh connection and reads the answer. Never follows redirects, never logs, never rejects:
 * every failure comes back as a value. Allow-listed hosts (local fakes) skip the address checks, as in postOutbound.
 */
export async function smsExchange(req: SmsHttpRequest, policy: OutboundPolicy): Promise<SmsHttpAnswer> {
  const shape = checkUrlShape(req.url, policy);
  if (!shape.ok) return { kind: 'failed', permanent: true, reason: refusalReason(shape.error) };
  const { url, allowListed } = shape.value;
  const mod = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const signal = AbortSignal.timeout(req.timeoutMs);
  const headers = req.body === undefined ? req.headers : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) };
  return new Promise<SmsHttpAnswer>((resolve) => {
    let settled = false;
    const finish = (a: SmsHttpAnswer) => {
      if (settled) return;
      settled = true;
      resolve(a);
    };
    const r = mod.request(url, { method: req.method, headers, agent: false, signal, ...(allowListed ? {} : { lookup: guardedLookup(policy) }) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_ANSWER_BYTES) return void chunks.push(c);
        finish({ kind: 'failed', permanent: false, reason: 'answer too large' });
        r.destroy();
      });
      res.on('end', () => finish({ kind: 'answer', status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => finish({ kind: 'failed', permanent: false, reason: signal.aborted ? 'timeout' : 'connection lost' }));
      res.on('close', () => {
        if (!res.complete) finish({ kind: 'failed', permanent: false, reason: signal.aborted ? 'timeout' : 'connection lost' });
      });
    });
    r.on('error', (e) => {
      if (e instanceof RefusedAddress) finish({ kind: 'failed', permanent: true, reason: e.message });
      else finish({ kind: 'failed', permanent: false, reason: signal.aborted ? 'timeout' : 'connection failed' });
    });
    r.end(req.body);
  });
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds from `now`, when there is a usable one. */
export function retryAfterMs(headers: IncomingHttpHeaders, now: number): number | undefined {
  const raw = headers['retry-after'];
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
