// Routing is cached per database; connecting a tenant in this process takes effect at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../db/repos/org.js';
import { registerTenant } from '../../db/repos/tenants.js';
import { forgetTenantRoutes, routeInbound } from '../../src/chat/tenant-route.js';
import { silentLogger } from '../../src/log.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';

describe('tenant routing cache', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase();
    for (const id of ['demo', 'acme']) await createOrganisation(database.db, { id, name: id, timeZone: 'Asia/Shanghai', defaultCurrency: 'CNY' });
  });
  afterAll(() => database.close());

  it('routes to the default while no tenant is connected, and by tenant once one is (after forgetting the cache)', async () => {
    const deps = { db: database.db, log: silentLogger };
    expect(await routeInbound(deps, 'feishu', ['tk_a'], 'demo')).toEqual({ orgId: 'demo', tenant: 'tk_a' });
    expect((await registerTenant(database.db, 'acme', 'feishu', 'tk_b')).ok).toBe(true);
    forgetTenantRoutes(database.db);
    // tk_a is now an unknown tenant of a platform with tenants: ignored, never the default organisation.
    expect(await routeInbound(deps, 'feishu', ['tk_a'], 'demo')).toBeUndefined();
    expect(await routeInbound(deps, 'feishu', ['tk_b'], 'demo')).toEqual({ orgId: 'acme', tenant: 'tk_b' });
    // A cached answer is the same answer.
    expect(await routeInbound(deps, 'feishu', ['tk_b'], 'demo')).toEqual({ orgId: 'acme', tenant: 'tk_b' });
  });
});
