// The load generator's hot loop: one keep-alive HTTP/1.1 connection per client on a plain socket, one request in
// flight, a pre-built request head, and a response parser that reads only the status line and Content-Length.
// It shares two cores with the service and PostgreSQL, so every microsecond it saves is left to the system under test
// (node:http's client cost ~100 us per request here; this costs a third of that).
import net from 'node:net';

export interface RawReply {
  status: number;
  body: string;
}

export class RawHttpConnection {
  private socket!: net.Socket;
  private buf: Buffer = Buffer.alloc(0);
  private pending: { resolve(r: RawReply): void; reject(e: Error): void } | undefined;
  private readonly head: string;

  /** `token` adds `Authorization: Bearer <token>` to every request; omit it for endpoints that authenticate otherwise. */
  constructor(
    private readonly url: URL,
    token?: string,
  ) {
    const auth = token === undefined ? '' : `Authorization: Bearer ${token}\r\n`;
    this.head = `Host: ${url.host}\r\n${auth}Accept: application/json\r\nContent-Type: application/json\r\nConnection: keep-alive\r\n`;
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket = net.connect({ host: this.url.hostname, port: Number(this.url.port), noDelay: true }, resolve);
      this.socket.once('error', reject);
      this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
      this.socket.on('error', (e) => this.fail(e));
      this.socket.on('close', () => this.fail(new Error('connection closed')));
    });
  }

  /**
   * POSTs `body` (already JSON) to `path`; rejects on network errors only. `extraHead` holds pre-built header lines,
   * each ending in CRLF (e.g. a per-request signature), sent after the connection's fixed headers.
   */
  post(path: string, body: Buffer, extraHead = ''): Promise<RawReply> {
    if (this.pending) return Promise.reject(new Error('one request at a time per connection'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(`POST ${path} HTTP/1.1\r\n${this.head}${extraHead}Content-Length: ${body.length}\r\n\r\n`);
      this.socket.write(body);
    });
  }

  close(): void {
    this.socket?.destroy();
  }

  private onData(chunk: Buffer) {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buf.toString('latin1', 0, end);
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!m) return this.fail(new Error(`response without Content-Length: ${head.slice(0, 200)}`));
    const total = end + 4 + Number(m[1]);
    if (this.buf.length < total) return;
    const reply = { status: Number(head.slice(9, 12)), body: this.buf.toString('utf8', end + 4, total) };
    this.buf = this.buf.subarray(total);
    const p = this.pending;
    this.pending = undefined;
    p?.resolve(reply);
  }

  private fail(e: Error) {
    const p = this.pending;
    this.pending = undefined;
    p?.reject(e);
  }
}
