// `npm run audit:verify -- --org demo`: seals pending rows, then recomputes an organisation's audit hash chain; exits 1
// if it was tampered with.
import { parseArgs } from 'node:util';
import { sealAudit, verifyAuditChain } from '../../db/repos/audit.js';
import { loadConfig } from '../config.js';
import { openCliDatabase } from './open-database.js';

const { values } = parseArgs({ options: { org: { type: 'string', default: 'demo' } } });
const config = loadConfig();
const db = await openCliDatabase(config, 'audit:verify');
await sealAudit(db.db, { orgId: values.org });
const v = await verifyAuditChain(db.db, values.org);
process.stdout.write(`${JSON.stringify({ org: values.org, ...v })}\n`);
await db.close();
process.exit(v.ok ? 0 : 1);
