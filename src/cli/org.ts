// `npm run org -- create --id acme --name "Acme Ltd" [--time-zone Asia/Shanghai] [--currency CNY]` creates an
// organisation; `npm run org -- list` lists them. Exit 0 on success, 2 on bad arguments or an existing id. While the
// service runs on the embedded database the commands run through it (its control socket).
import { parseArgs } from 'node:util';
import { newOrganisation } from '../../domain/org/index.js';
import { loadConfig, type Config } from '../config.js';
import { cliOperation, exitWithError } from './run-operation.js';

const USAGE = `usage:
  npm run org -- create --id <id> --name <name> [--time-zone <IANA zone>] [--currency <ISO 4217>]
  npm run org -- list [--json]
  npm run org -- add-tenant --id <id> --platform feishu|dingtalk|slack --tenant <tenant_key | corpId | team_id>
  id: 1-64 letters, digits, _ . - (starting with a letter or digit); time zone default Asia/Shanghai; currency default CNY.
  Then: npm run api-key -- --org <id> --name <integration> to give it an API key.`;

function fail(message: string): never {
  process.stderr.write(`org: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function readArgs() {
  try {
    return parseArgs({
      allowPositionals: true,
      strict: true,
      options: { id: { type: 'string' }, name: { type: 'string' }, platform: { type: 'string' }, tenant: { type: 'string' }, 'time-zone': { type: 'string' }, currency: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
}

function config(): Config {
  try {
    return loadConfig();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
}

async function create(values: ReturnType<typeof readArgs>['values']): Promise<number> {
  if (!values.id || !values.name) fail('create needs --id and --name');
  const input = { id: values.id, name: values.name, ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}), ...(values.currency ? { currency: values.currency } : {}) };
  // Checked before reaching the database, so a typo answers at once.
  const checked = newOrganisation(input);
  if (!checked.ok) fail(checked.error.message);
  const r = await cliOperation(config(), 'org', 'org.create', input);
  if (!r.ok) exitWithError('org', r.error);
  const o = r.value;
  process.stdout.write(`created organisation ${o.id} (${o.name}, time zone ${o.timeZone}, currency ${o.currency})\n`);
  return 0;
}

/** Connects a platform tenant to an organisation, so its events are routed there. */
async function addTenant(values: ReturnType<typeof readArgs>['values']): Promise<number> {
  const platform = values.platform;
  if (!values.id || !values.tenant || (platform !== 'feishu' && platform !== 'dingtalk' && platform !== 'slack')) fail('add-tenant needs --id, --platform feishu|dingtalk|slack and --tenant');
  const r = await cliOperation(config(), 'org', 'org.add-tenant', { id: values.id, platform, tenant: values.tenant });
  if (!r.ok) exitWithError('org', r.error);
  process.stdout.write(`${r.value.created ? 'connected' : 'already connected:'} ${platform} tenant ${r.value.tenant} → organisation ${r.value.orgId}\n`);
  return 0;
}

async function list(json: boolean): Promise<number> {
  const r = await cliOperation(config(), 'org', 'org.list', {});
  if (!r.ok) exitWithError('org', r.error);
  const orgs = r.value;
  if (json) process.stdout.write(`${JSON.stringify(orgs)}\n`);
  else if (orgs.length === 0) process.stdout.write('no organisations\n');
  else for (const o of orgs) process.stdout.write(`${o.id}\t${o.name}\t${o.timeZone}\t${o.currency}\t${o.createdAt}\n`);
  return 0;
}

const { values, positionals } = readArgs();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const [cmd, ...rest] = positionals;
if (rest.length) fail(`unexpected arguments: ${rest.join(' ')}`);
const code = cmd === 'create' ? await create(values) : cmd === 'list' ? await list(values.json ?? false) : cmd === 'add-tenant' ? await addTenant(values) : fail(cmd ? `unknown command ${cmd}` : 'give a command: create, list or add-tenant');
process.exit(code);
