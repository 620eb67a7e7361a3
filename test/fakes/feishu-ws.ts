// Feishu's long connection for the SDK's WSClient: `POST /callback/ws/endpoint` hands out a ws:// URL on this fake, and
// events travel as pbbp2.Frame protobuf messages (the SDK does not export its codec, so the few fields are coded here).
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { FeishuOpenApiFake, type FeishuFakeOptions } from './feishu-open-api.js';

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  /** 0 control (ping/pong), 1 data (events). */
  method: number;
  headers: { key: string; value: string }[];
  payload?: Uint8Array;
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}
const lenDelimited = (field: number, bytes: Uint8Array) => [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
const utf8 = (s: string) => new TextEncoder().encode(s);

/** pbbp2.Frame: 1 SeqID, 2 LogID, 3 service, 4 method (varints), 5 headers {1 key, 2 value}, 8 payload (bytes). */
export function encodeFrame(f: Frame): Uint8Array {
  const bytes = [...varint(8), ...varint(f.SeqID), ...varint(16), ...varint(f.LogID), ...varint(24), ...varint(f.service), ...varint(32), ...varint(f.method)];
  for (const h of f.headers) bytes.push(...lenDelimited(5, new Uint8Array([...lenDelimited(1, utf8(h.key)), ...lenDelimited(2, utf8(h.value))])));
  if (f.payload) bytes.push(...lenDelimited(8, f.payload));
  return new Uint8Array(bytes);
}

export function decodeFrame(buf: Uint8Array): Frame {
  const f: Frame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] };
  const read = (b: Uint8Array, at: { i: number }) => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const byte = b[at.i++]!;
      v |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return Number(v);
      shift += 7n;
    }
  };
  const fields = (b: Uint8Array, each: (field: number, value: number | Uint8Array) => void) => {
    const at = { i: 0 };
    while (at.i < b.length) {
      const tag = read(b, at);
      if ((tag & 7) === 0) each(tag >> 3, read(b, at));
      else {
        const len = read(b, at);
        each(tag >> 3, b.subarray(at.i, at.i + len));
        at.i += len;
      }
    }
  };
  const text = (v: number | Uint8Array) => new TextDecoder().decode(v as Uint8Array);
  fields(buf, (field, value) => {
    if (field === 1) f.SeqID = value as number;
    else if (field === 2) f.LogID = value as number;
    else if (field === 3) f.service = value as number;
    else if (field === 4) f.method = value as number;
    else if (field === 8) f.payload = value as Uint8Array;
    else if (field === 5) {
      const h = { key: '', value: '' };
      fields(value as Uint8Array, (hf, hv) => (hf === 1 ? (h.key = text(hv)) : (h.value = text(hv))));
      f.headers.push(h);
    }
  });
  return f;
}

/** How long push() waits for the client's answer: generous, a busy machine is slow, not broken. */
const ANSWER_TIMEOUT_MS = 20_000;

/** The Open API fake plus the long connection. Push events with {@link FeishuLongConnectionFake.push}. */
export class FeishuLongConnectionFake extends FeishuOpenApiFake {
  private readonly wss = new WebSocketServer({ noServer: true });
  private socket?: WebSocket;
  private ready = false;
  private connected?: () => void;
  private readonly waiting = new Map<string, (answer: { code: number; data?: unknown }) => void>();

  constructor(opts: FeishuFakeOptions = {}) {
    super(opts);
    this.route('ws.endpoint', 'POST', '/callback/ws/endpoint', (r) => {
      const b = (r.body ?? {}) as { AppID?: string; AppSecret?: string };
      if (b.AppID !== this.appId || b.AppSecret !== this.appSecret) return { body: { code: 10003, msg: 'invalid app credentials' } };
      // The SDK reads device_id and service_id with qs.parse on the whole URL, so they must not come first.
      const url = `${this.url.replace(/^http/, 'ws')}/ws/v2?fpid=1&device_id=dev-${randomUUID()}&service_id=7&ticket=t1`;
      return { body: { code: 0, msg: 'ok', data: { URL: url, ClientConfig: { PingInterval: 120, ReconnectCount: 0, ReconnectInterval: 1, ReconnectNonce: 0 } } } };
    });
  }

  override async start(): Promise<{ url: string }> {
    const started = await super.start();
    this.server?.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.socket = ws;
        // The SDK attaches its frame handler after the socket opens; its first ping (WSClient.pingLoop, sent on 'open')
        // says it is ready. No timed fallback: on a busy machine a frame pushed "after 500 ms" could still be lost.
        ws.on('message', (data: Buffer) => {
          if (!this.ready) {
            this.ready = true;
            this.connected?.();
          }
          this.onFrame(decodeFrame(new Uint8Array(data)));
        });
      });
    });
    return started;
  }

  override async stop(): Promise<void> {
    this.socket?.terminate();
    this.wss.close();
    await super.stop();
  }

  /** Resolves once the SDK's client has connected. */
  waitForConnection(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => (this.connected = resolve));
  }

  /** Sends one v2 event (e.g. card.action.trigger) as a data frame; resolves with the client's answer (decoded `data`). */
  push(event: Record<string, unknown>): Promise<{ code: number; data?: unknown }> {
    if (!this.socket) return Promise.reject(new Error('no long connection'));
    const messageId = randomUUID();
    const frame: Frame = {
      SeqID: 1,
      LogID: 1,
      service: 7,
      method: 1,
      headers: [
        { key: 'type', value: 'event' },
        { key: 'message_id', value: messageId },
        { key: 'sum', value: '1' },
        { key: 'seq', value: '0' },
        { key: 'trace_id', value: messageId },
      ],
      payload: utf8(JSON.stringify(event)),
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer on the long connection within ${ANSWER_TIMEOUT_MS} ms`)), ANSWER_TIMEOUT_MS);
      this.waiting.set(messageId, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
      this.socket!.send(encodeFrame(frame));
    });
  }

  private onFrame(f: Frame) {
    const id = f.headers.find((h) => h.key === 'message_id')?.value;
    if (f.method !== 1 || !id || !f.payload) return; // pings
    const answer = JSON.parse(new TextDecoder().decode(f.payload)) as { code: number; data?: string };
    this.waiting.get(id)?.({ code: answer.code, ...(answer.data ? { data: JSON.parse(Buffer.from(answer.data, 'base64').toString('utf8')) as unknown } : {}) });
    this.waiting.delete(id);
  }
}
