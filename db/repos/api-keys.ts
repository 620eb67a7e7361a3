// API keys for OA/ERP/supplier integrations: stored as sha256 only, scoped, per organisation.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../schema/index.js';
import type { Executor } from '../database.js';

import type { ApiScope } from '../../domain/org/index.js';
// The scopes are the domain's; re-exported here for the callers that issue keys.
export { API_SCOPES, type ApiScope } from '../../domain/org/index.js';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * Creates a key and returns its plain text once: `sk_<id>_<secret>`. With `employeeId` the key is bound to that
 * employee and acts only as them; without, it is an integration key that names the employee it acts for (`act-as`).
 */
export async function createApiKey(db: Executor, orgId: string, id: string, name: string, scopes: ApiScope[], employeeId?: string): Promise<string> {
  const key = `sk_${id}_${randomBytes(24).toString('base64url')}`;
  await db.insert(apiKeys).values({ id, orgId, name, hash: hashKey(key), scopes, employeeId: employeeId ?? null });
  return key;
}

export interface ApiPrincipal {
  keyId: string;
  orgId: string;
  scopes: string[];
  /** Set for a key bound to one employee. */
  employeeId?: string;
}

/** Finds a live key by its plain text. @crossOrg The key is what tells which organisation a call belongs to. */
export async function findApiKey(db: Executor, key: string): Promise<ApiPrincipal | undefined> {
  const [row] = await db
    .select({ id: apiKeys.id, orgId: apiKeys.orgId, scopes: apiKeys.scopes, employeeId: apiKeys.employeeId })
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hashKey(key)), isNull(apiKeys.revokedAt)));
  return row && { keyId: row.id, orgId: row.orgId, scopes: row.scopes, ...(row.employeeId ? { employeeId: row.employeeId } : {}) };
}

export async function revokeApiKey(db: Executor, orgId: string, id: string, now: Date): Promise<boolean> {
  const r = await db.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, id))).returning({ id: apiKeys.id });
  return r.length > 0;
}
