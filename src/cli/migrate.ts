// `npm run db:migrate`: applies committed migrations to DATABASE_URL (or the embedded PGlite under DATA_DIR).
import { loadConfig } from '../config.js';
import { openCliDatabase } from './open-database.js';

const config = loadConfig();
const db = await openCliDatabase(config, 'db:migrate');
process.stdout.write(`migrated ${db.kind} database\n`);
await db.close();
