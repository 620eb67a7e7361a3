// `npm run finance-link -- --org demo --employee e_sarah [--page exceptions]`: prints a one-time link to a finance
// page (valid 5 minutes, usable once), signed with the service's key (ENCRYPTION_KEY, or the embedded key file under
// DATA_DIR), so the running service accepts it. Whether the employee may see the page is checked when it is opened.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { systemClock } from '../runtime.js';
import { createSecretBox } from '../secrets.js';
import { financeLink, FINANCE_PAGES, isFinancePage } from '../web/finance/link.js';

const { values } = parseArgs({ options: { org: { type: 'string', default: 'demo' }, employee: { type: 'string' }, page: { type: 'string', default: 'exceptions' } } });
const fail = (message: string): never => {
  process.stderr.write(`finance-link: ${message}\n`);
  process.exit(2);
};
if (!values.employee) fail('--employee is required');
if (!isFinancePage(values.page)) fail(`unknown page ${values.page}; pages: ${FINANCE_PAGES.join(', ')}`);
const config = loadConfig();
const keyFile = path.join(config.DATA_DIR, 'encryption.key');
const key = config.ENCRYPTION_KEY ?? (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : fail(`no ENCRYPTION_KEY and no ${keyFile}: start the service once first`));
const box = createSecretBox([Buffer.from(key, 'base64')]);
process.stdout.write(`${financeLink({ box, clock: systemClock, config }, values.org, values.employee!, values.page as 'exceptions')}\n`);
