import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findByIdentity } from '../../db/repos/org.js';
import { testApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('organisation sync from an OA system', () => {
  it('upserts departments and employees and links platform identities', async () => {
    const r = await t.call('POST', '/api/v1/org/sync', {
      departments: [{ id: 'd_market', name: '市场部 Marketing', parentId: 'd_hq', headId: 'e_tom' }],
      employees: [
        { id: 'e_tom', name: 'Tom Li', departmentId: 'd_market', managerId: 'e_chenjing', roles: ['employee', 'manager'], locale: 'en', identities: [{ platform: 'slack', kind: 'slack_user', externalId: 'U0TOM' }] },
        { id: 'e_xiaomei', name: '林小美', departmentId: 'd_market', managerId: 'e_tom', identities: [{ platform: 'feishu', kind: 'open_id', externalId: 'ou_xiaomei' }] },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ departments: 1, employees: 2, identities: 2, deactivated: 0, accounts: 0 });
    expect((await findByIdentity(t.database.db, 'demo', 'feishu', '', 'ou_xiaomei'))?.name).toBe('林小美');
    const org = await t.call('GET', '/api/v1/org');
    expect(org.body.employees.find((e: any) => e.id === 'e_tom')).toMatchObject({ managerId: 'e_chenjing', locale: 'en' });
  });

  it('refuses a manager cycle and saves nothing of that sync', async () => {
    const r = await t.call('POST', '/api/v1/org/sync', {
      employees: [
        { id: 'e_new', name: '新人', departmentId: 'd_sales', managerId: null },
        { id: 'e_chenjing', name: '陈静', departmentId: 'd_hq', managerId: 'e_zhangwei', roles: ['employee', 'manager', 'admin'] },
      ],
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('ORG.CYCLE');
    const org = await t.call('GET', '/api/v1/org');
    expect(org.body.employees.some((e: any) => e.id === 'e_new')).toBe(false);
  });

  it('refuses an unknown parent department and names it', async () => {
    const r = await t.call('POST', '/api/v1/org/sync', { departments: [{ id: 'd_x', name: 'X', parentId: 'd_missing' }] });
    expect(r.status).toBe(404); // an id that is not in this organisation, wherever it is named
    expect(r.body.error.message).toMatch(/d_missing/);
  });

  it('in full mode deactivates employees missing from the payload', async () => {
    const org = await t.call('GET', '/api/v1/org');
    const keep = org.body.employees.filter((e: any) => e.id !== 'e_lina');
    const r = await t.call('POST', '/api/v1/org/sync', { mode: 'full', employees: keep.map(({ email, mobile: _m, ...e }: any) => ({ ...e, ...(email ? { email } : {}) })) });
    expect(r.status).toBe(200);
    expect(r.body.deactivated).toBe(1);
    const after = await t.call('GET', '/api/v1/org');
    expect(after.body.employees.find((e: any) => e.id === 'e_lina').active).toBe(false);
    // An inactive employee can no longer submit.
    const sub = await t.call('POST', '/api/v1/requests', { type: 'expense', submitterId: 'e_lina', title: 'x', amount: { minor: 100, currency: 'CNY' }, category: 'transport' });
    expect(sub.body.error.code).toBe('ORG.UNKNOWN_EMPLOYEE');
  });
});
