// Opens the database: PGlite under DATA_DIR by default, PostgreSQL through `pg` when a URL is given; then migrates.
// Start-up cost lives here, so it does only what is needed: an empty embedded directory is filled from a migrated
// template (when the build made one) instead of running initdb, and migrating is skipped when every one is applied.
import { fileURLToPath } from 'node:url';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as schema from './schema/index.js';
import type { Database, Db } from './database.js';
import { appliedMigrations, type JournalEntry } from './migration-state.js';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
/**
 * A PGlite data directory, initialised and migrated by `npm run build` (scripts/build.mjs) beside the bundle. Under
 * tsx there is none and PGlite runs initdb, which takes most of a first start.
 */
const PGLITE_TEMPLATE = fileURLToPath(new URL('./pglite-template', import.meta.url));
/** Settings the embedded database starts with, after PGlite's defaults. */
const PGLITE_SETTINGS = ['-c', 'shared_buffers=32MB'];

/** Advisory lock key held while migrating, so several instances starting at once migrate one at a time. */
const MIGRATION_LOCK = 727_001;

/** What opening did, for the start-up log. */
export type OpenProgress =
  | { step: 'opening'; kind: 'pglite' | 'postgres'; where: string; created: 'template' | 'initdb' | false }
  | { step: 'migrated'; applied: number; total: number };

export interface OpenOptions {
  /** PostgreSQL connection string; when absent PGlite is used. */
  url?: string;
  /** Directory for PGlite's files; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** Size of PostgreSQL's second pool, for the workers (`Database.background`; default 4). */
  backgroundPoolSize?: number;
  migrate?: boolean;
  /** Told before the database opens and after migrating. */
  onProgress?: (p: OpenProgress) => void;
}

type Migratable = Database & { migrate(): Promise<{ applied: number; total: number }> };

/** Opens and (by default) migrates the database. */
export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const database = opts.url ? await openPostgres(opts.url, opts.poolSize ?? 10, opts.backgroundPoolSize ?? 4, opts.onProgress) : await openPglite(opts.dataDir ?? './data', opts.onProgress);
  if (opts.migrate !== false) {
    const done = await database.migrate();
    opts.onProgress?.({ step: 'migrated', ...done });
  }
  return database;
}

/** The committed migrations, oldest first (drizzle-kit's journal, read beside this code: dist/migrations in the bundle). */
function journal(): JournalEntry[] {
  return (JSON.parse(readFileSync(path.join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] }).entries;
}

/** Runs drizzle's migrator only when a committed migration is missing; returns how many it applied. */
async function migrateIfNeeded(db: Db, run: () => Promise<void>): Promise<{ applied: number; total: number }> {
  const entries = journal();
  const before = await appliedMigrations(db, entries);
  if (before.upToDate) return { applied: 0, total: entries.length };
  await run();
  const after = await appliedMigrations(db, entries);
  return { applied: after.count - before.count, total: entries.length };
}

/** True when `dir` holds no PostgreSQL cluster yet (PGlite would run initdb). */
const isEmptyCluster = (dir: string) => !existsSync(path.join(dir, 'PG_VERSION'));

async function openPglite(dataDir: string, onProgress?: (p: OpenProgress) => void): Promise<Migratable> {
  let dir = dataDir;
  let created: 'template' | 'initdb' | false = false;
  if (!dataDir.startsWith('memory://')) {
    dir = path.join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    // Only into an empty directory: a half-written cluster is left for PGlite to report, not overwritten.
    if (isEmptyCluster(dir)) created = existsSync(path.join(PGLITE_TEMPLATE, 'PG_VERSION')) && readdirSync(dir).length === 0 ? 'template' : 'initdb';
  }
  onProgress?.({ step: 'opening', kind: 'pglite', where: dir, created });
  // A plain file copy takes well under a second; initdb inside WebAssembly takes tens of seconds on a small machine.
  if (created === 'template') cpSync(PGLITE_TEMPLATE, dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  // PGlite's own start parameters, plus a smaller buffer pool: its default 128 MB is set up in WebAssembly memory at
  // every start (about half a second on a small machine) and is far more than an embedded single-user database needs.
  const client = new PGlite(dir, { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    background: db,
    kind: 'pglite',
    migrate: () => migrateIfNeeded(db, () => migrate(db as never, { migrationsFolder: MIGRATIONS })),
    close: () => client.close(),
  };
}

/** How long closing waits for checked-out clients to come back before it gives up on them. */
export const CLOSE_GRACE_MS = 5_000;

async function openPostgres(url: string, poolSize: number, backgroundPoolSize: number, onProgress?: (p: OpenProgress) => void): Promise<Migratable> {
  const pg = (await import('pg')).default;
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  // bigint (int8) as JS number: our amounts are safe integers by construction.
  pg.types.setTypeParser(20, (v: string) => Number(v));
  const where = new URL(url);
  onProgress?.({ step: 'opening', kind: 'postgres', where: `${where.hostname}:${where.port || 5432}${where.pathname}`, created: false });
  const open = (max: number) => {
    const p = new pg.Pool({ connectionString: url, max });
    p.on('error', () => undefined); // an idle client dropped by the server is replaced on next use
    // A client in use whose connection breaks between queries (pg_terminate_backend, a restart) emits 'error' on
    // itself, where pg-pool listens only while it is idle: unhandled, that event kills the process. The query in
    // flight, if any, still fails with the error, and the pool discards the broken client when it is released.
    p.on('connect', (client) => client.on('error', () => undefined));
    return p;
  };
  const pool = open(poolSize);
  // Opened on first use: a CLI or a service without workers never connects it.
  const backgroundPool = open(backgroundPoolSize);
  const db = drizzle(pool, { schema }) as unknown as Db;
  const background = drizzle(backgroundPool, { schema }) as unknown as Db;
  return {
    db,
    background,
    kind: 'postgres',
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        const locked = drizzle(client, { schema }) as unknown as Db;
        return await migrateIfNeeded(locked, () => migrate(locked as never, { migrationsFolder: MIGRATIONS }));
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
        client.release();
      }
    },
    // Ending a pool waits for every checked-out client to come back. A client stuck on a dead connection (a backend
    // terminated mid-statement) must not hold a shutdown forever: after CLOSE_GRACE_MS we stop waiting and let the
    // process (or the server's own termination of the connection) finish it.
    close: async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_GRACE_MS);
        timer.unref?.();
      });
      await Promise.race([Promise.all([pool.end(), backgroundPool.end()]), grace]);
      clearTimeout(timer);
    },
  };
}
