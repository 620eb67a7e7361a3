import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postOutbound, type OutboundTransport } from '../../../src/integrations/net/outbound-post.js';
import { checkOutboundUrl, type OutboundPolicy } from '../../../src/integrations/net/url-guard.js';
import type { Resolver } from '../../../src/integrations/net/resolver.js';

interface Listener {
  server: Server;
  port: number;
  hits: string[];
}

/** A loopback server that records each request's path and answers with `answer`. */
async function listen(answer: (res: import('node:http').ServerResponse) => void): Promise<Listener> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    req.on('end', () => answer(res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

let ok: Listener; // answers 204
let target: Listener; // where a redirect points: must never be reached
let redirector: Listener; // answers 302 to `target`
let failing: Listener; // answers 500 with text that must not travel back
let silent: Listener; // never answers
beforeAll(async () => {
  ok = await listen((res) => res.writeHead(204).end());
  target = await listen((res) => res.writeHead(200).end('stolen'));
  redirector = await listen((res) => res.writeHead(302, { location: `http://127.0.0.1:${target.port}/steal` }).end());
  failing = await listen((res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('Traceback: db password=hunter2 at /srv/app.py'));
  silent = await listen(() => undefined);
});
afterAll(() => {
  for (const l of [ok, target, redirector, failing, silent]) {
    l.server.closeAllConnections();
    l.server.close();
  }
});

/** A resolver whose answers the test controls; counts lookups so a rebinding can be staged. */
function stagedResolver(answers: Record<string, string[][]>): Resolver & { calls: number } {
  const r = Object.assign(
    async (host: string) => {
      r.calls++;
      const seq = answers[host];
      if (!seq) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
      const list = seq[Math.min(r.calls - 1, seq.length - 1)]!;
      return list.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
    },
    { calls: 0 },
  );
  return r;
}

// A timeout far beyond a busy machine's round trip, so only the case that is about timeouts can end in one.
const post = (url: string, policy: OutboundPolicy, transport?: OutboundTransport) => postOutbound({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 30_000 }, policy, transport);

describe('outbound POST', () => {
  it('refuses at connect time a name that passed the registration check and now resolves to loopback (DNS rebinding)', async () => {
    const resolve = stagedResolver({ 'rebind.test': [['93.184.215.14'], ['127.0.0.1']] });
    const policy: OutboundPolicy = { allowHosts: [], resolve };
    expect((await checkOutboundUrl(`https://rebind.test:${ok.port}/hook`, policy)).ok).toBe(true);
    const before = ok.hits.length;
    expect(await post(`https://rebind.test:${ok.port}/hook`, policy)).toEqual({ ok: false, permanent: true, reason: 'refused: internal address (loopback)' });
    expect(resolve.calls).toBe(2); // the connection itself resolved the name again, and that answer was checked
    expect(ok.hits.length).toBe(before);
  });

  it('refuses a name when any address is internal, even if a public one comes first', async () => {
    const policy: OutboundPolicy = { allowHosts: [], resolve: stagedResolver({ 'mixed.test': [['93.184.215.14', '127.0.0.1']] }) };
    expect(await post(`https://mixed.test:${ok.port}/hook`, policy)).toMatchObject({ ok: false, permanent: true, reason: 'refused: internal address (loopback)' });
  });

  it('connects through the injected resolver (an allow-listed name resolving to loopback is reached)', async () => {
    const policy: OutboundPolicy = { allowHosts: ['fake.local'], resolve: stagedResolver({ 'fake.local': [['127.0.0.1']] }) };
    const before = ok.hits.length;
    expect(await post(`http://fake.local:${ok.port}/via-name`, policy)).toEqual({ ok: true, status: 204 });
    expect(ok.hits.slice(before)).toEqual(['/via-name']);
  });

  it('refuses literal internal addresses before connecting', async () => {
    const policy: OutboundPolicy = { allowHosts: [] };
    const before = ok.hits.length;
    expect(await post(`https://127.0.0.1:${ok.port}/hook`, policy)).toMatchObject({ ok: false, permanent: true, reason: 'refused: internal address (loopback)' });
    expect(await post(`https://[::ffff:7f00:1]:${ok.port}/hook`, policy)).toMatchObject({ ok: false, permanent: true });
    expect(await post(`http://2130706433:${ok.port}/hook`, policy)).toMatchObject({ ok: false, permanent: true, reason: 'refused: not https' });
    expect(ok.hits.length).toBe(before);
  });

  it.each<OutboundTransport>(['node', 'fetch'])('does not follow a redirect to an internal address (%s transport)', async (transport) => {
    // Only the redirector's own port is allow-listed; the target is another loopback port.
    const policy: OutboundPolicy = { allowHosts: [`127.0.0.1:${redirector.port}`] };
    const before = redirector.hits.length;
    expect(await post(`http://127.0.0.1:${redirector.port}/hook`, policy, transport)).toEqual({ ok: false, permanent: false, reason: 'HTTP 3xx (redirects are not followed)' });
    expect(redirector.hits.length).toBe(before + 1);
    expect(target.hits).toEqual([]);
  });

  it.each<OutboundTransport>(['node', 'fetch'])('reduces a failure to its status class, never the remote text (%s transport)', async (transport) => {
    const policy: OutboundPolicy = { allowHosts: ['127.0.0.1'] };
    const r = await post(`http://127.0.0.1:${failing.port}/hook`, policy, transport);
    expect(r).toEqual({ ok: false, permanent: false, reason: 'HTTP 5xx' });
    expect(JSON.stringify(r)).not.toMatch(/hunter2|Traceback/);
  });

  it('reports a timeout and a refused connection in its own words', async () => {
    const policy: OutboundPolicy = { allowHosts: ['127.0.0.1'] };
    const timedOut = await postOutbound({ url: `http://127.0.0.1:${silent.port}/hook`, headers: {}, body: '{}', timeoutMs: 150 }, policy);
    expect(timedOut).toEqual({ ok: false, permanent: false, reason: 'timeout' });
    const closed = await listen(() => undefined);
    await new Promise<void>((r) => closed.server.close(() => r()));
    expect(await post(`http://127.0.0.1:${closed.port}/hook`, policy)).toEqual({ ok: false, permanent: false, reason: 'connection failed' });
  });

  it('sends once more on a new connection when a pooled keep-alive socket turns out closed, and only then', async () => {
    // The server answers a connection's first request and drops the connection at its second, as a server whose
    // keep-alive timeout expired the moment the client reused the socket.
    const seen = new WeakSet<object>();
    let connections = 0;
    const flaky = await listen((res) => {
      if (seen.has(res.socket!)) return res.socket!.destroy();
      seen.add(res.socket!);
      res.writeHead(204).end();
    });
    flaky.server.on('connection', () => connections++);
    const policy: OutboundPolicy = { allowHosts: ['127.0.0.1'] };
    expect(await post(`http://127.0.0.1:${flaky.port}/first`, policy)).toEqual({ ok: true, status: 204 });
    expect(await post(`http://127.0.0.1:${flaky.port}/second`, policy)).toEqual({ ok: true, status: 204 });
    expect(connections).toBe(2);
    expect(flaky.hits).toEqual(['/first', '/second', '/second']);
    // A connection that fails fresh is not retried: a dead receiver is the outbox's to retry later.
    const dropping = await listen((res) => res.socket!.destroy());
    expect(await post(`http://127.0.0.1:${dropping.port}/hook`, policy)).toEqual({ ok: false, permanent: false, reason: 'connection failed' });
    expect(dropping.hits).toEqual(['/hook']);
    for (const l of [flaky, dropping]) {
      l.server.closeAllConnections();
      l.server.close();
    }
  });
});
