// The database handle type shared by PGlite and node-postgres, and helpers for raw rows.
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

export type Schema = typeof schema;
/** A drizzle database over either driver; repositories take this (or a transaction) as their first parameter. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a repository can run queries on. */
export type Executor = Db | Tx;

export interface Database {
  readonly db: Db;
  /**
   * For the workers (outbox dispatcher, audit sealer, scheduler): on PostgreSQL a second, small pool, so background
   * work never takes or waits for the connections requests need; on PGlite the same single connection as `db`.
   */
  readonly background: Db;
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/**
 * A write whose statement and parameters are built already and which runs when called: a use case can queue it behind
 * the statement running now (src/usecases/write-queue.ts) and build the next one meanwhile.
 */
export type PreparedWrite = () => Promise<void>;

/** Rows of a raw `execute()` result; both drivers return `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** A statement with fixed SQL text, run as a named server-side prepared statement (see `runStatement`). */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

interface PgPoolLike {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  totalCount: number;
}
const isPgPool = (c: unknown): c is PgPoolLike => typeof c === 'object' && c !== null && 'totalCount' in c && 'query' in c;

/** True for the root database on a PostgreSQL pool (not a transaction, not PGlite): concurrent calls can share a query. */
export const isPooled = (db: Executor): boolean => isPgPool((db as { $client?: unknown }).$client);

/**
 * Runs a fixed-text statement with positional parameters. On PostgreSQL it is a named prepared statement, parsed and
 * planned once per connection instead of on every call, and sent straight to the pool without building SQL (on the
 * approval hot path, planning was a quarter of the server's CPU and query building a tenth of ours). Inside a
 * transaction, and on PGlite, it runs through drizzle's session with the same name.
 */
export async function runStatement<T>(db: Executor, st: Statement, params: unknown[]): Promise<T[]> {
  const client = (db as { $client?: unknown }).$client;
  if (isPgPool(client)) return (await client.query({ name: st.name, text: st.text, values: params })).rows as T[];
  const prepared = db._.session.prepareQuery({ sql: st.text, params }, undefined, st.name, false);
  return rowsOf<T>(await prepared.execute());
}
