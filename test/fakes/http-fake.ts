// Shared plumbing for the loopback platform fakes: a node:http server on 127.0.0.1:0, a route table, call recording, slow answers and one-shot failures.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** Aborts the delayed answers when the fake stops: every request waiting out the delay listens to it, hundreds at once. */
function stopSignal(): AbortController {
  const c = new AbortController();
  setMaxListeners(0, c.signal);
  return c;
}

export interface FakeRequest {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  /** Values of `:name` segments in the route's path. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  /** The body's bytes as received (`rawBody` is them decoded as UTF-8, which mangles binary uploads). */
  readonly rawBytes: Uint8Array;
  /** Parsed JSON, or the fields of a form-encoded body, or the raw text. */
  readonly body: unknown;
}

export interface FakeReply {
  readonly status?: number;
  /** JSON-encoded unless a string or bytes (sent as they are: a file download); an empty object when absent. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One recorded request. `status` and `response` are filled in once it has been answered. */
export interface RecordedCall extends FakeRequest {
  /** The route's name (e.g. `im.message.create`, `chat.postMessage`), or `unknown`. */
  readonly route: string;
  readonly at: number;
  status?: number;
  response?: unknown;
}

export interface InjectedFailure {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

interface Route {
  readonly name: string;
  readonly method: string;
  readonly pattern: RegExp;
  readonly keys: readonly string[];
  readonly handle: (req: FakeRequest) => FakeReply | Promise<FakeReply>;
}

function compile(path: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = path
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(seg.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), keys };
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A loopback HTTP server with a route table. Subclasses add routes in their constructor with {@link HttpFake.route}. */
export class HttpFake {
  /** Every request in arrival order, unknown paths and injected failures included. */
  readonly calls: RecordedCall[] = [];
  protected server?: Server;
  private readonly routes: Route[] = [];
  private readonly failures = new Map<string, InjectedFailure[]>();
  private delayMs = 0;
  private aborter = stopSignal();
  private baseUrl?: string;

  /** `http://127.0.0.1:PORT`, once started. */
  get url(): string {
    if (this.baseUrl === undefined) throw new Error('fake server is not started');
    return this.baseUrl;
  }

  /** Answers every request `ms` later (0 = at once). Delays are cut short by `stop()`. */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** The next `times` requests to `route` are answered with `failure` instead of being handled (and change no state). */
  failNext(route: string, failure: InjectedFailure, times = 1): void {
    this.failures.set(route, [...(this.failures.get(route) ?? []), ...Array.from({ length: times }, () => failure)]);
  }

  /** Recorded calls to one route. */
  callsTo(route: string): RecordedCall[] {
    return this.calls.filter((c) => c.route === route);
  }

  /** Forgets recorded calls and pending failures; state such as sent messages is kept. */
  clearCalls(): void {
    this.calls.length = 0;
    this.failures.clear();
  }

  async start(): Promise<{ url: string }> {
    if (this.server) return { url: this.url };
    this.aborter = stopSignal();
    const server = createServer((req, res) => {
      this.dispatch(req, res).catch((e: unknown) => {
        if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(e) }));
        else res.destroy();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return { url: this.baseUrl };
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.aborter.abort();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Adds a route; `path` may contain `:name` segments. */
  protected route(name: string, method: string, path: string, handle: Route['handle']): void {
    this.routes.push({ name, method: method.toUpperCase(), ...compile(path), handle });
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawBytes = await readBody(req);
    const rawBody = rawBytes.toString('utf8');
    const method = (req.method ?? 'GET').toUpperCase();
    let matched: { route: Route; params: Record<string, string> } | undefined;
    for (const route of this.routes) {
      const m = route.method === method ? route.pattern.exec(url.pathname) : null;
      if (m) {
        matched = { route, params: Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1] ?? '')])) };
        break;
      }
    }
    const call: RecordedCall = {
      route: matched?.route.name ?? 'unknown',
      method,
      path: url.pathname,
      params: matched?.params ?? {},
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      rawBody,
      rawBytes: new Uint8Array(rawBytes),
      body: parseBody(rawBody, req.headers['content-type']),
      at,
    };
    this.calls.push(call);

    if (this.delayMs > 0) {
      try {
        await sleep(this.delayMs, undefined, { signal: this.aborter.signal });
      } catch {
        res.destroy();
        return;
      }
    }

    const queue = this.failures.get(call.route);
    const failure = queue?.shift();
    const reply: FakeReply = failure ?? (matched ? await matched.route.handle(call) : { status: 404, body: { error: `no route for ${method} ${url.pathname}` } });
    call.status = reply.status ?? 200;
    call.response = reply.body;
    if (res.destroyed) return;
    if (reply.body instanceof Uint8Array) {
      res.writeHead(call.status, { 'content-type': 'application/octet-stream', 'content-length': String(reply.body.byteLength), ...(reply.headers ?? {}) }).end(reply.body);
      return;
    }
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(call.status, { 'content-type': 'application/json; charset=utf-8', ...(reply.headers ?? {}) }).end(text);
  }
}
