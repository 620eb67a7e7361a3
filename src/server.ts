// Node entry: reads config, opens the database (PGlite by default), seeds the demo organisation, serves HTTP.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import path from 'node:path';
import { openDatabase, type OpenProgress } from '../db/open.js';
import { releaseLeases } from '../db/repos/outbox.js';
import { consoleEnabled, loadConfig, type Config } from './config.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { createLogger, type Logger } from './log.js';
import { randomIds, systemClock } from './runtime.js';
import { createSecretBox } from './secrets.js';
import { seedDemo } from './seed/demo.js';
import { startControlSocket } from './control/control-socket.js';
import { chartPngOnDemand } from './integrations/chart/lazy.js';
import { registerDigestChart } from './web/digest-chart.js';
import { startObservability } from './observability/start.js';
import { backgroundIdle } from './background.js';
import { drainable } from './http-drain.js';

/**
 * The HTTP app, the background jobs and the chat channels, with the platform SDKs they import (Feishu, Slack,
 * DingTalk, OpenAI: seconds of loading on a small machine). Imported while the database opens, not before it.
 */
const loadService = () =>
  Promise.all([
    import('@hono/node-server'),
    import('./app.js'),
    import('./integrations/storage/s3-store.js'),
    import('./jobs/background-host.js'),
    import('./services.js'),
    import('./chat/parser.js'),
    import('./channels/feishu.js'),
  ]);

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

/** One start-up log line per step, with the milliseconds since the process started (where the time went). */
function progress(log: Logger) {
  return (msg: string, fields: Record<string, unknown> = {}) => log.info(msg, { ...fields, sinceStartMs: Math.round(performance.now()) });
}

/** The database's own steps as start-up lines: which kind, where, how it was created, how many migrations ran. */
function databaseProgress(step: ReturnType<typeof progress>) {
  return (p: OpenProgress) => {
    if (p.step === 'opening') {
      const created = p.created === 'template' ? { created: 'from the build template' } : p.created === 'initdb' ? { created: 'initdb (first start without a build template: slow)' } : {};
      step('opening the database', { kind: p.kind, where: p.where, ...created });
    } else step('migrated the database', { applied: p.applied, total: p.total });
  };
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
  const step = progress(log);
  const key = encryptionKey(config);
  const box = createSecretBox([key]);
  const service = loadService();
  service.catch(() => undefined); // awaited below; a failed import must not become an unhandled rejection meanwhile
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE, backgroundPoolSize: config.DATABASE_BACKGROUND_POOL_SIZE, onProgress: databaseProgress(step) });
  const base = { db: database.db, clock: systemClock, ids: randomIds, config, box, log };
  if (config.SEED_DEMO) {
    const seeded = await seedDemo(base);
    if (seeded) step('seeded the demo organisation', { orgId: seeded.orgId, employees: seeded.employees });
    else step('demo organisation present, not seeded');
  }
  const [{ serve }, { createApp }, { receiptStoreFromConfig }, { startBackgroundThread }, { startBackground }, { chatParser }, { startFeishuWs }] = await service;
  // Traces and metrics (src/observability): the SDK loads only when an OTLP endpoint is set; metrics with METRICS_TOKEN.
  const observability = await startObservability(config, database.db, log);
  const metrics = observability.metrics;
  // While we own the embedded database, the CLIs send their commands through this socket instead of opening it.
  const control = lock?.ok ? await startControlSocket(base, config.DATA_DIR) : undefined;
  const parser = chatParser(config, log);
  // Receipt files (expense receipts, the bank's e-receipts): the S3-compatible bucket when configured, else a directory beside the data.
  const receipts = receiptStoreFromConfig(config);
  // This instance's name on the outbox leases its dispatcher takes: on shutdown it hands back what it still holds.
  const leaseOwner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  // The workers use a pool of their own: however busy they are, requests keep all of DATABASE_POOL_SIZE. On PostgreSQL
  // they also get a thread of their own (src/jobs/background-host.ts); PGlite keeps them on this one.
  const background = !config.WORKERS
    ? undefined
    : config.DATABASE_URL && config.WORKERS_THREAD
      ? startBackgroundThread({ env: { ...process.env }, keys: [key.toString('base64')], leaseOwner }, { log })
      : startBackground({ ...base, db: database.background, parser, receipts, chartPng: chartPngOnDemand, leaseOwner, ...(metrics ? { metrics } : {}) });
  const feishuWs =
    config.FEISHU_APP_ID && config.FEISHU_APP_SECRET && config.FEISHU_MODE === 'ws'
      ? startFeishuWs({ ...base, parser, orgId: config.FEISHU_ORG, autoLink: true, ...(background ? { kickOutbox: background.kick } : {}), ...(metrics ? { metrics } : {}) }, { appId: config.FEISHU_APP_ID, appSecret: config.FEISHU_APP_SECRET, domain: config.FEISHU_DOMAIN })
      : undefined;
  // The Stream SDK is loaded only when Stream mode is on (it costs a noticeable part of a start).
  const dingtalk =
    config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET && config.DINGTALK_MODE === 'stream'
      ? (await import('./channels/dingtalk-stream.js')).startDingTalkStream({ ...base, parser, orgId: config.DINGTALK_ORG, autoLink: true, ...(background ? { kickOutbox: background.kick } : {}), ...(metrics ? { metrics } : {}) }, { clientId: config.DINGTALK_CLIENT_ID, clientSecret: config.DINGTALK_CLIENT_SECRET, apiUrl: config.DINGTALK_API_URL, mode: 'stream' })
      : undefined;
  const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  // From the first signal: /health/ready answers 503, so load balancers stop sending before the listener closes.
  let shuttingDown = false;
  // What the mounted channels must stop at shutdown (Slack Socket Mode's connection).
  const channelStops: (() => Promise<void>)[] = [];
  const app = createApp({ ...base, parser, receipts, kickOutbox: background?.kick, shuttingDown: () => shuttingDown, onStop: (stop) => channelStops.push(stop), ...(metrics ? { metrics } : {}) }, (a) => {
    registerDigestChart(a, { db: database.db, box, chartPng: chartPngOnDemand });
    a.get('/docs/assets/:file', (c) => {
      const type = SWAGGER_ASSETS[c.req.param('file')];
      if (!type) return c.notFound();
      return c.body(readFileSync(path.join(swaggerDir, c.req.param('file'))), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    });
  });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${info.port}`;
    step('listening', { url, host: config.HOST, database: database.kind });
    if (consoleEnabled(config)) log.info('web console', { url: `${url}/console`, access: config.CONSOLE_PASSWORD ? 'password' : 'loopback only' });
    step('ready', { frontDoor: `${url}/`, ...(consoleEnabled(config) ? { console: `${url}/console` } : {}), docs: `${url}/docs`, health: `${url}/health` });
  });
  const http = drainable(server as Server);

  /**
   * The shutdown sequence, bounded by SHUTDOWN_GRACE_MS: not ready; the listener closed while the requests in hand are
   * answered, and at the same time the workers finish their pass; the outbox leases still held handed back; the long
   * connections closed; the database closed. Whatever runs past the grace is cut, not waited for.
   */
  const shutdown = async (signal: NodeJS.Signals) => {
    const started = Date.now();
    const deadline = started + config.SHUTDOWN_GRACE_MS;
    const left = () => Math.max(0, deadline - Date.now());
    shuttingDown = true;
    log.info('shutting down', { signal, graceMs: config.SHUTDOWN_GRACE_MS });
    const within = <T>(p: Promise<T>): Promise<T | 'late'> => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      return Promise.race([p, new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), left())))]).finally(() => clearTimeout(timer));
    };
    const [served, workers] = await Promise.all([
      // Work started after a callback was answered (runInBackground: a Slack modal) belongs to those requests.
      http.close(deadline).then(async ({ cut }) => ({ cut, tasksLate: (await within(backgroundIdle())) === 'late' })),
      // The thread is asked to finish its pass and ended at the deadline; on PGlite the pass runs here and is abandoned.
      background ? within('ready' in background ? background.stop(left()) : background.stop()) : Promise.resolve(undefined),
    ]);
    // What the dispatcher claimed and did not finish is due again at once for the other instances, not after its lease.
    const released = background ? await releaseLeases(database.db, leaseOwner).catch((e: unknown) => (log.warn('could not release outbox leases', { error: e }), 0)) : 0;
    control?.close();
    dingtalk?.disconnect();
    feishuWs?.close();
    const channelsLate = (await within(Promise.all(channelStops.map((stop) => stop().catch((e: unknown) => log.warn('could not close a channel connection', { error: e })))))) === 'late';
    await observability.stop();
    await database.close();
    if (lock?.ok) lock.value.release();
    log.info('stopped', { signal, ms: Date.now() - started, connectionsCut: served.cut, tasksLate: served.tasksLate, workersLate: workers === 'late', channelsLate, releasedLeases: released });
  };
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second signal is someone who will not wait: exit at once, as a process killed by that signal would.
    if (signalled) {
      log.warn('second signal: exiting without finishing the shutdown', { signal });
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    signalled = true;
    // A last guard: a step that hangs (a database close that never returns) must not keep the process forever.
    setTimeout(() => {
      log.error('shutdown did not finish; exiting', { graceMs: config.SHUTDOWN_GRACE_MS });
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS + 15_000).unref();
    shutdown(signal).then(
      () => process.exit(0),
      (e: unknown) => {
        log.error('shutdown failed', { error: e });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

void main();
