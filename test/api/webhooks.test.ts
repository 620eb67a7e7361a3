// Webhook subscriptions end to end: the outbound guard at registration and delivery, secret rotation, audit rows and
// the wall between organisations. The app runs over two bare organisations; every receiver is on loopback.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/database.js';
import { createApiKey, API_SCOPES } from '../../db/repos/api-keys.js';
import { auditTrail } from '../../db/repos/audit.js';
import { createOrganisation } from '../../db/repos/org.js';
import { enqueue } from '../../db/repos/outbox.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { publishHandler, TOPIC_PUBLISH, TOPIC_WEBHOOK, type WebhookEvent } from '../../src/integrations/webhooks.js';
import type { Resolver } from '../../src/integrations/net/resolver.js';
import { dispatchOnce, type OutboxHandler } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { randomIds } from '../../src/runtime.js';
import { createSecretBox } from '../../src/secrets.js';
import { outboxHandlers } from '../../src/services.js';
import { verifySignature } from '../fakes/webhook-receiver.js';
import { testClock } from '../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback receiver: /hook answers 204, /fail 500 with text that must stay here, /redirect 302 to `redirectTo`. */
async function receiver(redirectTo = ''): Promise<{ server: Server; port: number; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/fail') res.writeHead(500, { 'content-type': 'text/plain' }).end('Traceback: password=hunter2 in /srv/receiver.py');
      else if (req.url === '/redirect') res.writeHead(302, { location: redirectTo }).end();
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, got };
}

// Names resolve only through this table (no real DNS). rebind.test is public until `rebound` is set.
let rebound = false;
const resolve: Resolver = async (host) => {
  const table: Record<string, string[]> = {
    'hooks.example.com': ['93.184.215.14'],
    'loopback.test': ['127.0.0.1'],
    'rebind.test': rebound ? ['127.0.0.1'] : ['93.184.215.14'],
  };
  const found = table[host];
  if (!found) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: 4 as const }));
};

let database: TestDatabase;
let recv: Awaited<ReturnType<typeof receiver>>;
let target: Awaited<ReturnType<typeof receiver>>; // a redirect's destination: must never be reached
const clock = testClock();
let deps: Parameters<typeof createApp>[0];
let app: ReturnType<typeof createApp>;
const keys: Record<string, { key: string; id: string }> = {};

beforeAll(async () => {
  database = await freshDatabase();
  target = await receiver();
  recv = await receiver(`http://127.0.0.1:${target.port}/steal`);
  // Only the receiver's own port may use http and loopback; the redirect target is another loopback port.
  const config = loadConfig({ DATA_DIR: 'memory://', WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${recv.port}` });
  deps = { db: database.db, clock, ids: randomIds, config, box: createSecretBox([randomBytes(32)]), log: silentLogger, outbound: { resolve } };
  for (const org of ['acme', 'globex']) {
    await createOrganisation(database.db, { id: org, name: org, timeZone: 'Asia/Shanghai', defaultCurrency: 'CNY' });
    const id = randomIds.next('key');
    keys[org] = { id, key: await createApiKey(database.db, org, id, 'test', [...API_SCOPES]) };
  }
  app = createApp(deps);
});
afterAll(async () => {
  for (const r of [recv, target]) {
    r.server.closeAllConnections();
    r.server.close();
  }
  await database.close();
});

async function call(org: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${keys[org]!.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Publishes one event for `org` and runs the fan-out and delivery; returns the delivery rows' status and reason. */
async function publishAndDeliver(org: string, type = 'request.submitted') {
  const key = `evt-${randomBytes(4).toString('hex')}`;
  const event: WebhookEvent = { id: key, type, orgId: org, subject: { type: 'request', id: 'r1' }, at: clock.now().toISOString(), payload: { n: 1 } };
  await enqueue(database.db, [{ orgId: org, topic: TOPIC_PUBLISH, key, payload: event }]);
  // The real delivery handler, wired as the service wires it (allow list and resolver from deps).
  const handlers = new Map<string, OutboxHandler | ReturnType<typeof publishHandler>>([
    [TOPIC_PUBLISH, publishHandler(database.db)],
    [TOPIC_WEBHOOK, outboxHandlers(deps).get(TOPIC_WEBHOOK)!],
  ]);
  for (let i = 0; i < 5; i++) if ((await dispatchOnce(database.db, handlers, { batch: 100, maxAttempts: 5, concurrency: 4, baseDelayMs: 600_000 }, silentLogger)).claimed === 0) break;
  return rowsOf<{ status: string; last_error: string | null }>(
    await database.db.execute(sql`SELECT status, last_error FROM outbox WHERE topic = ${TOPIC_WEBHOOK} AND key LIKE ${`${key}>%`} ORDER BY id`),
  );
}

const subscribe = (org: string, url: string, events = ['*']) => call(org, 'POST', '/api/v1/webhooks', { url, events });
const unsubscribeAll = async (org: string) => {
  for (const w of (await call(org, 'GET', '/api/v1/webhooks')).body.webhooks) await call(org, 'DELETE', `/api/v1/webhooks/${w.id}`);
};

describe('registering a webhook URL', () => {
  it.each([
    ['http://hooks.example.com/hook', 'WEBHOOK.URL_NOT_HTTPS', /https/],
    ['ftp://hooks.example.com/hook', 'WEBHOOK.URL_NOT_HTTPS', /https/],
    ['https://user:pass@hooks.example.com/hook', 'WEBHOOK.URL_CREDENTIALS', /user name or password/],
    ['https://127.0.0.1/hook', 'WEBHOOK.URL_INTERNAL', /loopback/],
    ['https://2130706433/hook', 'WEBHOOK.URL_INTERNAL', /loopback/],
    ['https://0x7f.1/hook', 'WEBHOOK.URL_INTERNAL', /loopback/],
    ['https://[::ffff:7f00:1]/hook', 'WEBHOOK.URL_INTERNAL', /loopback/],
    ['https://10.0.0.8/hook', 'WEBHOOK.URL_INTERNAL', /private/],
    ['https://169.254.169.254/latest/meta-data/', 'WEBHOOK.URL_INTERNAL', /metadata/],
    ['https://[fd00:ec2::254]/', 'WEBHOOK.URL_INTERNAL', /metadata/],
    ['https://localhost/hook', 'WEBHOOK.URL_INTERNAL', /loopback/],
    ['https://loopback.test/hook', 'WEBHOOK.URL_INTERNAL', /loopback/],
    ['https://nowhere.test/hook', 'WEBHOOK.URL_UNRESOLVABLE', /does not resolve/],
    ['https://[::1]:8443/hook', 'WEBHOOK.URL_INTERNAL', /loopback/],
  ])('refuses %s with 422 %s and saves nothing', async (url, code, message) => {
    const r = await subscribe('acme', url);
    expect(r.status).toBe(422);
    expect(r.body.error).toEqual({ code, message: expect.stringMatching(message), requestId: expect.any(String) });
    expect((await call('acme', 'GET', '/api/v1/webhooks')).body.webhooks).toEqual([]);
  });

  it('does not tell the caller what an internal name resolves to', async () => {
    const r = await subscribe('acme', 'https://loopback.test/hook');
    expect(JSON.stringify(r.body)).not.toContain('127.0.0.1');
  });

  it('refuses plain http to loopback on a port that is not allow-listed', async () => {
    const r = await subscribe('acme', `http://127.0.0.1:${target.port}/hook`);
    expect(r.body.error.code).toBe('WEBHOOK.URL_NOT_HTTPS');
  });

  it('accepts https to a public name and audits the subscription, naming the API key', async () => {
    const r = await subscribe('acme', 'https://hooks.example.com/spend', ['approval.*']);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ url: 'https://hooks.example.com/spend', events: ['approval.*'], secret: expect.stringMatching(/^whsec_/) });
    const trail = await auditTrail(database.db, 'acme', 'webhook', r.body.id);
    expect(trail).toEqual([expect.objectContaining({ action: 'webhook.subscribe', actorId: `apikey:${keys.acme!.id}`, after: { url: 'https://hooks.example.com/spend', events: ['approval.*'] } })]);
    expect(JSON.stringify(trail)).not.toContain(r.body.secret);
    await unsubscribeAll('acme');
  });

  it('keeps a query string (often a token) out of the audit log', async () => {
    const r = await subscribe('acme', 'https://hooks.example.com/spend?token=abc123');
    expect(r.body.url).toBe('https://hooks.example.com/spend?token=abc123');
    const [row] = await auditTrail(database.db, 'acme', 'webhook', r.body.id);
    expect(row?.after).toEqual({ url: 'https://hooks.example.com/spend?…', events: ['*'] });
    await unsubscribeAll('acme');
  });
});

describe('delivering', () => {
  it('dead-letters a delivery whose name now resolves to loopback, and the local listener gets nothing', async () => {
    rebound = false;
    const hook = await subscribe('acme', `https://rebind.test:${recv.port}/hook`);
    expect(hook.status).toBe(201);
    rebound = true;
    const before = recv.got.length;
    const rows = await publishAndDeliver('acme');
    expect(rows).toEqual([{ status: 'dead', last_error: 'refused: internal address (loopback)' }]);
    expect(recv.got.length).toBe(before);
    await unsubscribeAll('acme');
  });

  it('does not follow a redirect: the delivery fails with HTTP 3xx and the redirect target gets nothing', async () => {
    await subscribe('acme', `http://127.0.0.1:${recv.port}/redirect`);
    const rows = await publishAndDeliver('acme');
    expect(rows).toEqual([{ status: 'pending', last_error: 'HTTP 3xx (redirects are not followed)' }]);
    expect(recv.got.at(-1)?.path).toBe('/redirect');
    expect(target.got).toEqual([]);
    await unsubscribeAll('acme');
  });

  it("keeps the receiver's answer out of the stored failure and of what the API shows", async () => {
    await subscribe('acme', `http://127.0.0.1:${recv.port}/fail`);
    const rows = await publishAndDeliver('acme');
    expect(rows).toEqual([{ status: 'pending', last_error: 'HTTP 5xx' }]);
    const shown = await call('acme', 'GET', '/api/v1/audit/verify');
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).not.toMatch(/hunter2|Traceback/);
    const listed = await call('acme', 'GET', '/api/v1/webhooks');
    expect(JSON.stringify(listed.body)).not.toMatch(/hunter2|Traceback/);
    await unsubscribeAll('acme');
  });

  it('drops deliveries still queued for a webhook that was unsubscribed', async () => {
    const hook = await subscribe('acme', `http://127.0.0.1:${recv.port}/hook`);
    const event = { id: 'e-late', type: 'request.submitted', orgId: 'acme', subject: { type: 'request', id: 'r1' }, at: clock.now().toISOString(), payload: {} };
    await enqueue(database.db, [{ orgId: 'acme', topic: TOPIC_WEBHOOK, key: 'late>1', payload: { webhookId: hook.body.id, event } }]);
    expect((await call('acme', 'DELETE', `/api/v1/webhooks/${hook.body.id}`)).status).toBe(200);
    const before = recv.got.length;
    await dispatchOnce(database.db, new Map([[TOPIC_WEBHOOK, outboxHandlers(deps).get(TOPIC_WEBHOOK)!]]), { batch: 100, maxAttempts: 5, concurrency: 1 }, silentLogger);
    expect(recv.got.length).toBe(before);
    const [row] = rowsOf<{ status: string }>(await database.db.execute(sql`SELECT status FROM outbox WHERE key = 'late>1'`));
    expect(row?.status).toBe('dead');
  });
});

/** The `v1` values of a signature header, in order. */
const v1s = (header: string | string[] | undefined) => String(header).split(',').filter((p) => p.startsWith('v1=')).map((p) => p.slice(3));
const tsOf = (r: Received) => Number(/^t=(\d+)/.exec(String(r.headers['x-spend-signature']))?.[1]);
/** Whether the delivery's signature header verifies with `secret` (any `v1` may match), at the time it was signed. */
const verifies = (secret: string, r: Received) => verifySignature(secret, String(r.headers['x-spend-signature']), r.body, tsOf(r)).ok;

describe('rotating the signing secret', () => {
  it('signs with both secrets during the overlap, new first, then with the new one only', async () => {
    const hook = await subscribe('acme', `http://127.0.0.1:${recv.port}/hook`);
    const oldSecret: string = hook.body.secret;
    const rotated = await call('acme', 'POST', `/api/v1/webhooks/${hook.body.id}/rotate-secret`, { overlapSeconds: 3600 });
    expect(rotated.status).toBe(200);
    const newSecret: string = rotated.body.secret;
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.body.previousValidUntil).toBe(new Date(clock.now().getTime() + 3600_000).toISOString());

    await publishAndDeliver('acme');
    const during = recv.got.at(-1)!;
    expect(String(during.headers['x-spend-signature'])).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    // The new secret's signature first, then the old one's: each verifies on its own.
    const [first, second] = v1s(during.headers['x-spend-signature']);
    expect(verifies(newSecret, { ...during, headers: { 'x-spend-signature': `t=${tsOf(during)},v1=${first}` } })).toBe(true);
    expect(verifies(oldSecret, { ...during, headers: { 'x-spend-signature': `t=${tsOf(during)},v1=${second}` } })).toBe(true);

    clock.advance(3601_000);
    await publishAndDeliver('acme');
    const after = recv.got.at(-1)!;
    expect(v1s(after.headers['x-spend-signature'])).toHaveLength(1);
    expect(verifies(newSecret, after)).toBe(true);
    expect(verifies(oldSecret, after)).toBe(false);

    const trail = await auditTrail(database.db, 'acme', 'webhook', hook.body.id);
    expect(trail.map((a) => a.action)).toEqual(['webhook.subscribe', 'webhook.rotate_secret']);
    expect(trail[1]).toMatchObject({ actorId: `apikey:${keys.acme!.id}`, after: { overlapSeconds: 3600 } });
    expect(JSON.stringify(trail)).not.toContain(newSecret);
    await unsubscribeAll('acme');
  });

  it('keeps the old secret for 24 hours by default and refuses an overlap longer than 7 days', async () => {
    const hook = await subscribe('acme', 'https://hooks.example.com/rotate');
    const r = await call('acme', 'POST', `/api/v1/webhooks/${hook.body.id}/rotate-secret`, {});
    expect(r.body.previousValidUntil).toBe(new Date(clock.now().getTime() + 86_400_000).toISOString());
    const tooLong = await call('acme', 'POST', `/api/v1/webhooks/${hook.body.id}/rotate-secret`, { overlapSeconds: 7 * 86_400 + 1 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('REQUEST.INVALID');
    await unsubscribeAll('acme');
  });
});

describe('organisations are walls', () => {
  it("answers 404 for another organisation's webhook on every route, and changes nothing", async () => {
    const hook = await subscribe('acme', `http://127.0.0.1:${recv.port}/hook`);
    const id: string = hook.body.id;
    expect((await call('globex', 'GET', '/api/v1/webhooks')).body.webhooks).toEqual([]);
    const del = await call('globex', 'DELETE', `/api/v1/webhooks/${id}`);
    expect(del.status).toBe(404);
    expect(del.body.error.code).toBe('NOT_FOUND');
    const rot = await call('globex', 'POST', `/api/v1/webhooks/${id}/rotate-secret`, {});
    expect(rot.status).toBe(404);
    expect(rot.body.error.code).toBe('NOT_FOUND');
    // Still acme's, still signing with its original secret only, and no audit rows for globex's attempts.
    expect((await call('acme', 'GET', '/api/v1/webhooks')).body.webhooks.map((w: { id: string }) => w.id)).toEqual([id]);
    await publishAndDeliver('acme');
    expect(verifies(hook.body.secret, recv.got.at(-1)!)).toBe(true);
    expect(v1s(recv.got.at(-1)!.headers['x-spend-signature'])).toHaveLength(1);
    expect((await auditTrail(database.db, 'acme', 'webhook', id)).map((a) => a.action)).toEqual(['webhook.subscribe']);
    expect(await auditTrail(database.db, 'globex', 'webhook', id)).toEqual([]);
    await unsubscribeAll('acme');
  });

  it("does not deliver one organisation's events to another's subscription", async () => {
    await subscribe('acme', `http://127.0.0.1:${recv.port}/hook`);
    const before = recv.got.length;
    expect(await publishAndDeliver('globex')).toEqual([]);
    expect(recv.got.length).toBe(before);
    await unsubscribeAll('acme');
  });

  it('audits an unsubscription once; a second one answers 404', async () => {
    const hook = await subscribe('acme', 'https://hooks.example.com/bye');
    expect((await call('acme', 'DELETE', `/api/v1/webhooks/${hook.body.id}`)).status).toBe(200);
    expect((await call('acme', 'DELETE', `/api/v1/webhooks/${hook.body.id}`)).status).toBe(404);
    const trail = await auditTrail(database.db, 'acme', 'webhook', hook.body.id);
    expect(trail.map((a) => [a.action, a.actorId])).toEqual([
      ['webhook.subscribe', `apikey:${keys.acme!.id}`],
      ['webhook.unsubscribe', `apikey:${keys.acme!.id}`],
    ]);
  });

  it('documents 404 and 422 on every webhook route', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    for (const [path, method] of [['/api/v1/webhooks', 'post'], ['/api/v1/webhooks/{id}', 'delete'], ['/api/v1/webhooks/{id}/rotate-secret', 'post']] as const)
      expect(Object.keys(doc.paths[path][method].responses)).toEqual(expect.arrayContaining(['404', '422']));
  });
});
