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

    // Other tests sync employees into acme too, before or after this one: nothing of this sync may be added.
    const before = await loadOrg(t.database.db, 'acme');
    const r = await asAcme({ employees: [employee('e_thief', [{ platform: 'feishu', kind: 'open_id', externalId: 'ou_taken' }])] });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ORG.IDENTITY_TAKEN');
    expect(await loadOrg(t.database.db, 'acme')).toEqual(before);
    expect(before.employees.map((e) => e.id)).not.toContain('e_thief');
    expect((await findByIdentity(t.database.db, 'demo', 'feishu', '', 'ou_taken'))?.id).toBe('e_zhangwei');
    expect(await findByIdentity(t.database.db, 'acme', 'feishu', '', 'ou_taken')).toBeUndefined();
  });

  it('moves an identity to another employee within the same organisation', async () => {
    expect((await t.call('POST', '/api/v1/org/sync', { employees: [{ id: 'e_lina', name: '李娜', departmentId: 'd_rd', managerId: 'e_wangqiang', identities: [{ platform: 'slack', kind: 'slack_user', externalId: 'UMOVE' }] }] })).status).toBe(200);
    expect((await t.call('POST', '/api/v1/org/sync', { employees: [{ id: 'e_zhangwei', name: '张伟', departmentId: 'd_rd', managerId: 'e_wangqiang', identities: [{ platform: 'slack', kind: 'slack_user', externalId: 'UMOVE' }] }] })).status).toBe(200);
    // Looked up by employee, whichever Slack tenant is demo's default when this runs (another test registers one).
    const holders = (await identitiesOf(t.database.db, 'demo', ['e_lina', 'e_zhangwei'])).filter((i) => i.platform === 'slack' && i.externalId === 'UMOVE');
    expect(holders.map((i) => i.employeeId)).toEqual(['e_zhangwei']);
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
    // Registered here too (idempotent), so the test does not depend on the one above having run first.
    expect((await registerTenant(t.database.db, 'demo', 'dingtalk', 'corp_demo')).ok).toBe(true);
    const r = await asAcme({ employees: [employee('e_sneak', [{ platform: 'dingtalk', tenant: 'corp_demo', kind: 'user_id', externalId: 'staff_2' }])] });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ORG.TENANT_TAKEN');
    expect((await loadOrg(t.database.db, 'acme')).employees.some((e) => e.id === 'e_sneak')).toBe(false);
  });
});

describe('registering a tenant', () => {
  it('is idempotent for its organisation and refused for another', async () => {
    // Slack, not Feishu: a registered tenant becomes the organisation's default, and the Feishu test above needs none.
    expect(await registerTenant(t.database.db, 'demo', 'slack', 'T_ONE')).toEqual({ ok: true, value: { created: true } });
    expect(await registerTenant(t.database.db, 'demo', 'slack', 'T_ONE')).toEqual({ ok: true, value: { created: false } });
    const other = await registerTenant(t.database.db, 'acme', 'slack', 'T_ONE');
    expect(!other.ok && other.error.code).toBe('ORG.TENANT_TAKEN');
  });
});
