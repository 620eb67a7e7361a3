// The Lark SDK's lean JSON transport: what reaches the server, how answers and failures come back, keep-alive, timeouts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlainJson, OpenApiHttpError, sendJson } from '../../bots/feishu/feishu.http.js';

interface Seen { method: string; url: string; headers: IncomingMessage['headers']; body: string; port: number }

let server: Server;
let base = '';
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), port: req.socket.remotePort! });
      if (req.url!.startsWith('/hang')) return; // never answers
      if (req.url!.startsWith('/limited')) {
        res.writeHead(429, { 'content-type': 'application/json', 'x-ogw-ratelimit-reset': '3' });
        return res.end(JSON.stringify({ code: 99991400, msg: 'request trigger frequency limit' }));
      }
      if (req.url!.startsWith('/text')) return res.end('not json');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 0, data: { message_id: 'om_1', echo: Buffer.concat(chunks).toString('utf8') } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('Feishu JSON transport', () => {
  it('sends the SDK call as built (method, query through its serialiser, JSON body, headers) and resolves with the parsed answer', async () => {
    seen.length = 0;
    const data = { receive_id: 'ou_1', msg_type: 'text', content: '{"text":"你好"}' };
    const r = await sendJson(
      { url: `${base}/open-apis/im/v1/messages`, method: 'post', params: { receive_id_type: 'open_id', skip: undefined }, paramsSerializer: (p) => Object.entries(p).map(([k, v]) => `${k}=${String(v)}`).join('&'), data, headers: { Authorization: 'Bearer t-1', absent: undefined } },
      2000,
    );
    expect(r).toEqual({ code: 0, data: { message_id: 'om_1', echo: JSON.stringify(data) } });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/open-apis/im/v1/messages?receive_id_type=open_id', body: JSON.stringify(data) });
    expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer t-1', 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(JSON.stringify(data))) });
    expect(seen[0]!.headers).not.toHaveProperty('absent');
  });

  it('reuses one connection for calls one after another', async () => {
    seen.length = 0;
    for (let i = 0; i < 3; i++) await sendJson({ url: `${base}/open-apis/im/v1/messages/om_${i}`, method: 'PATCH', data: { content: '{}' } }, 2000);
    expect(new Set(seen.map((s) => s.port)).size).toBe(1);
  });

  it('rejects a non-2xx answer with the status, headers and body where callers read them (axios shape)', async () => {
    const e = await sendJson({ url: `${base}/limited`, method: 'POST', data: {} }, 2000).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OpenApiHttpError);
    const res = (e as OpenApiHttpError).response;
    expect(res.status).toBe(429);
    expect(res.headers['x-ogw-ratelimit-reset']).toBe('3');
    expect(res.data).toEqual({ code: 99991400, msg: 'request trigger frequency limit' });
  });

  it('gives a body that is not JSON back as text', async () => {
    expect(await sendJson({ url: `${base}/text`, method: 'GET' }, 2000)).toBe('not json');
  });

  it('gives up on a server that never answers after the timeout', async () => {
    const started = Date.now();
    await expect(sendJson({ url: `${base}/hang`, method: 'POST', data: {} }, 200)).rejects.toThrow(/timeout of 200ms/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('fails at once when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(sendJson({ url: `http://127.0.0.1:${port}/x`, method: 'GET' }, 2000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('leaves downloads and calls that want headers to the SDK’s own client', () => {
    expect(isPlainJson({ url: 'x', method: 'POST', data: {} })).toBe(true);
    expect(isPlainJson({ url: 'x', responseType: 'stream' })).toBe(false);
    expect(isPlainJson({ url: 'x', $return_headers: true })).toBe(false);
    expect(isPlainJson({ url: 'x', data: new FormData() })).toBe(false);
  });

  it('speaks TLS to an https domain and refuses a certificate it cannot verify', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feishu-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
      const tls = createTlsServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (_req, res) => res.end('{"code":0}'));
      await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
      try {
        const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/open-apis/im/v1/messages`;
        await expect(sendJson({ url, method: 'POST', data: {} }, 2000)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      } finally {
        tls.closeAllConnections();
        await new Promise((r) => tls.close(r));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
