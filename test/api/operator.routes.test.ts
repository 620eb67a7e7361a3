import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index.js';
import { testApp, type TestApp } from '../helpers/app.js';

const OPERATOR_KEY = 'op_test_0123456789abcdefghijklmnop';
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ OPERATOR_KEY });
});
afterAll(() => t.close());

/** A JSON request with whatever Authorization header is given (none when undefined). */
async function as(key: string | undefined, method: string, path: string, body?: unknown) {
  const res = await t.app.request(path, {
    method,
    headers: { ...(key === undefined ? {} : { authorization: `Bearer ${key}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const op = (method: string, path: string, body?: unknown) => as(OPERATOR_KEY, method, path, body);

describe('operator API: who may call it', () => {
  it('answers 401 without a key and with a wrong key', async () => {
    expect((await as(undefined, 'GET', '/api/v1/operator/organisations')).status).toBe(401);
    const wrong = await as(`${OPERATOR_KEY}x`, 'GET', '/api/v1/operator/organisations');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('AUTH.UNAUTHENTICATED');
  });

  it("refuses an organisation's API key on operator routes", async () => {
    const r = await as(t.key, 'POST', '/api/v1/operator/organisations', { id: 'sneaky', name: 'Sneaky' });
    expect(r.status).toBe(401);
    expect((await op('GET', '/api/v1/operator/organisations')).body.organisations.map((o: any) => o.id)).not.toContain('sneaky');
  });

  it("refuses the operator key on an organisation's routes", async () => {
    const r = await op('GET', '/api/v1/org');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('does not exist without OPERATOR_KEY', async () => {
    const bare = await testApp();
    try {
      const r = await bare.app.request('/api/v1/operator/organisations', { headers: { authorization: `Bearer ${OPERATOR_KEY}` } });
      expect(r.status).toBe(404);
      expect(JSON.stringify(await (await bare.app.request('/openapi.json')).json())).not.toContain('/api/v1/operator');
    } finally {
      await bare.close();
    }
  });
});

describe('operator API: onboarding an organisation', () => {
  it('creates an organisation once, audits it, and answers 409 ORG.EXISTS the second time', async () => {
    const created = await op('POST', '/api/v1/operator/organisations', { id: 'acme', name: 'Acme Ltd', timeZone: 'Europe/London', currency: 'GBP' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 'acme', name: 'Acme Ltd', timeZone: 'Europe/London', currency: 'GBP' });
    const again = await op('POST', '/api/v1/operator/organisations', { id: 'acme', name: 'Other' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ORG.EXISTS');
    const listed = await op('GET', '/api/v1/operator/organisations');
    expect(listed.body.organisations.find((o: any) => o.id === 'acme')).toMatchObject({ name: 'Acme Ltd', timeZone: 'Europe/London', currency: 'GBP' });
    const audit = await t.database.db.select().from(auditLog).where(and(eq(auditLog.orgId, 'acme'), eq(auditLog.action, 'org.create')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!).toMatchObject({ actorId: 'operator', via: 'operator-key' });
  });

  it('defaults the time zone to Asia/Shanghai and the currency to CNY', async () => {
    const r = await op('POST', '/api/v1/operator/organisations', { id: 'plain.co', name: 'Plain' });
    expect(r.body).toMatchObject({ timeZone: 'Asia/Shanghai', currency: 'CNY' });
  });

  it('refuses invalid ids, names, time zones and currencies without creating anything', async () => {
    const cases: [unknown, number, string][] = [
      [{ id: 'has space', name: 'X' }, 400, 'id'],
      [{ id: 'a:b', name: 'X' }, 400, 'id'],
      [{ id: 'ok1', name: '' }, 400, 'name'],
      [{ id: 'ok2', name: 'X', timeZone: 'Mars/Olympus' }, 400, 'timeZone'],
      [{ id: 'ok3', name: 'X', currency: 'XYZ' }, 422, 'currency'],
      [{ id: 'ok4', name: 'X', extra: true }, 400, ''],
    ];
    for (const [body, status, field] of cases) {
      const r = await op('POST', '/api/v1/operator/organisations', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.error.message).toContain(field);
    }
    const ids = (await op('GET', '/api/v1/operator/organisations')).body.organisations.map((o: any) => o.id);
    for (const id of ['has space', 'a:b', 'ok1', 'ok2', 'ok3', 'ok4']) expect(ids).not.toContain(id);
  });

  it("issues the organisation's first API key once; the key works on that organisation only", async () => {
    await op('POST', '/api/v1/operator/organisations', { id: 'beta', name: 'Beta' });
    const issued = await op('POST', '/api/v1/operator/organisations/beta/api-keys', { name: 'OA', scopes: ['org:write', 'org:read'] });
    expect(issued.status).toBe(201);
    expect(issued.body.key).toMatch(/^sk_/);
    expect(issued.body.scopes).toEqual(['org:write', 'org:read']);
    const sync = await as(issued.body.key, 'POST', '/api/v1/org/sync', { departments: [{ id: 'd1', name: 'HQ' }], employees: [{ id: 'b1', name: 'Bo', departmentId: 'd1' }] });
    expect(sync.status).toBe(200);
    const org = await as(issued.body.key, 'GET', '/api/v1/org');
    expect(org.body.employees.map((e: any) => e.id)).toEqual(['b1']);
    // Scopes are enforced: this key cannot read budgets.
    expect((await as(issued.body.key, 'GET', '/api/v1/budgets')).status).toBe(403);
    const second = await op('POST', '/api/v1/operator/organisations/beta/api-keys', { scopes: ['org:read'] });
    expect(second.status).toBe(409);
    const audit = await t.database.db.select().from(auditLog).where(and(eq(auditLog.orgId, 'beta'), eq(auditLog.action, 'api-key.create')));
    expect(audit.map((a) => a.subjectId)).toEqual([issued.body.id]);
    expect(JSON.stringify(audit[0]!.after)).not.toContain(issued.body.key);
  });

  it('answers 404 for a key of an unknown organisation and 400 for unknown scopes', async () => {
    expect((await op('POST', '/api/v1/operator/organisations/nobody/api-keys', { scopes: ['org:read'] })).status).toBe(404);
    await op('POST', '/api/v1/operator/organisations', { id: 'gamma', name: 'Gamma' });
    expect((await op('POST', '/api/v1/operator/organisations/gamma/api-keys', { scopes: ['root'] })).status).toBe(400);
    expect((await op('POST', '/api/v1/operator/organisations/gamma/api-keys', { scopes: [] })).status).toBe(400);
  });

  it('takes an Idempotency-Key header in its stride and refuses a NUL in a name like every route', async () => {
    const res = await t.app.request('/api/v1/operator/organisations', {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'onboard-delta' },
      body: JSON.stringify({ id: 'delta', name: 'Delta' }),
    });
    expect(res.status).toBe(201);
    const nul = await op('POST', '/api/v1/operator/organisations', { id: 'epsilon', name: 'Eps\u0000ilon' });
    expect(nul.status).toBe(400);
  });

  it('documents the operator routes with their own security scheme', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as any;
    expect(doc.components.securitySchemes.operatorKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/v1/operator/organisations'].post.security).toEqual([{ operatorKey: [] }]);
    expect(doc.paths['/api/v1/operator/organisations/{id}/api-keys'].post.security).toEqual([{ operatorKey: [] }]);
  });
});

describe('operator API: platform tenants', () => {
  it('connects a tenant to one organisation only, and the next event from it is routed there', async () => {
    await op('POST', '/api/v1/operator/organisations', { id: 'tenant-a', name: 'Tenant A' });
    await op('POST', '/api/v1/operator/organisations', { id: 'tenant-b', name: 'Tenant B' });
    const first = await op('POST', '/api/v1/operator/organisations/tenant-a/tenants', { platform: 'feishu', tenant: 'tk_736588c9260f175d' });
    expect([first.status, first.body.created]).toEqual([201, true]);
    const again = await op('POST', '/api/v1/operator/organisations/tenant-a/tenants', { platform: 'feishu', tenant: 'tk_736588c9260f175d' });
    expect([again.status, again.body.created]).toEqual([201, false]);
    const taken = await op('POST', '/api/v1/operator/organisations/tenant-b/tenants', { platform: 'feishu', tenant: 'tk_736588c9260f175d' });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'ORG.TENANT_TAKEN']);
    expect((await op('POST', '/api/v1/operator/organisations/nobody/tenants', { platform: 'slack', tenant: 'T0001' })).status).toBe(404);
    expect((await op('POST', '/api/v1/operator/organisations/tenant-a/tenants', { platform: 'teams', tenant: 'x' })).status).toBe(400);
    const audit = await t.database.db.select().from(auditLog).where(and(eq(auditLog.orgId, 'tenant-a'), eq(auditLog.action, 'tenant.register')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.via).toBe('operator-key');
    const { tenantOrg } = await import('../../db/repos/tenants.js');
    expect(await tenantOrg(t.database.db, 'feishu', 'tk_736588c9260f175d')).toBe('tenant-a');
  });
});
