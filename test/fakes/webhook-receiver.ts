// A loopback webhook subscriber for tests: checks X-Spend-Signature on the raw body and records every delivery by its Idempotency-Key.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  /** The Idempotency-Key header (the outbox message key). */
  key: string;
  /** The X-Spend-Event header. */
  event: string;
  /** The raw body as sent. */
  body: string;
  signature: string;
  /** The signature matched HMAC-SHA256(secret, "<t>.<body>") and t was within the allowed skew. */
  valid: boolean;
  /** Why it was refused, when not valid. */
  reason?: string;
  receivedAt: number;
}

export interface WebhookReceiver {
  /** e.g. http://127.0.0.1:53211/hook */
  readonly url: string;
  /** The subscription secret (known only once the webhook is registered). */
  setSecret(secret: string): void;
  /** Every POST received, in arrival order, duplicates included. */
  readonly deliveries: readonly ReceivedDelivery[];
  /** Deliveries grouped by idempotency key. */
  byKey(): Map<string, ReceivedDelivery[]>;
  /** Keys received more than once. */
  duplicateKeys(): string[];
  /** Deliveries whose signature did not verify (answered 401, so the sender retries). */
  invalid(): ReceivedDelivery[];
  close(): Promise<void>;
}

/**
 * Parses `t=<unix>,v1=<hex>[,v1=<hex>…]` and accepts it when any `v1` matches `secret` (in constant time): during a
 * secret rotation the sender signs with both the new and the old secret.
 */
export function verifySignature(secret: string, header: string, body: string, nowSeconds: number, maxSkewSeconds = 300): { ok: true } | { ok: false; reason: string } {
  const pairs = header
    .split(',')
    .map((p) => p.trim().split('='))
    .filter((kv): kv is [string, string] => kv.length === 2 && kv[0] !== '' && kv[1] !== '');
  const t = Number(pairs.find(([k]) => k === 't')?.[1]);
  const v1s = pairs.filter(([k]) => k === 'v1').map(([, v]) => v);
  if (!Number.isInteger(t) || v1s.length === 0 || !v1s.every((v) => /^[0-9a-f]{64}$/.test(v))) return { ok: false, reason: 'malformed signature header' };
  if (Math.abs(nowSeconds - t) > maxSkewSeconds) return { ok: false, reason: 'timestamp outside the allowed window' };
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  if (!v1s.some((v) => timingSafeEqual(Buffer.from(v, 'hex'), expected))) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the receiver on `host` (default 127.0.0.1) and a free port; POST /hook records, anything else answers 404. */
export async function startWebhookReceiver(opts: { host?: string; secret?: string; maxSkewSeconds?: number } = {}): Promise<WebhookReceiver> {
  let secret = opts.secret;
  const deliveries: ReceivedDelivery[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || req.url !== '/hook') {
      res.writeHead(404).end();
      return;
    }
    const body = await readBody(req);
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(',') : (v ?? '');
    };
    const signature = header('x-spend-signature');
    const check = secret === undefined ? { ok: false as const, reason: 'no secret configured yet' } : verifySignature(secret, signature, body, Math.floor(Date.now() / 1000), opts.maxSkewSeconds);
    deliveries.push({
      key: header('idempotency-key'),
      event: header('x-spend-event'),
      body,
      signature,
      valid: check.ok,
      ...(check.ok ? {} : { reason: check.reason }),
      receivedAt: Date.now(),
    });
    res.writeHead(check.ok ? 200 : 401, { 'content-type': 'application/json' }).end(check.ok ? '{"ok":true}' : JSON.stringify({ error: check.reason }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const byKey = () => {
    const m = new Map<string, ReceivedDelivery[]>();
    for (const d of deliveries) m.set(d.key, [...(m.get(d.key) ?? []), d]);
    return m;
  };

  return {
    url: `http://${address}:${port}/hook`,
    setSecret: (s) => {
      secret = s;
    },
    deliveries,
    byKey,
    duplicateKeys: () => [...byKey()].filter(([, ds]) => ds.length > 1).map(([k]) => k),
    invalid: () => deliveries.filter((d) => !d.valid),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
