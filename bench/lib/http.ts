// A lean keep-alive JSON client on node:http: the load generator shares the machine with the service and PostgreSQL,
// so it avoids fetch/undici overhead and parses bodies only when asked.
import http from 'node:http';

export interface Reply {
  status: number;
  /** Raw body; parse with `json()`. */
  text: string;
  json<T = unknown>(): T;
}

export class ApiClient {
  readonly agent: http.Agent;

  constructor(
    readonly base: URL,
    private readonly token: string,
    maxSockets = 16,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /** Sends a request; resolves with status and body, rejects only on network errors. */
  send(method: string, path: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    return this.raw(method, path, payload);
  }

  /** Like `send` with a pre-serialised body (hot loop). */
  raw(method: string, path: string, payload?: Buffer): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
      if (payload) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = payload.length;
      }
      const req = http.request(
        { host: this.base.hostname, port: this.base.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString();
            resolve({ status: res.statusCode ?? 0, text, json: <T>() => JSON.parse(text) as T });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  get<T>(path: string): Promise<{ status: number; body: T }> {
    return this.send('GET', path).then((r) => ({ status: r.status, body: safeJson(r.text) as T }));
  }

  post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
    return this.send('POST', path, body).then((r) => ({ status: r.status, body: safeJson(r.text) as T }));
  }

  close() {
    this.agent.destroy();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
