import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expense, testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ BODY_LIMIT_BYTES: '4096' });
});
afterAll(() => t.close());

describe('bad input gets a clear error and changes nothing', () => {
  it('rejects malformed JSON with 400 REQUEST.MALFORMED_JSON', async () => {
    const r = await t.call('POST', '/api/v1/requests', '{"type": "expense",');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('REQUEST.MALFORMED_JSON');
  });

  it('rejects unknown fields and names them', async () => {
    const r = await t.call('POST', '/api/v1/requests', { ...expense(), colour: 'red' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('REQUEST.INVALID');
    expect(JSON.stringify(r.body.error)).toMatch(/colour/);
  });

  it('rejects a float amount: money is integer minor units', async () => {
    const r = await t.call('POST', '/api/v1/requests', expense({ amount: { minor: 45.2, currency: 'USD' } }));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/amount\.minor/);
  });

  it('rejects an unsupported currency and a zero amount with business codes', async () => {
    const bad = await t.call('POST', '/api/v1/requests', expense({ amount: { minor: 100, currency: 'XYZ' } }));
    expect([bad.status, bad.body.error.code]).toEqual([422, 'MONEY.UNSUPPORTED_CURRENCY']);
    const zero = await t.call('POST', '/api/v1/requests', expense({ amount: { minor: 0, currency: 'CNY' } }));
    expect([zero.status, zero.body.error.code]).toEqual([422, 'MONEY.INVALID_AMOUNT']);
  });

  it('answers 413 for an oversize body, whether its length is declared or it streams', async () => {
    const body = JSON.stringify(expense({ title: 'x'.repeat(10_000) }));
    const declared = await t.call('POST', '/api/v1/requests', body, { 'content-length': String(Buffer.byteLength(body)) });
    expect([declared.status, declared.body.error.code]).toEqual([413, 'REQUEST.TOO_LARGE']);
    const streamed = await t.call('POST', '/api/v1/requests', body);
    expect([streamed.status, streamed.body.error.code]).toEqual([413, 'REQUEST.TOO_LARGE']);
    const within = JSON.stringify(expense());
    const ok = await t.call('POST', '/api/v1/requests', within, { 'content-length': String(Buffer.byteLength(within)) });
    expect(ok.status).toBe(201);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const r = await t.call('POST', '/api/v1/requests', 'type=expense', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const bad = await t.call('GET', '/api/v1/requests/<script>');
    expect(bad.status).toBe(400);
    const missing = await t.call('GET', '/api/v1/requests/req_nope');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const noApproval = await t.call('POST', '/api/v1/approvals/apr_nope/actions', { actorId: 'e_wangqiang', action: 'approve' });
    expect(noApproval.status).toBe(404);
  });

  it('answers 401 without a key or with a wrong one, 403 without the scope', async () => {
    const none = await t.app.request('/api/v1/requests');
    expect(none.status).toBe(401);
    const wrong = await t.app.request('/api/v1/requests', { headers: { authorization: 'Bearer sk_nope' } });
    expect(((await wrong.json()) as any).error.code).toBe('AUTH.UNAUTHENTICATED');
    const readOnly = await t.keyWith(['requests:read']);
    const r = await t.app.request('/api/v1/requests', { method: 'POST', headers: { authorization: `Bearer ${readOnly}`, 'content-type': 'application/json' }, body: JSON.stringify(expense()) });
    expect(r.status).toBe(403);
    expect(((await r.json()) as any).error.message).toMatch(/requests:write/);
  });

  it('answers 404 with the error shape for an unknown route', async () => {
    const r = await t.call('GET', '/api/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('ROUTE.NOT_FOUND');
  });

  it('rejects a bad pagination cursor clearly', async () => {
    const r = await t.call('GET', '/api/v1/requests?cursor=garbage');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/cursor/);
  });
});

describe('OpenAPI and health', () => {
  it('publishes an OpenAPI 3.1 document listing the integration endpoints', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/api/v1/org/sync', '/api/v1/flows/{id}', '/api/v1/budgets', '/api/v1/requests/{id}', '/api/v1/approvals/{id}/actions', '/api/v1/webhooks'])
      expect(Object.keys(doc.paths)).toContain(p);
    expect(doc.components.securitySchemes.apiKey.scheme).toBe('bearer');
  });

  it('serves a docs page and a health check', async () => {
    expect(await (await t.app.request('/docs')).text()).toMatch(/swagger-ui/);
    expect(await (await t.app.request('/health')).json()).toMatchObject({ status: 'ok', database: 'ok' });
  });
});
