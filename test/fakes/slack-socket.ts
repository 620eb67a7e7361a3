// Slack Socket Mode for Bolt's SocketModeReceiver: `apps.connections.open` (app-level token) hands out a ws:// URL on
// this fake; envelopes (events_api, interactive, slash_commands) go down, the client acks each envelope_id.
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { SlackWebApiFake, type SlackFakeOptions } from './slack-web-api.js';

/** How long push() waits for the client's ack: generous, a busy machine is slow, not broken. */
const ACK_TIMEOUT_MS = 20_000;

export class SlackSocketModeFake extends SlackWebApiFake {
  readonly appToken: string;
  private readonly wss = new WebSocketServer({ noServer: true });
  private socket?: WebSocket;
  private connected?: () => void;
  private readonly waiting = new Map<string, (ack: Record<string, unknown>) => void>();
  /** The close code of every socket-mode connection that has ended (1000: the client closed it; 1006: it vanished). */
  readonly closeCodes: number[] = [];
  private closed?: (code: number) => void;
  /** Socket-mode connections opened so far. */
  connections = 0;

  constructor(opts: SlackFakeOptions & { appToken?: string } = {}) {
    super(opts);
    this.appToken = opts.appToken ?? 'xapp-fake-app-token';
    this.route('apps.connections.open', 'POST', '/api/apps.connections.open', (r) => {
      if (r.headers.authorization !== `Bearer ${this.appToken}`) return { body: { ok: false, error: 'invalid_auth' } };
      return { body: { ok: true, url: `${this.url.replace(/^http/, 'ws')}/socket?ticket=${randomUUID()}` } };
    });
  }

  override async start(): Promise<{ url: string }> {
    const started = await super.start();
    this.server?.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.socket = ws;
        this.connections += 1;
        ws.on('close', (code: number) => {
          this.closeCodes.push(code);
          if (this.socket === ws) this.socket = undefined;
          this.closed?.(code);
        });
        ws.on('message', (data: Buffer) => {
          const ack = JSON.parse(data.toString()) as { envelope_id?: string };
          if (ack.envelope_id) this.waiting.get(ack.envelope_id)?.(ack as Record<string, unknown>);
        });
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A1' } }));
        this.connected?.();
      });
    });
    return started;
  }

  override async stop(): Promise<void> {
    this.socket?.terminate();
    this.wss.close();
    await super.stop();
  }

  /** Resolves with the close code of the next connection to end (or of one that has ended already). */
  waitForClose(): Promise<number> {
    const code = this.closeCodes[0];
    return code !== undefined ? Promise.resolve(code) : new Promise((resolve) => (this.closed = resolve));
  }

  waitForConnection(): Promise<void> {
    return this.socket ? Promise.resolve() : new Promise((resolve) => (this.connected = resolve));
  }

  /** Sends one envelope and resolves with the client's ack (which may carry a response payload). */
  push(type: 'events_api' | 'interactive' | 'slash_commands', payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!this.socket) return Promise.reject(new Error('no socket-mode connection'));
    const envelopeId = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack on the socket-mode connection within ${ACK_TIMEOUT_MS} ms`)), ACK_TIMEOUT_MS);
      this.waiting.set(envelopeId, (ack) => {
        clearTimeout(timer);
        this.waiting.delete(envelopeId);
        resolve(ack);
      });
      this.socket!.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    });
  }
}
