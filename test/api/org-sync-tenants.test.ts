// Platform identities across organisations: keyed by tenant, never taken from another organisation, defaulting to the
// organisation's registered tenant when the OA sync does not name one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SCOPES, createApiKey } from '../../db/repos/api-keys.js';
import { createOrganisation, findByIdentity, identitiesOf, loadOrg, upsertDepartments } from '../../db/repos/org.js';
import { registerTenant } from '../../db/repos/tenants.js';
import { testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let acmeKey: string;
beforeAll(async () => {
  t = await testApp();
  await createOrganisation(t.database.db, { id: 'acme', name: 'Acme', timeZone: 'Europe/London', defaultCurrency: 'GBP' });
  await upsertDepartments(t.database.db, [{ id: 'd_acme', orgId: 'acme', name: 'Acme HQ', parentId: null, headId: null }], t.clock.now());
  acmeKey = await createApiKey(t.database.db, 'acme', 'key_acme', 'acme oa', [...API_SCOPES]);
});
afterAll(() => t.close());

const asAcme = (body: unknown) => t.call('POST', '/api/v1/org/sync', body, { authorization: `Bearer ${acmeKey}` });
const employee = (id: string, identities: unknown[]) => ({ id, name: id, departmentId: 'd_acme', identities });

describe('platform identities in the organisation sync', () => {
  it('refuses an identity another organisation linked, with 409, and saves nothing of that sync', async () => {
    const demo = await t.call('POST', '/api/v1/org/sync', { employees: [{ id: 'e_zhangwei', name: '张伟', departmentId: 'd_rd', managerId: 'e_wangqiang', identities: [{ platform: 'feishu', kind: 'open_id', externalId: 'ou_taken' }] }] });
    expect(demo.status).toBe(200);

    const r = await asAcme({ employees: [employee('e_thief', [{ platform: 'feishu', kind: 'open_id', externalId: 'ou_taken' }])] });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ORG.IDENTITY_TAKEN');
    expect((await loadOrg(t.database.db, 'acme')).employees).toEqual([]);
    expect((await findByIdentity(t.database.db, 'demo', 'feishu', '', 'ou_taken'))?.id).toBe('e_zhangwei');
    expect(await findByIdentity(t.database.db, 'acme', 'feishu', '', 'ou_taken')).toBeUndefined();
  });

  it('moves an identity to another employee within the same organisation', async () => {
    expect((await t.call('POST', '/api/v1/org/sync', { employees: [{ id: 'e_lina', name: '李娜', departmentId: 'd_rd', managerId: 'e_wangqiang', identities: [{ platform: 'slack', kind: 'slack_user', externalId: 'UMOVE' }] }] })).status).toBe(200);
    expect((await t.call('POST', '/api/v1/org/sync', { employees: [{ id: 'e_zhangwei', name: '张伟', departmentId: 'd_rd', managerId: 'e_wangqiang', identities: [{ platform: 'slack', kind: 'slack_user', externalId: 'UMOVE' }] }] })).status).toBe(200);
    expect((await findByIdentity(t.database.db, 'demo', 'slack', '', 'UMOVE'))?.id).toBe('e_zhangwei');
  });

  it('keeps the same user id in two tenants apart: each organisation links its own', async () => {
    expect((await registerTenant(t.database.db, 'demo', 'dingtalk', 'corp_demo')).ok).toBe(true);
    expect((await registerTenant(t.database.db, 'acme', 'dingtalk', 'corp_acme')).ok).toBe(true);
    const r = await asAcme({ employees: [employee('e_ann', [{ platform: 'dingtalk', kind: 'user_id', externalId: 'staff_1' }])] });
    expect(r.status).toBe(200);
    const demo = await t.call('POST', '/api/v1/org/sync', { employees: [{ id: 'e_zhangwei', name: '张伟', departmentId: 'd_rd', managerId: 'e_wangqiang', identities: [{ platform: 'dingtalk', kind: 'user_id', externalId: 'staff_1' }] }] });
    expect(demo.status).toBe(200);
    // Without a tenant in the payload, each got its organisation's registered corp.
    expect((await identitiesOf(t.database.db, 'acme', ['e_ann'])).map((i) => i.tenant)).toEqual(['corp_acme']);
    expect((await findByIdentity(t.database.db, 'acme', 'dingtalk', 'corp_acme', 'staff_1'))?.id).toBe('e_ann');
    expect((await findByIdentity(t.database.db, 'demo', 'dingtalk', 'corp_demo', 'staff_1'))?.id).toBe('e_zhangwei');
    expect(await findByIdentity(t.database.db, 'demo', 'dingtalk', 'corp_acme', 'staff_1')).toBeUndefined();
  });

  it('refuses an identity in a tenant registered to another organisation', async () => {
    const r = await asAcme({ employees: [employee('e_sneak', [{ platform: 'dingtalk', tenant: 'corp_demo', kind: 'user_id', externalId: 'staff_2' }])] });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ORG.TENANT_TAKEN');
    expect((await loadOrg(t.database.db, 'acme')).employees.some((e) => e.id === 'e_sneak')).toBe(false);
  });
});

describe('registering a tenant', () => {
  it('is idempotent for its organisation and refused for another', async () => {
    expect(await registerTenant(t.database.db, 'demo', 'feishu', 'tk_one')).toEqual({ ok: true, value: { created: true } });
    expect(await registerTenant(t.database.db, 'demo', 'feishu', 'tk_one')).toEqual({ ok: true, value: { created: false } });
    const other = await registerTenant(t.database.db, 'acme', 'feishu', 'tk_one');
    expect(!other.ok && other.error.code).toBe('ORG.TENANT_TAKEN');
  });
});
