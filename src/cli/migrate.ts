// `npm run db:migrate`: applies committed migrations to DATABASE_URL (or the embedded PGlite under DATA_DIR). Refused
// while the service runs on the embedded database: it migrated at start, and only it may open those files.
import { loadConfig } from '../config.js';
import { openCliDatabase } from './open-database.js';
import { runningService } from './run-operation.js';

const config = loadConfig();
const service = runningService(config);
if (service) {
  process.stderr.write(
    `db:migrate: the running service (pid ${service.pid}, since ${service.startedAt}) already applied the migrations to the embedded database in ${config.DATA_DIR} when it started. ` +
      'To apply new ones, stop it and start it again (or stop it and run db:migrate).\n',
  );
  process.exit(2);
}
const db = await openCliDatabase(config, 'db:migrate');
process.stdout.write(`migrated ${db.kind} database\n`);
await db.close();
