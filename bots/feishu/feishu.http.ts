// A lean JSON transport for the Lark SDK (its `httpInstance` option): the SDK still builds every Open API call (path,
// query, token header, body); this sends it over a keep-alive agent with node:http(s) and parses the JSON answer.
// The SDK's own axios instance cost about 0.9 ms of CPU per call on a 2-core machine — half of what an approval's
// card patch and notice cost the service — most of it in axios's config merging, interceptors and adapters, not in
// the network. Anything but a plain JSON call (a download stream, `$return_headers`) still goes through axios.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type * as Lark from '@larksuiteoapi/node-sdk';

/** The request the SDK hands its HTTP instance (the axios config subset it uses). */
export interface SdkRequest {
  url: string;
  method?: string;
  data?: unknown;
  params?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  paramsSerializer?: (params: Record<string, unknown>) => string;
  timeout?: number;
  responseType?: string;
  maxRedirects?: number;
  $return_headers?: boolean;
}

/** A non-2xx answer, shaped like axios's error (`response.status`, `.headers`, `.data`) so callers read it the same way. */
export class OpenApiHttpError extends Error {
  constructor(readonly response: { status: number; headers: Record<string, unknown>; data: unknown }) {
    super(`Request failed with status code ${response.status}`);
    this.name = 'OpenApiHttpError';
  }
}

const KEEP_ALIVE_SET = Symbol('keepAliveSet');

/** Node's agent sets TCP keep-alive (two or three setsockopt calls) every time a socket goes back to the pool; once is enough. */
function keepAliveOnce<A extends http.Agent>(agent: A): A {
  const keep = agent.keepSocketAlive.bind(agent);
  agent.keepSocketAlive = (socket: Socket) => {
    const s = socket as Socket & { [KEEP_ALIVE_SET]?: boolean };
    if (s[KEEP_ALIVE_SET]) {
      socket.unref();
      return true;
    }
    s[KEEP_ALIVE_SET] = true;
    return keep(socket);
  };
  return agent;
}

const agents = { http: keepAliveOnce(new http.Agent({ keepAlive: true })), https: keepAliveOnce(new https.Agent({ keepAlive: true })) };

function query(r: SdkRequest): string {
  if (!r.params) return '';
  const defined = Object.fromEntries(Object.entries(r.params).filter(([, v]) => v !== undefined && v !== null));
  if (Object.keys(defined).length === 0) return '';
  const qs = r.paramsSerializer ? r.paramsSerializer(defined) : new URLSearchParams(defined as Record<string, string>).toString();
  return qs ? `?${qs}` : '';
}

function parse(text: string): unknown {
  if (text === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sends one JSON call; resolves with the parsed body (2xx), rejects with OpenApiHttpError (other status) or the network error. */
export function sendJson(r: SdkRequest, timeoutMs: number): Promise<unknown> {
  const target = new URL(r.url);
  const search = query(r);
  const body = r.data === undefined ? undefined : typeof r.data === 'string' ? r.data : JSON.stringify(r.data);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) if (v !== undefined && v !== null) headers[k] = String(v);
  if (body !== undefined) {
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json; charset=utf-8';
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  const secure = target.protocol === 'https:';
  const mod = secure ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}${target.search && search ? `&${search.slice(1)}` : search}`, method: (r.method ?? 'GET').toUpperCase(), headers, agent: secure ? agents.https : agents.http },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          const data = parse(Buffer.concat(chunks).toString('utf8'));
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(data);
          else reject(new OpenApiHttpError({ status, headers: res.headers, data }));
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`timeout of ${timeoutMs}ms exceeded`)), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(body);
  });
}

/**
 * The same call over `fetch`, for Cloudflare Workers, where node:http has no keep-alive agent to reuse and `fetch` is
 * the native client. Same answers as sendJson: the parsed body on 2xx, OpenApiHttpError otherwise; no redirect followed.
 */
export async function fetchJson(r: SdkRequest, timeoutMs: number): Promise<unknown> {
  const target = new URL(r.url);
  const search = query(r);
  if (search) target.search = target.search ? `${target.search}&${search.slice(1)}` : search;
  const body = r.data === undefined ? undefined : typeof r.data === 'string' ? r.data : JSON.stringify(r.data);
  const headers = new Headers();
  for (const [k, v] of Object.entries(r.headers ?? {})) if (v !== undefined && v !== null) headers.set(k, String(v));
  if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json; charset=utf-8');
  const res = await fetch(target, { method: (r.method ?? 'GET').toUpperCase(), headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  const data = parse(await res.text());
  if (res.status >= 200 && res.status < 300) return data;
  throw new OpenApiHttpError({ status: res.status, headers: Object.fromEntries(res.headers), data });
}

/** Whether the lean transport can send this call (plain JSON in, parsed body out). */
export function isPlainJson(r: SdkRequest): boolean {
  return (r.responseType === undefined || r.responseType === 'json') && !r.$return_headers && !(typeof FormData !== 'undefined' && r.data instanceof FormData) && !isStream(r.data);
}

function isStream(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { pipe?: unknown }).pipe === 'function';
}

/**
 * The SDK's `httpInstance`: plain JSON calls over the lean transport (node:http, or `fetch` on Workers), anything else
 * through the SDK's axios instance.
 */
export function leanHttpInstance(lark: typeof Lark, timeoutMs: number, transport: 'node' | 'fetch' = 'node'): Lark.HttpInstance {
  const axios = lark.defaultHttpInstance;
  const send = transport === 'fetch' ? fetchJson : sendJson;
  const request = (r: SdkRequest) => (isPlainJson(r) ? send(r, r.timeout ?? timeoutMs) : axios.request({ ...r, timeout: r.timeout ?? timeoutMs, maxRedirects: 0 } as never));
  const withBody = (method: string) => (url: string, data?: unknown, o?: Partial<SdkRequest>) => request({ ...o, url, method, data });
  const without = (method: string) => (url: string, o?: Partial<SdkRequest>) => request({ ...o, url, method });
  return { request, get: without('GET'), delete: without('DELETE'), head: without('HEAD'), options: without('OPTIONS'), post: withBody('POST'), put: withBody('PUT'), patch: withBody('PATCH') } as unknown as Lark.HttpInstance;
}
