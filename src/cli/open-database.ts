// How every CLI opens the database: PostgreSQL as is, the embedded PGlite only after taking the DATA_DIR lock, so a
// CLI never opens the files the running service has open.
import { openDatabase } from '../../db/open.js';
import type { Database } from '../../db/database.js';
import type { Config } from '../config.js';
import { acquireDataDirLock } from '../data-dir-lock.js';

/** Opens (and migrates) the configured database for CLI `role`; prints why and exits 2 when the data directory is busy. */
export async function openCliDatabase(config: Config, role: string): Promise<Database> {
  if (config.DATABASE_URL) return openDatabase({ url: config.DATABASE_URL, poolSize: 2 });
  if (config.DATA_DIR.startsWith('memory://')) return openDatabase({ dataDir: config.DATA_DIR });
  const lock = acquireDataDirLock(config.DATA_DIR, role);
  if (!lock.ok) {
    process.stderr.write(`${role}: ${lock.error}\n`);
    process.exit(2);
  }
  try {
    const database = await openDatabase({ dataDir: config.DATA_DIR });
    return {
      ...database,
      async close() {
        await database.close();
        lock.value.release();
      },
    };
  } catch (e) {
    lock.value.release();
    throw e;
  }
}
