// `npm run audit:verify -- --org demo`: seals pending rows, then recomputes an organisation's audit hash chain; exits 1
// if it was tampered with. Runs through the service while it runs on the embedded database.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { cliOperation, exitWithError } from './run-operation.js';

const { values } = parseArgs({ options: { org: { type: 'string', default: 'demo' } } });
const r = await cliOperation(loadConfig(), 'audit:verify', 'audit.verify', { org: values.org });
if (!r.ok) exitWithError('audit:verify', r.error);
process.stdout.write(`${JSON.stringify(r.value)}\n`);
process.exit(r.value.ok ? 0 : 1);
