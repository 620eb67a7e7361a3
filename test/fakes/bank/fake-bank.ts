// The fake bank's HTTP API on 127.0.0.1 (random port): signed requests only (401 with a reason otherwise), the
// payment-file, status-report, file-feed and e-receipt routes, and controls that lose answers after the work is done.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { BANK_HEADERS, BANK_SIGNATURE_WINDOW_SECONDS, checkBankRequest } from '../../../src/integrations/bank/http-signature.js';
import { FakeBankCore, type FakeBankOptions } from './bank-core.js';
import { processOutbox, type ExchangeDirs } from './file-mode.js';

export interface FakeBankServerOptions extends FakeBankOptions {
  /** key id → secret. */
  keys: Record<string, string>;
}

export interface FakeBankCall {
  method: string;
  path: string;
  status: number;
  /** The refusal code of a 401. */
  code?: string;
  /** The Idempotency-Key sent (a payment file's MsgId). */
  idempotencyKey?: string;
  /** When the request arrived (wall clock, ms). */
  atMs: number;
}

export interface FakeBank {
  readonly url: string;
  readonly bank: FakeBankCore;
  readonly calls: FakeBankCall[];
  /** The next `times` answers are sent `ms` after the request was handled (its effects already booked). */
  delayAnswers(ms: number, times?: number): void;
  /** The next `times` requests are handled, then their connection is cut without an answer. */
  resetAfterHandling(times?: number): void;
  /**
   * Every request to `route` (`'POST /v1/payment-files'`, a method and a path) is handled at once (its effects booked)
   * and answered `ms` later, until set to 0: a slow bank, or the window in which a caller can die mid-call.
   */
  delayRoute(route: string, ms: number): void;
  /** File-exchange mode: takes the pain.001 files in outDir, writes the bank's new files into inDir. */
  processOutbox(dirs: ExchangeDirs): Promise<{ consumed: string[]; written: string[] }>;
  stop(): Promise<void>;
}

interface Reply {
  status: number;
  body: unknown;
  contentType?: string;
}

const json = (status: number, body: unknown): Reply => ({ status, body });

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Starts a fake bank. Pass `state` from a stopped one to "restart" it with its books. */
export async function startFakeBank(o: FakeBankServerOptions): Promise<FakeBank> {
  const bank = new FakeBankCore(o);
  const calls: FakeBankCall[] = [];
  const delays: number[] = [];
  const routeDelays = new Map<string, number>();
  let resets = 0;

  function authenticate(req: IncomingMessage, path: string, body: Buffer): string | null {
    const nowS = bank.now() / 1000;
    for (const [k, t] of Object.entries(bank.state.nonces)) if (nowS - t > BANK_SIGNATURE_WINDOW_SECONDS) delete bank.state.nonces[k];
    const keyId = String(req.headers[BANK_HEADERS.keyId] ?? '');
    const refusal = checkBankRequest(req.headers, { method: req.method ?? 'GET', path, body }, {
      secretOf: (id) => o.keys[id],
      nowMs: bank.now(),
      nonceSeen: (id, nonce) => bank.state.nonces[`${id}:${nonce}`] !== undefined,
    });
    if (refusal === null) bank.state.nonces[`${keyId}:${String(req.headers[BANK_HEADERS.nonce])}`] = Number(req.headers[BANK_HEADERS.timestamp]);
    return refusal;
  }

  async function route(req: IncomingMessage, url: URL, body: Buffer): Promise<Reply> {
    const method = req.method ?? 'GET';
    if (method === 'POST' && url.pathname === '/v1/payment-files') {
      let parsed: { msgId?: unknown; format?: unknown; xml?: unknown };
      try {
        parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
      } catch {
        return json(400, { code: 'BODY_INVALID', message: 'the body is not JSON' });
      }
      if (typeof parsed.msgId !== 'string' || typeof parsed.format !== 'string' || typeof parsed.xml !== 'string') return json(400, { code: 'BODY_INVALID', message: 'msgId, format and xml are required strings' });
      if (req.headers['idempotency-key'] !== parsed.msgId) return json(400, { code: 'IDEMPOTENCY_KEY', message: 'Idempotency-Key must equal the MsgId' });
      const r = await bank.submit({ msgId: parsed.msgId, format: parsed.format, xml: parsed.xml });
      return json(r.status, r.body);
    }
    const reports = /^\/v1\/payment-files\/([^/]+)\/status-reports$/.exec(url.pathname);
    if (method === 'GET' && reports) {
      const list = bank.poll(decodeURIComponent(reports[1]!));
      return list ? json(200, { reports: list }) : json(404, { code: 'NOT_FOUND', message: 'no such message' });
    }
    if (method === 'GET' && url.pathname === '/v1/files') {
      const { files, next } = bank.filesSince(url.searchParams.get('cursor'));
      return json(200, { files: files.map((f) => ({ name: f.name, kind: f.kind, xml: f.xml })), next });
    }
    const receipt = /^\/v1\/receipts\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && receipt) {
      const doc = bank.receipt(decodeURIComponent(receipt[1]!));
      return doc ? { status: 200, body: doc.data, contentType: doc.contentType } : json(404, { code: 'NOT_FOUND', message: 'no receipt for this payment' });
    }
    return json(404, { code: 'NO_ROUTE', message: `no route for ${method} ${url.pathname}` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = req.url ?? '/';
    const url = new URL(path, 'http://127.0.0.1');
    const key = req.headers['idempotency-key'];
    const call: FakeBankCall = { method: req.method ?? 'GET', path: url.pathname, status: 0, atMs: Date.now(), ...(typeof key === 'string' ? { idempotencyKey: key } : {}) };
    calls.push(call);
    const refusal = authenticate(req, path, body);
    const reply = refusal ? json(401, { code: refusal, message: `request refused: ${refusal}` }) : await route(req, url, body);
    call.status = reply.status;
    if (refusal) call.code = refusal;
    if (resets > 0) {
      resets -= 1;
      res.socket?.destroy();
      return;
    }
    const delay = delays.shift() ?? routeDelays.get(`${call.method} ${call.path}`);
    if (delay !== undefined) await sleep(delay);
    if (res.destroyed) return;
    const bytes = reply.body instanceof Uint8Array ? reply.body : Buffer.from(JSON.stringify(reply.body));
    res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json; charset=utf-8', 'content-length': String(bytes.byteLength) }).end(bytes);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'FAKE_BUG', message: String(e) }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    bank,
    calls,
    delayAnswers(ms, times = 1) {
      delays.push(...Array.from({ length: times }, () => ms));
    },
    resetAfterHandling(times = 1) {
      resets += times;
    },
    delayRoute(route, ms) {
      if (ms > 0) routeDelays.set(route, ms);
      else routeDelays.delete(route);
    },
    processOutbox: (dirs) => processOutbox(bank, dirs),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
