// `npm run api-key -- --org demo --name "OA" [--scopes a,b] [--employee e_x]`: creates an API key and prints it once on
// stdout. With --employee the key is bound to that employee and acts only as them; without, it is an integration key.
import { parseArgs } from 'node:util';
import { API_SCOPES, createApiKey, type ApiScope } from '../../db/repos/api-keys.js';
import { getEmployee, getOrganisation } from '../../db/repos/org.js';
import { loadConfig } from '../config.js';
import { openCliDatabase } from './open-database.js';
import { randomIds } from '../runtime.js';

const { values } = parseArgs({ options: { org: { type: 'string', default: 'demo' }, name: { type: 'string', default: 'integration' }, scopes: { type: 'string', default: API_SCOPES.join(',') }, employee: { type: 'string' } } });
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
if (values.employee && !(await getEmployee(db.db, values.org, values.employee))?.active) {
  process.stderr.write(`no active employee ${values.employee} in ${values.org}\n`);
  await db.close();
  process.exit(2);
}
const key = await createApiKey(db.db, values.org, randomIds.next('key'), values.name, scopes, values.employee);
process.stdout.write(`${key}\n`);
await db.close();
