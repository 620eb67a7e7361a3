// A loopback OpenAI-compatible server for tests: POST /v1/chat/completions answers with a scripted reply, optionally late.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeReply =
  /** A normal completion whose assistant content is JSON.stringify(body). */
  | { kind: 'json'; body: unknown }
  /** A normal completion whose assistant content is exactly this text (e.g. not JSON). */
  | { kind: 'content'; content: string }
  /** A refusal (content null, refusal set). */
  | { kind: 'refusal'; refusal: string }
  /** An error status with an OpenAI-style error body. */
  | { kind: 'status'; status: number; message?: string };

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string;
  body: any;
}

export interface FakeOpenAi {
  /** Base URL to give the SDK, e.g. http://127.0.0.1:53211/v1 */
  readonly baseURL: string;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Changes the reply (and delay) for the following requests. */
  script(reply: FakeReply, delayMs?: number): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function completion(model: string, content: string | null, refusal: string | null): unknown {
  return {
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

/** Starts the fake on 127.0.0.1 and a free port. Both /v1/chat/completions and /chat/completions are served. */
export async function startFakeOpenAi(opts: { reply?: FakeReply; delayMs?: number } = {}): Promise<FakeOpenAi> {
  let reply: FakeReply = opts.reply ?? { kind: 'json', body: { intent: 'unknown', trip: null, expense: null, visit: null } };
  let delayMs = opts.delayMs ?? 0;
  const requests: RecordedRequest[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const text = await readBody(req);
    if (req.method !== 'POST' || !/^(?:\/v1)?\/chat\/completions$/.test(path)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
      return;
    }
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    requests.push({ method: req.method, path, authorization: String(req.headers.authorization ?? ''), body });
    const current = reply;
    if (delayMs > 0) {
      // Wait, but give up early when the client has gone (it timed out): nothing is left to answer.
      const gone = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), delayMs);
        res.once('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (gone) return;
    }
    const model = typeof body?.model === 'string' ? body.model : 'fake';
    if (current.kind === 'status') {
      res
        .writeHead(current.status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: current.message ?? 'scripted failure', type: 'server_error', code: null, param: null } }));
      return;
    }
    const content = current.kind === 'json' ? JSON.stringify(current.body) : current.kind === 'content' ? current.content : null;
    const refusal = current.kind === 'refusal' ? current.refusal : null;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(model, content, refusal)));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script(next, nextDelay = 0) {
      reply = next;
      delayMs = nextDelay;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
