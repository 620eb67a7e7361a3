// Finding the PostgreSQL server, creating and dropping the throw-away benchmark database, and server-side counters.
import pg from 'pg';

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  /** The server's admin connection string (the database named in BENCH_DATABASE_URL, or `postgres`). */
  serverUrl: string;
  /** Connection string of the fresh database. */
  url: string;
  name: string;
  /** Drops the database (WITH FORCE); safe to call twice. */
  drop(): Promise<void>;
}

/** BENCH_DATABASE_URL names the server (and the database to connect to for CREATE/DROP DATABASE). */
export function serverUrl(env = process.env): string {
  const raw = env.BENCH_DATABASE_URL?.trim();
  if (!raw) return DEFAULT_SERVER_URL;
  const u = new URL(raw);
  if (u.pathname === '' || u.pathname === '/') u.pathname = '/postgres';
  return u.toString();
}

/** `postgres://user:***@host:port/db` for messages. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Throws an Error with a readable message when the server cannot be reached. */
export async function checkServer(url: string): Promise<string> {
  try {
    return await withClient(url, async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v);
  } catch (e) {
    const why = (e as Error).message || String(e);
    throw new Error(`PostgreSQL is unreachable at ${redactUrl(url)}: ${why}\nStart PostgreSQL or set BENCH_DATABASE_URL=postgres://user:pass@host:port/db`);
  }
}

export async function createBenchDatabase(url: string): Promise<BenchDatabase> {
  const name = `bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  await withClient(url, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(url);
  u.pathname = `/${name}`;
  let dropped = false;
  return {
    serverUrl: url,
    url: u.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withClient(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Runs one statement on the given database with a short-lived connection. */
export async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  return withClient(url, async (c) => (await c.query<T>(text, values)).rows);
}

export interface DbCounters {
  xactCommit: number;
  xactRollback: number;
  tupInserted: number;
  tupUpdated: number;
  tupFetched: number;
  blksHit: number;
  blksRead: number;
  /** WAL bytes written server-wide (pg_current_wal_lsn), a rough cost indicator. */
  walBytes: number;
}

/** Cumulative per-database counters from pg_stat_database (flushed by backends at most once a second, and at exit). */
export async function dbCounters(url: string, dbName: string): Promise<DbCounters> {
  const [r] = await query<Record<string, string>>(
    url,
    `SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_fetched, blks_hit, blks_read,
            pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint AS wal
       FROM pg_stat_database WHERE datname = $1`,
    [dbName],
  );
  const n = (k: string) => Number(r?.[k] ?? 0);
  return {
    xactCommit: n('xact_commit'),
    xactRollback: n('xact_rollback'),
    tupInserted: n('tup_inserted'),
    tupUpdated: n('tup_updated'),
    tupFetched: n('tup_fetched'),
    blksHit: n('blks_hit'),
    blksRead: n('blks_read'),
    walBytes: n('wal'),
  };
}

export function diffCounters(a: DbCounters, b: DbCounters): DbCounters {
  const out = {} as DbCounters;
  for (const k of Object.keys(a) as (keyof DbCounters)[]) out[k] = b[k] - a[k];
  return out;
}

/** The libpq environment for tools like pgbench/psql pointing at the same server. */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = { PGHOST: u.hostname || '127.0.0.1', PGPORT: u.port || '5432', PGUSER: decodeURIComponent(u.username || 'postgres') };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  return env;
}
