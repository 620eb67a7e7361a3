// The Workers bundle in the real Workers runtime: `wrangler dev` (workerd on this machine) on a fresh PostgreSQL
// database reached through Hyperdrive's local emulation. Approvals through REST and a signed Feishu card click, then
// the cron trigger delivering the outbox. Skipped, with the reason, only when PostgreSQL cannot be reached.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.js';
import { API_SCOPES, createApiKey } from '../../db/repos/api-keys.js';
import { linkIdentities } from '../../db/repos/org.js';
import { signAction } from '../../src/chat/action-token.js';
import { randomIds, systemClock } from '../../src/runtime.js';
import { createSecretBox } from '../../src/secrets.js';
import { seedDemo } from '../../src/seed/demo.js';
import { registerTenant } from '../../db/repos/tenants.js';
import { DingTalkFake } from '../fakes/dingtalk.js';
import { FeishuOpenApiFake } from '../fakes/feishu-open-api.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js';
import { signedDingTalkHeaders, signedFeishuRequest, signedSlackRequest } from '../fakes/sign.js';
import { SlackWebApiFake } from '../fakes/slack-web-api.js';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js';
import { freePort } from '../helpers/free-port.js';
import { waitFor } from '../helpers/wait-for.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** wrangler dev bundles, then starts workerd: slow on a busy machine, so a generous deadline, polled. */
const START_DEADLINE_MS = 120_000;
const ENCRYPT_KEY = 'worker-test-encrypt-key';
const VERIFICATION_TOKEN = 'worker-test-verification-token';
const SLACK_SECRET = 'worker-test-slack-signing-secret';
const DT_CLIENT = 'ding_worker';
const DT_SECRET = 'worker-test-dingtalk-secret';

/** Why the test cannot run here (PostgreSQL unreachable), or undefined. */
async function postgresUnreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (e) {
    return `PostgreSQL unreachable at ${new URL(ADMIN_URL).host} (${(e as Error).message}); set TEST_DATABASE_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await postgresUnreachable();

/** Runs `sql` on the admin connection (CREATE/DROP DATABASE). */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Stops a process group started with `detached`: SIGTERM, then SIGKILL if it lingers, and waits for the exit. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000).unref())]);
  if (!killed) {
    signal('SIGKILL');
    await exited;
  }
  // workerd is wrangler's child in the same group: make sure none of the group is left.
  await waitFor(
    () => {
      try {
        process.kill(-child.pid!, 0);
        return false;
      } catch {
        return true;
      }
    },
    { what: 'every process of the wrangler dev group to exit', timeoutMs: 10_000 },
  ).catch(() => signal('SIGKILL'));
}

interface Dev {
  base: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `wrangler dev` (workerd) on free loopback ports with `vars` as its vars and secrets (a .dev.vars file in `dir`,
 * outside the checkout) and Hyperdrive emulated by `databaseUrl`; resolves once GET /health answers (any status).
 */
async function startDev(dir: string, databaseUrl: URL, vars: Record<string, string>): Promise<Dev> {
  const port = await freePort();
  const inspector = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const envFile = path.join(dir, `${port}.vars`);
  writeFileSync(envFile, Object.entries(vars).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('\n'));
  // Hyperdrive's local emulation insists on a password in the URL; with trust auth any will do.
  const hyperdrive = new URL(databaseUrl);
  if (!hyperdrive.password) hyperdrive.password = 'local';
  let output = '';
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--test-scheduled', '--env-file', envFile, '--persist-to', path.join(dir, `state-${port}`), '--show-interactive-dev-session=false', '--log-level', 'info'],
    {
      cwd: ROOT,
      detached: true, // its own process group, so workerd goes with it
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: hyperdrive.toString(),
        // Nothing leaves the machine: no telemetry, no error reports, no update check, no Request.cf download.
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_SEND_ERROR_REPORTS: 'false',
        WRANGLER_HIDE_BANNER: 'true',
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        CI: 'true',
        TMPDIR: dir,
      },
    },
  );
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const dev = { base, output: () => output, stop: () => stopGroup(child) };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
        return (await fetch(`${base}/health`)).status;
      },
      { what: 'GET /health answered by wrangler dev', timeoutMs: START_DEADLINE_MS, intervalMs: 250 },
    );
  } catch (e) {
    await dev.stop();
    throw new Error(`${(e as Error).message}\n--- wrangler dev output ---\n${output.slice(-4000)}`);
  }
  return dev;
}

describe.skipIf(unreachable !== undefined)(`the Workers bundle under wrangler dev${unreachable ? ` (skipped: ${unreachable})` : ''}`, () => {
  const dbName = `workers_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const dbUrl = (() => {
    const u = new URL(ADMIN_URL);
    u.pathname = `/${dbName}`;
    return u;
  })();
  const encryptionKey = randomBytes(32).toString('base64');
  const box = createSecretBox([Buffer.from(encryptionKey, 'base64')]);
  let dir: string;
  let dev: Dev | undefined;
  let base: string;
  let apiKey: string;
  let query: pg.Pool;
  let receiver: WebhookReceiver;
  let feishu: FeishuOpenApiFake;
  let slack: SlackWebApiFake;
  let dingtalk: DingTalkFake;
  let ai: FakeOpenAi;

  const call = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
  };
  const requestRow = async (id: string) => (await query.query<{ status: string }>('SELECT status FROM requests WHERE id = $1', [id])).rows[0];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'worker-dev-'));
    await admin(`CREATE DATABASE ${dbName}`);
    // The schema, with the command the README gives an operator (npm run db:migrate).
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: dbUrl.toString() }, timeout: 120_000 });
    const database = await openDatabase({ url: dbUrl.toString(), migrate: false });
    try {
      await seedDemo({ db: database.db, clock: systemClock, ids: randomIds });
      apiKey = await createApiKey(database.db, 'demo', randomIds.next('key'), 'worker-test', [...API_SCOPES]);
      await registerTenant(database.db, 'demo', 'slack', 'TWORKER');
      await registerTenant(database.db, 'demo', 'dingtalk', 'corp_worker');
      await linkIdentities(database.db, 'demo', [
        { orgId: 'demo', platform: 'feishu', kind: 'open_id', externalId: 'ou_wangqiang', employeeId: 'e_wangqiang' },
        { orgId: 'demo', platform: 'feishu', kind: 'open_id', externalId: 'ou_zhangwei', employeeId: 'e_zhangwei' },
        { platform: 'slack', tenant: 'TWORKER', kind: 'slack_user', externalId: 'UZHANG', employeeId: 'e_zhangwei' },
        { platform: 'dingtalk', tenant: 'corp_worker', kind: 'user_id', externalId: 'staff_zhang', employeeId: 'e_zhangwei' },
      ]);
    } finally {
      await database.close();
    }
    query = new pg.Pool({ connectionString: dbUrl.toString(), max: 2 });

    receiver = await startWebhookReceiver();
    feishu = new FeishuOpenApiFake({ appId: 'cli_worker', appSecret: 'worker-secret' });
    const { url: feishuUrl } = await feishu.start();
    slack = new SlackWebApiFake();
    await slack.start();
    dingtalk = new DingTalkFake({ clientId: DT_CLIENT, clientSecret: DT_SECRET, robotCode: DT_CLIENT });
    const { url: dingtalkUrl } = await dingtalk.start();
    ai = await startFakeOpenAi();
    dev = await startDev(dir, dbUrl, {
      ENCRYPTION_KEY: encryptionKey,
      FEISHU_APP_ID: 'cli_worker',
      FEISHU_APP_SECRET: 'worker-secret',
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
      FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      FEISHU_DOMAIN: feishuUrl,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: slack.apiUrl,
      DINGTALK_CLIENT_ID: DT_CLIENT,
      DINGTALK_CLIENT_SECRET: DT_SECRET,
      DINGTALK_CARD_TEMPLATE_ID: 'tpl_worker',
      DINGTALK_MODE: 'http',
      DINGTALK_API_URL: dingtalkUrl,
      DINGTALK_OAPI_URL: dingtalkUrl,
      TRAVEL_SUPPLIER_URL: 'http://127.0.0.1:9',
      TRAVEL_SUPPLIER_KEY: 'supplier-key',
      TRAVEL_SUPPLIER_SECRET: 'supplier-secret',
      TRAVEL_SUPPLIER_CALLBACK_SECRET: 'supplier-callback-secret',
      OPENAI_API_KEY: 'sk-worker-test',
      OPENAI_BASE_URL: ai.baseURL,
      CHAT_RATE_LIMITS: 'off',
      WEBHOOK_ALLOW_HOSTS: new URL(receiver.url).host,
      LOG_LEVEL: 'warn',
    });
    base = dev.base;
  }, START_DEADLINE_MS + 120_000);

  afterAll(async () => {
    await dev?.stop();
    await query?.end();
    await receiver?.close();
    await feishu?.stop();
    await slack?.stop();
    await dingtalk?.stop();
    await ai?.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('serves /health on PostgreSQL through Hyperdrive', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it("serves the gate page's QR scanner script, imported as text at build time", async () => {
    const res = await fetch(`${base}/gate/assets/jsqr.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(await res.text()).toBe(readFileSync(path.join(ROOT, 'node_modules', 'jsqr', 'dist', 'jsQR.js'), 'utf8'));
  });

  it('approves one request through REST, delivered by the cron trigger, and another by a signed Feishu card click, delivered at once', async () => {
    const hook = await call('POST', '/api/v1/webhooks', { url: receiver.url, events: ['*'] });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    receiver.setSecret(hook.body.secret);

    const expense = { type: 'expense', submitterId: 'e_zhangwei', title: '打车去机场 Taxi to airport', amount: { minor: 4500, currency: 'CNY' }, category: 'transport', details: { date: '2026-11-17', hasInvoice: true } };
    const first = await call('POST', '/api/v1/requests', expense);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(await requestRow(first.body.request.id)).toEqual({ status: 'pending' });
    const acted = await call('POST', `/api/v1/approvals/${first.body.approvalId}/actions`, { actorId: 'e_wangqiang', action: 'approve', stepKey: 'manager' });
    expect(acted.status, JSON.stringify(acted.body)).toBe(200);
    expect(acted.body).toMatchObject({ status: 'approved', decidedBy: 'e_wangqiang' });
    expect(await requestRow(first.body.request.id)).toEqual({ status: 'approved' });

    // A REST approval queues its effects without kicking the outbox: nothing leaves until the cron trigger runs it.
    const pending = await query.query<{ n: string }>(`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`);
    expect(Number(pending.rows[0]!.n)).toBeGreaterThan(0);
    // Only deliveries signed with this subscription's secret count: the receiver's port may have belonged to another test
    // file's receiver a moment ago, whose retries can still arrive here.
    const ours = () => receiver.deliveries.filter((d) => d.valid);
    expect(ours()).toEqual([]);
    const unsealed = async () => Number((await query.query<{ n: string }>('SELECT count(*) AS n FROM audit_log WHERE hash IS NULL')).rows[0]!.n);
    expect(await unsealed()).toBeGreaterThan(0);
    expect((await query.query('SELECT name FROM job_runs')).rows).toEqual([]);
    const cron = await fetch(`${base}/__scheduled?cron=${encodeURIComponent('* * * * *')}`);
    expect(cron.status, await cron.text()).toBe(200);
    // The same run sealed the audit rows into the hash chain and ran the scheduler's due jobs.
    expect(await unsealed()).toBe(0);
    expect((await query.query('SELECT name FROM job_runs')).rows.length).toBeGreaterThan(0);
    // One cron run takes several passes: the first publishes the events and queues their webhook deliveries and card
    // sends, the next deliver those: a signed webhook, and the submitter's notice sent to Feishu through the bundled
    // Lark SDK (over fetch).
    const undelivered = async (e: Error) => {
      const rows = await query.query(`SELECT topic, status, attempts, last_error FROM outbox WHERE status <> 'delivered'`);
      return new Error(`${e.message}\nundelivered: ${JSON.stringify(rows.rows)}\n--- wrangler dev output ---\n${dev!.output().slice(-3000)}`);
    };
    await waitFor(() => ours().length > 0 && feishu.messagesTo('ou_zhangwei').length > 0, { what: 'a signed webhook delivery and a Feishu notice sent by one cron run' }).catch(async (e: Error) => {
      throw await undelivered(e);
    });
    const delivered = await query.query<{ topic: string }>(`SELECT DISTINCT topic FROM outbox WHERE status = 'delivered'`);
    expect(delivered.rows.map((r) => r.topic)).toEqual(expect.arrayContaining(['event.publish', 'webhook.deliver', 'chat.send']));

    // A card click kicks the outbox, as on Node: its effects are delivered right after the answer, with no cron run.
    const noticesBefore = feishu.messagesTo('ou_zhangwei').length;
    const hooksBefore = ours().length;
    const second = await call('POST', '/api/v1/requests', { ...expense, title: '地铁 Metro' });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    const ts = Math.floor(Date.now() / 1000);
    const value = signAction(box, { kind: 'approval', org: 'demo', id: second.body.approvalId, step: 'manager', action: 'approve', to: 'e_wangqiang', exp: ts + 3600 });
    const event = {
      schema: '2.0',
      header: { event_id: `ev_worker_${randomBytes(6).toString('hex')}`, event_type: 'card.action.trigger', app_id: 'cli_worker', tenant_key: 'worker_tenant', create_time: String(ts * 1000) },
      event: { operator: { open_id: 'ou_wangqiang' }, action: { tag: 'button', value: { t: value, a: 'approve' } }, context: { open_message_id: 'om_worker', open_chat_id: 'oc_worker' } },
    };
    const { headers, rawBody } = signedFeishuRequest({ encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN, body: event, timestamp: ts });
    const click = await fetch(`${base}/feishu/events`, { method: 'POST', headers, body: rawBody });
    const answer = (await click.json()) as { toast?: { type?: string } };
    expect(click.status, JSON.stringify(answer)).toBe(200);
    expect(answer.toast?.type, JSON.stringify(answer)).toBe('success');
    expect(await requestRow(second.body.request.id)).toEqual({ status: 'approved' });

    await waitFor(() => ours().length > hooksBefore && feishu.messagesTo('ou_zhangwei').length > noticesBefore, { what: "the click's webhook and the submitter's Feishu notice, delivered after the answer" }).catch(async (e: Error) => {
      throw await undelivered(e);
    });
  }, 120_000);

  it('answers signed Slack and DingTalk messages (read by the model through the bundled OpenAI SDK) and the supplier callback; the replies go out after the answers', async () => {
    const slackBody = JSON.stringify({ token: 't', team_id: 'TWORKER', api_app_id: 'A1', type: 'event_callback', event_id: 'EvWorker1', event_time: 1, event: { type: 'message', channel_type: 'im', channel: 'DWORKER', user: 'UZHANG', text: 'help', ts: '1.0001' } });
    const slackAnswer = await fetch(`${base}/slack/events`, { method: 'POST', headers: signedSlackRequest({ signingSecret: SLACK_SECRET, rawBody: slackBody }), body: slackBody });
    expect(slackAnswer.status, await slackAnswer.text()).toBe(200);
    const forged = await fetch(`${base}/slack/events`, { method: 'POST', headers: signedSlackRequest({ signingSecret: 'wrong', rawBody: slackBody }), body: slackBody });
    expect(forged.status).toBe(401);

    const dingBody = JSON.stringify({ msgId: 'msg_worker_1', senderStaffId: 'staff_zhang', chatbotCorpId: 'corp_worker', senderCorpId: 'corp_worker', conversationType: '1', conversationId: 'cid_worker', msgtype: 'text', text: { content: '下周想去上海见客户' } });
    const dingAnswer = await fetch(`${base}/dingtalk/events`, { method: 'POST', headers: signedDingTalkHeaders({ appSecret: DT_SECRET }), body: dingBody });
    expect(dingAnswer.status, await dingAnswer.text()).toBe(200);
    const dingForged = await fetch(`${base}/dingtalk/events`, { method: 'POST', headers: signedDingTalkHeaders({ appSecret: 'wrong' }), body: dingBody });
    expect(dingForged.status).toBe(401);

    const supplier = await fetch(`${base}/supplier/callbacks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(supplier.status).toBe(401);
    expect(((await supplier.json()) as { error: { code: string } }).error.code).toBe('SUPPLIER.SIGNATURE_MISSING');

    // The replies are outbox rows, kicked by the messages: sent after the answers through Slack's WebClient and
    // DingTalk's API over fetch, with no cron run.
    await waitFor(() => slack.messagesIn('DWORKER').length > 0 && dingtalk.robotMessages.length > 0 && ai.requests.length > 0, {
      what: 'the model asked, and the Slack and DingTalk replies sent after the answers',
      timeoutMs: 45_000,
    }).catch(async (e: Error) => {
      const rows = await query.query(`SELECT topic, status, attempts, last_error FROM outbox WHERE topic = 'chat.send'`);
      throw new Error(`${e.message}\nchat.send rows: ${JSON.stringify(rows.rows)}\n--- wrangler dev output ---\n${dev!.output().slice(-3000)}`);
    });
  }, 120_000);

  it('refuses settings that need Node with 503 naming the setting, and does not crash', async () => {
    const refused = await startDev(dir, dbUrl, { ENCRYPTION_KEY: encryptionKey, FEISHU_APP_ID: 'cli_worker', FEISHU_APP_SECRET: 'worker-secret', FEISHU_MODE: 'ws', BANK_CONNECTOR: 'files', BANK_DIR: '/srv/bank' });
    try {
      for (const p of ['/health', '/api/v1/approvals/pending', '/feishu/events']) {
        const res = await fetch(`${refused.base}${p}`);
        expect(res.status).toBe(503);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('CONFIG.UNSUPPORTED_ON_WORKERS');
        expect(body.error.message).toContain('FEISHU_MODE=ws');
        expect(body.error.message).toContain('BANK_CONNECTOR=files');
      }
      const cron = await fetch(`${refused.base}/__scheduled?cron=${encodeURIComponent('* * * * *')}`);
      expect(cron.status).toBe(200);
      // Logged once for the isolate, not once per request (wrangler relays workerd's console with a delay).
      await waitFor(() => refused.output().includes('refusing to start'), { what: 'the refusal in the Worker log' });
      expect(refused.output().split('refusing to start').length - 1).toBe(1);
    } finally {
      await refused.stop();
    }
  }, START_DEADLINE_MS + 30_000);
});
