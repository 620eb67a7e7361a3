// One signed request to the HTTP bank API over node:http(s), telling apart "nothing left us" from "sent, answer lost":
// the difference between a payment that may safely be retried and one whose fate only a poll can tell.
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { signBankRequest } from './http-signature.js';

export interface BankHttpOptions {
  /** `https://bank.example/api` — operator configuration, trusted (no internal-address guard), but always timed out. */
  baseUrl: string;
  keyId: string;
  secret: string;
  /** The whole exchange, connect to last body byte. */
  timeoutMs: number;
  /** Largest answer read (statements can be big); a longer one is cut and counts as lost. Default 64 MiB. */
  maxResponseBytes?: number;
  /** The clock, in ms (tests pass a fixed one so signatures agree with the fake bank's). */
  now?: () => number;
}

/**
 * The three ways an exchange ends. `sent: false`: the connection never opened, so the bank cannot have seen the
 * request. `lost`: the connection opened and the request went (or began to go) out, then the answer never came.
 */
export type BankExchange =
  | { sent: false; reason: string }
  | { sent: true; lost: 'timeout' | 'connection lost' }
  | { sent: true; status: number; contentType: string; body: Buffer };

/** Thrown for infrastructure failures and answers no caller can act on (the outbox retries; the message names no account). */
export class BankCallError extends Error {
  constructor(
    message: string,
    /** Whether the request may have reached the bank. */
    readonly sent: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'BankCallError';
  }
}

/**
 * Sends one signed request on a fresh connection (no keep-alive: a pooled socket the bank already closed would turn a
 * certain "not sent" into an uncertain one). Never retries; never logs; never rejects.
 */
export function bankExchange(o: BankHttpOptions, method: 'GET' | 'POST', path: string, body: string | undefined, extraHeaders: Record<string, string> = {}): Promise<BankExchange> {
  const url = new URL(`${o.baseUrl.replace(/\/+$/, '')}${path}`);
  const signedPath = `${url.pathname}${url.search}`;
  const payload = body ?? '';
  const headers: Record<string, string> = {
    ...extraHeaders,
    ...signBankRequest({ keyId: o.keyId, secret: o.secret, method, path: signedPath, timestamp: Math.floor((o.now ?? Date.now)() / 1000), nonce: randomBytes(16).toString('hex'), body: payload }),
    ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
  };
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;

  return new Promise<BankExchange>((resolve) => {
    let connected = false;
    let timedOut = false;
    let settled = false;
    const finish = (x: BankExchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(x);
    };
    const lost = (): BankExchange => (connected ? { sent: true, lost: timedOut ? 'timeout' : 'connection lost' } : { sent: false, reason: timedOut ? 'timeout before connecting' : 'connection failed' });

    const req = send(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= (o.maxResponseBytes ?? 64 * 1024 * 1024)) return void chunks.push(c);
        finish({ sent: true, lost: 'connection lost' });
        req.destroy(new Error('answer too large'));
      });
      res.on('end', () => finish({ sent: true, status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
      res.on('error', () => finish(lost()));
      res.on('close', () => {
        if (!res.complete) finish(lost());
      });
    });
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error('timeout'));
    }, o.timeoutMs);
    req.on('socket', (socket) => {
      // From the moment the connection is up, bytes may reach the bank: any failure after it is "unknown".
      const up = () => {
        connected = true;
      };
      if (!socket.connecting) up();
      else socket.once(secure ? 'secureConnect' : 'connect', up);
    });
    req.on('error', () => finish(lost()));
    req.end(payload);
  });
}

/** Parses a JSON answer body, or undefined when it is not JSON. */
export function jsonOf(x: { body: Buffer }): unknown {
  try {
    return JSON.parse(x.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
