// `npm run api-key -- --org demo --name "OA" [--scopes a,b] [--employee e_x]`: creates an API key and prints it once on
// stdout. With --employee the key is bound to that employee and acts only as them; without, it is an integration key.
// While the service runs on the embedded database the key is made by the service, so it works at once.
import { parseArgs } from 'node:util';
import { API_SCOPES, type ApiScope } from '../../db/repos/api-keys.js';
import { loadConfig } from '../config.js';
import { cliOperation, exitWithError } from './run-operation.js';

const { values } = parseArgs({ options: { org: { type: 'string', default: 'demo' }, name: { type: 'string', default: 'integration' }, scopes: { type: 'string', default: API_SCOPES.join(',') }, employee: { type: 'string' } } });
const scopes = values.scopes.split(',').map((s) => s.trim()) as ApiScope[];
const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
if (unknown.length) {
  process.stderr.write(`unknown scopes: ${unknown.join(', ')}; known: ${API_SCOPES.join(', ')}\n`);
  process.exit(2);
}
const r = await cliOperation(loadConfig(), 'api-key', 'api-key.create', { org: values.org, name: values.name, scopes, ...(values.employee ? { employee: values.employee } : {}) });
if (!r.ok) exitWithError('api-key', r.error);
process.stdout.write(`${r.value.key}\n`);
process.exit(0);
