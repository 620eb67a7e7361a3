// Every request has an id: the caller's X-Request-Id when it is sane, else a generated one; echoed on the answer, in
// every error body, and on every log line written while the request is handled, however deep (a chat event's tenant
// routing logs after database round trips, with nothing passed down).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTenant } from '../../db/repos/tenants.js';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/log.js';
import { currentRequestId, requestIdFrom, withRequestId } from '../../src/request-context.js';
import { randomIds } from '../../src/runtime.js';
import { createSecretBox } from '../../src/secrets.js';
import { signedFeishuRequest } from '../fakes/sign.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';

const TOKEN = 'request-id-token';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const lines: Record<string, unknown>[] = [];
let t: TestApp;

beforeAll(async () => {
  const log = createLogger('debug', (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
  t = await testApp({ FEISHU_APP_ID: 'cli_rid', FEISHU_APP_SECRET: 'secret', FEISHU_VERIFICATION_TOKEN: TOKEN, FEISHU_DOMAIN: 'http://127.0.0.1:9' }, { parser: ruleParser, log });
  // With one tenant registered, an event from another is acknowledged and logged, never run in a default organisation.
  expect((await registerTenant(t.database.db, 'demo', 'feishu', 'tk_known')).ok).toBe(true);
});
afterAll(() => t.close());

describe('requestIdFrom', () => {
  it('keeps a printable id of up to 128 characters and replaces anything else', () => {
    expect(requestIdFrom('abc-123')).toBe('abc-123');
    expect(requestIdFrom('  lb/trace 42  ')).toBe('lb/trace 42');
    expect(requestIdFrom('x'.repeat(128))).toBe('x'.repeat(128));
    for (const bad of [undefined, '', '   ', 'x'.repeat(129), 'a\u0001b', 'é', '请求'])
      expect(requestIdFrom(bad), JSON.stringify(bad)).toMatch(UUID);
  });

  it('is visible through awaits and timers started inside the request, and not outside it', async () => {
    const seen = await withRequestId('rid-async', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return new Promise<string | undefined>((r) => setImmediate(() => r(currentRequestId())));
    });
    expect(seen).toBe('rid-async');
    expect(currentRequestId()).toBeUndefined();
  });
});

describe('X-Request-Id over HTTP', () => {
  it('honours a sane id sent by the caller and echoes it', async () => {
    const r = await t.app.request('/health', { headers: { 'x-request-id': 'caller-id-1' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toBe('caller-id-1');
  });

  it('generates an id when none is sent, or when the one sent is not sane, and echoes it', async () => {
    const none = await t.app.request('/health');
    expect(none.headers.get('x-request-id')).toMatch(UUID);
    const long = await t.app.request('/health', { headers: { 'x-request-id': 'y'.repeat(200) } });
    expect(long.headers.get('x-request-id')).toMatch(UUID);
    const other = await t.app.request('/health');
    expect(other.headers.get('x-request-id')).not.toBe(none.headers.get('x-request-id'));
  });

  it('puts it in a 4xx error body (unknown route, validation failure, unauthenticated)', async () => {
    const notFound = await t.app.request('/no/such/route', { headers: { 'x-request-id': 'rid-404' } });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('x-request-id')).toBe('rid-404');
    expect(await notFound.json()).toEqual({ error: { code: 'ROUTE.NOT_FOUND', message: 'no route for GET /no/such/route', requestId: 'rid-404' } });

    const invalid = await t.call('POST', '/api/v1/requests', { type: 'expense' }, { 'x-request-id': 'rid-400' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 'REQUEST.INVALID', requestId: 'rid-400' });

    const anonymous = await t.app.request('/api/v1/requests');
    expect(anonymous.status).toBe(401);
    const body = (await anonymous.json()) as { error: { requestId: string } };
    expect(body.error.requestId).toMatch(UUID);
    expect(body.error.requestId).toBe(anonymous.headers.get('x-request-id'));
  });

  it('puts it in a 500 body and on the error log line', async () => {
    lines.length = 0;
    const log = createLogger('debug', (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
    const app = createApp({ ...t.deps, log, box: createSecretBox([randomBytes(32)]), ids: randomIds }, (a) =>
      a.get('/boom', () => {
        throw new Error('a bug');
      }),
    );
    const r = await app.request('/boom', { headers: { 'x-request-id': 'rid-500' } });
    expect(r.status).toBe(500);
    expect(r.headers.get('x-request-id')).toBe('rid-500');
    expect(await r.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error; it has been logged', requestId: 'rid-500' } });
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'unhandled error', requestId: 'rid-500' }));
  });

  it('puts it in a platform webhook refusal', async () => {
    const r = await t.app.request('/feishu/events', { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'rid-feishu' }, body: JSON.stringify({ schema: '2.0', header: { token: 'wrong' } }) });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(((await r.json()) as { error: { requestId: string } }).error.requestId).toBe('rid-feishu');
  });

  it('is on a log line written deep inside the chat, after database round trips, with nothing passed down', async () => {
    lines.length = 0;
    const header = { event_id: 'ev_rid_1', event_type: 'im.message.receive_v1', app_id: 'cli_rid', tenant_key: 'tk_stranger', create_time: '1', token: TOKEN };
    const body = { schema: '2.0', header, event: { sender: { sender_id: { open_id: 'ou_x' }, sender_type: 'user' }, message: { message_id: 'om_rid', chat_id: 'oc_rid', chat_type: 'p2p', message_type: 'text', content: JSON.stringify({ text: 'help' }) } } };
    const { headers, rawBody } = signedFeishuRequest({ verificationToken: TOKEN, body, timestamp: Math.floor(t.clock.now().getTime() / 1000) });
    const r = await t.app.request('/feishu/events', { method: 'POST', headers: { ...headers, 'x-request-id': 'rid-deep' }, body: rawBody });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toBe('rid-deep');
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'ignored an event from a tenant no organisation has registered', tenant: 'tk_stranger', requestId: 'rid-deep' }));
    // A line written outside any request carries none.
    t.deps.log.info('outside');
    expect(lines.at(-1)).not.toHaveProperty('requestId');
  });
});
