// `npm run api-key -- --org demo --name "OA" [--scopes a,b]`: creates an API key and prints it once on stdout.
import { parseArgs } from 'node:util';
import { API_SCOPES, createApiKey, type ApiScope } from '../../db/repos/api-keys.js';
import { getOrganisation } from '../../db/repos/org.js';
import { loadConfig } from '../config.js';
import { openCliDatabase } from './open-database.js';
import { randomIds } from '../runtime.js';

const { values } = parseArgs({ options: { org: { type: 'string', default: 'demo' }, name: { type: 'string', default: 'integration' }, scopes: { type: 'string', default: API_SCOPES.join(',') } } });
const scopes = values.scopes.split(',').map((s) => s.trim()) as ApiScope[];
const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
if (unknown.length) {
  process.stderr.write(`unknown scopes: ${unknown.join(', ')}; known: ${API_SCOPES.join(', ')}\n`);
  process.exit(2);
}
const config = loadConfig();
const db = await openCliDatabase(config, 'api-key');
if (!(await getOrganisation(db.db, values.org))) {
  process.stderr.write(`no organisation ${values.org} (create it with "npm run org -- create", or start the service once to seed the demo)\n`);
  process.exit(2);
}
const key = await createApiKey(db.db, values.org, randomIds.next('key'), values.name, scopes);
process.stdout.write(`${key}\n`);
await db.close();
