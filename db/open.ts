// Opens the database: PGlite under DATA_DIR by default, PostgreSQL through `pg` when a URL is given; then migrates.
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as schema from './schema/index.js';
import type { Database, Db } from './database.js';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
/** Advisory lock key held while migrating, so several instances starting at once migrate one at a time. */
const MIGRATION_LOCK = 727_001;

export interface OpenOptions {
  /** PostgreSQL connection string; when absent PGlite is used. */
  url?: string;
  /** Directory for PGlite's files; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  migrate?: boolean;
}

/** Opens and (by default) migrates the database. */
export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const database = opts.url ? await openPostgres(opts.url, opts.poolSize ?? 10) : await openPglite(opts.dataDir ?? './data');
  if (opts.migrate !== false) await database.migrate();
  return database;
}

async function openPglite(dataDir: string): Promise<Database & { migrate(): Promise<void> }> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let dir = dataDir;
  if (!dataDir.startsWith('memory://')) {
    dir = path.join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  const client = new PGlite(dir);
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migrate(db as never, { migrationsFolder: MIGRATIONS }),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database & { migrate(): Promise<void> }> {
  const pg = (await import('pg')).default;
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  // bigint (int8) as JS number: our amounts are safe integers by construction.
  pg.types.setTypeParser(20, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => undefined); // an idle client dropped by the server is replaced on next use
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migrate(drizzle(client, { schema }) as never, { migrationsFolder: MIGRATIONS });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
