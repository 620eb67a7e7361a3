// `npm run db:migrate`: applies committed migrations to DATABASE_URL (or the embedded PGlite under DATA_DIR).
import { openDatabase } from '../../db/open.js';
import { loadConfig } from '../config.js';

const config = loadConfig();
const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
process.stdout.write(`migrated ${db.kind} database\n`);
await db.close();
