// The WebSocket half of the DingTalk fake: issues tickets, accepts `/connect?ticket=…`, pushes frames and records the client's ACKs.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { frame, type DownstreamFrame, type FrameType } from './dingtalk-frames.js';

export interface StreamSubscription {
  readonly type: string;
  readonly topic: string;
}

export interface StreamConnection {
  readonly connectionId: string;
  readonly clientId: string;
  readonly subscriptions: readonly StreamSubscription[];
  readonly socket: WebSocket;
  readonly openedAt: number;
}

/** One frame received from the client, normally an ACK: `{code, headers:{messageId}, message, data}` with `data` parsed from its JSON string. */
export interface StreamAck {
  readonly messageId: string;
  readonly code: number;
  readonly message: string;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly data: unknown;
  readonly raw: string;
  readonly at: number;
}

interface Pending {
  resolve: (ack: StreamAck) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

const parseJson = (s: unknown): unknown => {
  if (typeof s !== 'string') return s;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
};

export class DingTalkStreamGateway {
  readonly acks: StreamAck[] = [];
  /** Every connection ever accepted, oldest first. */
  readonly connections: StreamConnection[] = [];
  /** Frames pushed, in order. */
  readonly pushed: DownstreamFrame[] = [];
  private readonly tickets = new Map<string, { clientId: string; subscriptions: StreamSubscription[] }>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly pending = new Map<string, Pending>();
  private readonly waiters: Array<(c: StreamConnection) => void> = [];

  constructor(private readonly opts: { appId: string; ackTimeoutMs: number }) {}

  /** A single-use ticket for `/connect`, as `POST /v1.0/gateway/connections/open` returns. */
  issueTicket(clientId: string, subscriptions: StreamSubscription[]): string {
    const ticket = randomUUID();
    this.tickets.set(ticket, { clientId, subscriptions });
    return ticket;
  }

  /** Open connections, newest last. */
  open(): StreamConnection[] {
    return this.connections.filter((c) => c.socket.readyState === WebSocket.OPEN);
  }

  /** Resolves with the newest open connection, waiting for one if needed. */
  waitForConnection(timeoutMs = 20_000): Promise<StreamConnection> {
    const current = this.open().at(-1);
    if (current) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no Stream connection within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  /** Handles an HTTP upgrade for `/connect?ticket=…`; refuses unknown or reused tickets with 401. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    const grant = this.tickets.get(ticket);
    if (url.pathname !== '/connect' || !grant) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.tickets.delete(ticket);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: StreamConnection = { connectionId: randomUUID(), clientId: grant.clientId, subscriptions: grant.subscriptions, socket: ws, openedAt: Date.now() };
      this.connections.push(conn);
      ws.on('message', (data: RawData) => this.onClientFrame(String(data)));
      for (const w of this.waiters.splice(0)) w(conn);
    });
  }

  /**
   * Pushes a frame to the newest open connection subscribed to it (EVENT needs `EVENT *` or the topic, CALLBACK the exact topic)
   * and resolves with the client's ACK for its messageId, or rejects after the ACK timeout.
   */
  push(type: FrameType, topic: string, data: unknown, extraHeaders: Record<string, string> = {}): Promise<StreamAck> {
    const conn = this.open()
      .reverse()
      .find((c) => type === 'SYSTEM' || c.subscriptions.some((s) => s.type === type && (s.topic === topic || (type === 'EVENT' && s.topic === '*'))));
    if (!conn) return Promise.reject(new Error(`no open Stream connection subscribed to ${type} ${topic}`));
    const f = frame(type, topic, data, { appId: this.opts.appId, connectionId: conn.connectionId }, extraHeaders);
    const messageId = f.headers.messageId!;
    return new Promise<StreamAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(messageId);
        reject(new Error(`no ACK for ${type} ${topic} (${messageId}) within ${this.opts.ackTimeoutMs} ms`));
      }, this.opts.ackTimeoutMs);
      this.pending.set(messageId, { resolve, reject, timer });
      this.pushed.push(f);
      conn.socket.send(JSON.stringify(f));
    });
  }

  /** SYSTEM `disconnect`, then closes the socket after `graceMs` (DingTalk waits 10 s). */
  async disconnect(graceMs = 50): Promise<void> {
    const conns = this.open();
    for (const c of conns) c.socket.send(JSON.stringify(frame('SYSTEM', 'disconnect', { reason: 'fake gateway restart' }, { appId: this.opts.appId, connectionId: c.connectionId })));
    await new Promise((r) => setTimeout(r, graceMs));
    for (const c of conns) c.socket.close(1000, 'disconnect');
  }

  /** Kills every connection without a close handshake (a network failure). */
  drop(): void {
    for (const c of this.open()) c.socket.terminate();
  }

  close(): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`gateway stopped before the ACK for ${id}`));
    }
    this.pending.clear();
    for (const c of this.connections) c.socket.terminate();
    this.wss.close();
  }

  private onClientFrame(raw: string): void {
    const msg = parseJson(raw) as { code?: unknown; headers?: Record<string, unknown>; message?: unknown; data?: unknown } | string;
    if (typeof msg !== 'object' || msg === null) return;
    const headers = msg.headers ?? {};
    const messageId = typeof headers.messageId === 'string' ? headers.messageId : '';
    const ack: StreamAck = { messageId, code: Number(msg.code), message: String(msg.message ?? ''), headers, data: parseJson(msg.data), raw, at: Date.now() };
    this.acks.push(ack);
    const p = this.pending.get(messageId);
    if (p) {
      clearTimeout(p.timer);
      this.pending.delete(messageId);
      p.resolve(ack);
    }
  }
}
