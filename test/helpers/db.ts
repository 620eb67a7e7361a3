// Gives each test file a fresh, migrated database: in-memory PGlite, or a new PostgreSQL database when TEST_DATABASE_URL is set.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../db/open.js';
import type { Database } from '../../db/database.js';

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export interface TestDatabase extends Database {
  /** Connection string of the fresh PostgreSQL database (undefined on PGlite). */
  url?: string;
}

/** Opens a fresh database for one test file; `close()` also drops the PostgreSQL database. */
export async function freshDatabase(opts: { poolSize?: number } = {}): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return openDatabase({ dataDir: 'memory://' });
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: opts.poolSize ?? 10 });
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
