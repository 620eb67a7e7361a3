// A second organisation beside the demo one, on the same deployment, with its own key and people; and a fingerprint of
// everything an organisation owns, so a test can show that nothing of it changed.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rowsOf, type Db } from '../../db/database.js';
import { API_SCOPES, createApiKey } from '../../db/repos/api-keys.js';
import { createOrganisation } from '../../db/repos/org.js';
import { randomIds } from '../../src/runtime.js';
import type { TestApp } from './app.js';

export interface OtherOrg {
  orgId: string;
  key: string;
  /** An administrator, an employee (reporting to the admin) and a finance person of the other organisation. */
  admin: string;
  employee: string;
  finance: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
}

/** Creates organisation `orgId` with three people and an all-scopes integration key. */
export async function addOrganisation(t: TestApp, orgId = `acme${randomBytes(3).toString('hex')}`): Promise<OtherOrg> {
  await createOrganisation(t.database.db, { id: orgId, name: 'Acme Ltd', timeZone: 'Asia/Shanghai', defaultCurrency: 'CNY' });
  const key = await createApiKey(t.database.db, orgId, randomIds.next('key'), 'acme', [...API_SCOPES]);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await t.app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as any };
  };
  const synced = await call('POST', '/api/v1/org/sync', {
    departments: [{ id: 'd_acme', name: 'Acme HQ' }],
    employees: [
      { id: 'a_boss', name: 'Alice Boss', departmentId: 'd_acme', roles: ['employee', 'manager', 'admin'] },
      { id: 'a_emp', name: 'Bob Worker', departmentId: 'd_acme', managerId: 'a_boss' },
      { id: 'a_fin', name: 'Fiona Finance', departmentId: 'd_acme', managerId: 'a_boss', roles: ['employee', 'finance'] },
    ],
  });
  expect(synced.status).toBe(200);
  return { orgId, key, admin: 'a_boss', employee: 'a_emp', finance: 'a_fin', call };
}

/**
 * A fingerprint of every row an organisation owns, table by table (every table with an org_id column). Two equal
 * fingerprints mean nothing of the organisation was added, changed or removed in between.
 */
export async function fingerprint(db: Db, orgId: string): Promise<Record<string, string>> {
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(sql.raw(`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'org_id' ORDER BY table_name`)),
  ).map((r) => r.table_name);
  const out: Record<string, string> = {};
  for (const table of tables) {
    const rows = rowsOf<{ r: string }>(await db.execute(sql`SELECT t::text AS r FROM ${sql.identifier(table)} t WHERE org_id = ${orgId} ORDER BY 1`));
    out[table] = `${rows.length}:${createHash('sha256').update(rows.map((x) => x.r).join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}
