// Node entry: reads config, opens the database (PGlite by default), seeds the demo organisation, serves HTTP.
import { serve } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { openDatabase } from '../db/open.js';
import { createApp } from './app.js';
import { s3FromConfig } from './api/routes.js';
import { localReceiptStore } from './integrations/storage/receipt-store.js';
import { consoleEnabled, loadConfig, type Config } from './config.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { createLogger } from './log.js';
import { randomIds, systemClock } from './runtime.js';
import { createSecretBox } from './secrets.js';
import { startBackground } from './services.js';
import { chatParser } from './chat/parser.js';
import { startDingTalkStream } from './chat/channels/dingtalk.js';
import { startFeishuWs } from './chat/channels/feishu.js';
import { createDingTalkContacts } from '../bots/dingtalk/dingtalk.messenger.js';
import { seedDemo } from './seed/demo.js';
import { startControlSocket } from './control/control-socket.js';

/** The at-rest key: ENCRYPTION_KEY, or (embedded mode) a key file created once under DATA_DIR. */
function encryptionKey(config: Config): Buffer {
  if (config.ENCRYPTION_KEY) return Buffer.from(config.ENCRYPTION_KEY, 'base64');
  if (config.DATABASE_URL) throw new Error('Invalid configuration:\n  ENCRYPTION_KEY: required when DATABASE_URL is set (openssl rand -base64 32)');
  const file = path.join(config.DATA_DIR, 'encryption.key');
  if (!existsSync(file)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

const SWAGGER_ASSETS: Record<string, string> = { 'swagger-ui.css': 'text/css', 'swagger-ui-bundle.js': 'text/javascript' };

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const log = createLogger(config.LOG_LEVEL);
  // The embedded database is one process's: the lock makes CLIs (npm run org, api-key, …) refuse while we run.
  const lock = config.DATABASE_URL || config.DATA_DIR.startsWith('memory://') ? undefined : acquireDataDirLock(config.DATA_DIR, 'server');
  if (lock && !lock.ok) {
    process.stderr.write(`${lock.error}\n`);
    process.exit(2);
  }
  const box = createSecretBox([encryptionKey(config)]);
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE });
  const base = { db: database.db, clock: systemClock, ids: randomIds, config, box, log };
  if (config.SEED_DEMO) {
    const seeded = await seedDemo(base);
    if (seeded) log.info('seeded the demo organisation', { orgId: seeded.orgId, employees: seeded.employees });
  }
  // While we own the embedded database, the CLIs send their commands through this socket instead of opening it.
  const control = lock?.ok ? await startControlSocket(base, config.DATA_DIR) : undefined;
  const background = config.WORKERS ? startBackground(base) : undefined;
  const parser = chatParser(config, log);
  const feishuWs =
    config.FEISHU_APP_ID && config.FEISHU_APP_SECRET && config.FEISHU_MODE === 'ws'
      ? startFeishuWs({ ...base, parser, orgId: config.FEISHU_ORG, ...(background ? { kickOutbox: background.kick } : {}) }, { appId: config.FEISHU_APP_ID, appSecret: config.FEISHU_APP_SECRET, domain: config.FEISHU_DOMAIN })
      : undefined;
  const dingtalk =
    config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET && config.DINGTALK_MODE === 'stream'
      ? startDingTalkStream({ ...base, parser, orgId: config.DINGTALK_ORG, lookup: createDingTalkContacts({ clientId: config.DINGTALK_CLIENT_ID, clientSecret: config.DINGTALK_CLIENT_SECRET, apiUrl: config.DINGTALK_API_URL, oapiUrl: config.DINGTALK_OAPI_URL }), ...(background ? { kickOutbox: background.kick } : {}) }, { clientId: config.DINGTALK_CLIENT_ID, clientSecret: config.DINGTALK_CLIENT_SECRET, apiUrl: config.DINGTALK_API_URL, mode: 'stream' })
      : undefined;
  const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  // Receipt files: the S3-compatible bucket when configured, else a directory beside the data.
  const receipts = s3FromConfig(config) ?? localReceiptStore(config.RECEIPTS_DIR ?? path.join(config.DATA_DIR, 'receipts'));
  const app = createApp({ ...base, parser, receipts, kickOutbox: background?.kick }, (a) => {
    a.get('/docs/assets/:file', (c) => {
      const type = SWAGGER_ASSETS[c.req.param('file')];
      if (!type) return c.notFound();
      return c.body(readFileSync(path.join(swaggerDir, c.req.param('file'))), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    });
  });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${info.port}`;
    log.info('listening', { url, host: config.HOST, database: database.kind });
    if (consoleEnabled(config)) log.info('web console', { url: `${url}/console`, access: config.CONSOLE_PASSWORD ? 'password' : 'loopback only' });
  });
  const shutdown = async () => {
    server.close();
    control?.close();
    dingtalk?.disconnect();
    feishuWs?.close();
    await background?.stop();
    await database.close();
    if (lock?.ok) lock.value.release();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main();
