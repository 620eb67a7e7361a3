// Whether a database has every committed migration: the start-up check (db/open.ts) and the readiness probe
// (GET /health/ready) ask the same question of drizzle's own bookkeeping table. The journal is imported, not read
// from disk, so the question can be asked where there is no file system (Workers).
import { sql } from 'drizzle-orm';
import journal from './migrations/meta/_journal.json' with { type: 'json' };
import { rowsOf, type Db } from './database.js';

export interface JournalEntry {
  when: number;
}

/** The committed migrations, oldest first, as drizzle-kit's journal lists them. */
export const committedMigrations: readonly JournalEntry[] = (journal as { entries: JournalEntry[] }).entries;

/**
 * How many migrations the database has applied, by drizzle's bookkeeping table; `upToDate` when the newest of
 * `entries` is among them (drizzle applies what is newer than its last row, so that is the test it uses too).
 * @crossOrg Schema state belongs to the deployment.
 */
export async function appliedMigrations(db: Db, entries: readonly JournalEntry[] = committedMigrations): Promise<{ count: number; upToDate: boolean }> {
  const [table] = rowsOf<{ t: string | null }>(await db.execute(sql`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`));
  if (!table?.t) return { count: 0, upToDate: entries.length === 0 };
  const [row] = rowsOf<{ n: number | string; last: number | string | null }>(await db.execute(sql`SELECT count(*) AS n, max(created_at) AS last FROM drizzle.__drizzle_migrations`));
  const last = Number(row?.last ?? 0);
  return { count: Number(row?.n ?? 0), upToDate: entries.every((e) => e.when <= last) };
}
