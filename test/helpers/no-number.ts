// Checks that an account number typed in chat went nowhere in clear: not in any table of the database (outbox, chat
// cards, console transcript, audit, pending entries…), not in a log line, not in anything sent to a platform.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rowsOf, type Db } from '../../db/database.js';
import { createLogger, type Logger } from '../../src/log.js';

/** A logger at debug level that keeps its lines (as written, after its own redaction) for the check. */
export function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger('debug', (l) => lines.push(l)), lines };
}

/** Every row of every table in the public schema, as JSON text. */
export async function databaseText(db: Db): Promise<string> {
  const tables = rowsOf<{ table_name: string }>(await db.execute(sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`));
  const parts: string[] = [];
  for (const { table_name } of tables) parts.push(`${table_name}: ${JSON.stringify(rowsOf(await db.execute(sql.raw(`SELECT * FROM "${table_name}"`))))}`);
  return parts.join('\n');
}

/**
 * Fails when `number` (or its digits grouped in fours, as typed) appears in the database, the log lines or any of
 * `sent` (what the platform fakes received), and checks there was something to look at.
 */
export async function expectNumberNowhere(db: Db, number: string, o: { logLines?: readonly string[]; sent?: unknown }): Promise<void> {
  const digits = number.replace(/\s+/g, '');
  const grouped = digits.replace(/(.{4})(?=.)/g, '$1 ');
  const where: Record<string, string> = { database: await databaseText(db), logs: (o.logLines ?? []).join('\n'), platforms: JSON.stringify(o.sent ?? null) };
  expect(where.database).toContain('payees');
  for (const [place, text] of Object.entries(where)) {
    expect(text.includes(digits), `the account number is in ${place}`).toBe(false);
    expect(text.includes(grouped), `the grouped account number is in ${place}`).toBe(false);
  }
}
