// Cloudflare Workers entry: webhook-mode HTTP on PostgreSQL through Hyperdrive; a cron trigger runs the outbox and jobs.
// Long-connection platform modes (Feishu WS, DingTalk Stream, Slack Socket Mode) need Node: use src/server.ts for those.
import * as lark from '@larksuiteoapi/node-sdk';
import * as bolt from '@slack/bolt';
import OpenAI from 'openai';
// Text at build time (the [[rules]] in wrangler.toml): the gate page's QR scanner, read from node_modules on Node.
import jsqrSource from 'jsqr/dist/jsQR.js';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../db/schema/index.js';
import type { Db } from '../db/database.js';
import { createApp } from './app.js';
import { chatParser } from './chat/parser.js';
import { loadConfig } from './config.js';
import { sealAudit } from '../db/repos/audit.js';
import { dispatchOnce } from './jobs/dispatcher.js';
import { tick } from './jobs/scheduler.js';
import { createLogger } from './log.js';
import { randomIds, systemClock } from './runtime.js';
import { createSecretBox } from './secrets.js';
import { outboxHandlers, scheduledJobs } from './services.js';
import { workerRefusal, type WorkerRefusal } from './worker-settings.js';
import { useBundledLarkSdk } from '../bots/feishu/feishu.messenger.js';
import { useBundledBolt } from './channels/slack-oauth.js';
import { useBundledOpenAi } from './nlu/openai-parser.js';
import { useBundledJsqr } from './web/gate/routes.js';

// Node requires the platform and model SDKs on first use; a Worker cannot, so they are bundled here.
useBundledLarkSdk(lark);
useBundledBolt(bolt);
useBundledOpenAi(OpenAI);
useBundledJsqr(jsqrSource);

interface Env {
  HYPERDRIVE: { connectionString: string };
  ENCRYPTION_KEY: string;
  [key: string]: unknown;
}

interface ExecutionContext {
  waitUntil(p: Promise<unknown>): void;
}

/**
 * What stops this Worker from serving (a setting that needs Node, or a bad value), decided once per isolate from the
 * bindings and logged once; every request is then answered with it instead of crashing on first use.
 */
let refusal: { for: Env; value: WorkerRefusal | undefined } | undefined;
function refused(env: Env): WorkerRefusal | undefined {
  if (refusal?.for === env) return refusal.value;
  let value = workerRefusal(env);
  if (!value) {
    try {
      loadConfig(settingsOf(env));
    } catch (e) {
      value = { code: 'CONFIG.INVALID', message: (e as Error).message };
    }
  }
  if (value) console.error(JSON.stringify({ t: new Date().toISOString(), level: 'error', msg: 'refusing to start', ...value })); // eslint-disable-line no-console
  refusal = { for: env, value };
  return value;
}

const refusalResponse = (r: WorkerRefusal) => Response.json({ error: r }, { status: 503 });

/** The string bindings (vars and secrets) as settings, with what the Worker fixes itself. */
function settingsOf(env: Env): Record<string, string> {
  const strings = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  // No seeding behind an operator's back, and no in-process workers: the cron trigger runs them.
  return { ...strings, DATABASE_URL: env.HYPERDRIVE.connectionString, SEED_DEMO: 'false', WORKERS: 'false', WORKERS_THREAD: 'false' };
}

/** Workers may not share I/O objects between requests, so each request or cron run gets its own small pool. */
function open(env: Env) {
  const config = loadConfig(settingsOf(env));
  // bigint (int8) as JS number, as db/open.ts does on Node: our amounts are safe integers by construction.
  pg.types.setTypeParser(20, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: env.HYPERDRIVE.connectionString, max: 5 });
  const db = drizzle(pool, { schema }) as unknown as Db;
  const log = createLogger(config.LOG_LEVEL, (l) => console.log(l)); // eslint-disable-line no-console
  // Webhooks go out through fetch here: node:http's connect-time `lookup` is not honoured on Workers, and Cloudflare's
  // egress cannot reach private networks, so the literal-IP and DNS checks at registration and delivery suffice.
  const outbound = { transport: 'fetch' as const };
  const deps = { db, clock: systemClock, ids: randomIds, config, box: createSecretBox([Buffer.from(env.ENCRYPTION_KEY, 'base64')]), log, outbound };
  return { deps, pool };
}

/**
 * Delivers what is due, pass after pass while a pass found work (a published event fans out to webhook and card rows
 * that the next pass sends), at most `passes` times so one run stays well inside the Worker's time after the answer.
 */
async function deliverDue(deps: ReturnType<typeof open>['deps'], passes: number): Promise<void> {
  const c = deps.config;
  const handlers = outboxHandlers(deps);
  const opts = { batch: c.OUTBOX_BATCH, maxAttempts: c.OUTBOX_MAX_ATTEMPTS, concurrency: c.OUTBOX_CONCURRENCY, leaseMs: c.OUTBOX_LEASE_MS, clock: deps.clock };
  for (let i = 0; i < passes; i++) if ((await dispatchOnce(deps.db, handlers, opts, deps.log)).claimed === 0) return;
}

/** Outbox passes after a request that queued messages, and in each cron run. */
const KICK_PASSES = 3;
const CRON_PASSES = 5;

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const stop = refused(env);
    if (stop) return refusalResponse(stop);
    const { deps, pool } = open(env);
    // A command that queued chat replies, cards or webhooks kicks the outbox (as on Node): here they are delivered right
    // after the answer, in the request's waitUntil, instead of waiting up to a minute for the cron trigger.
    let kicked = false;
    try {
      return await createApp({ ...deps, parser: chatParser(deps.config, deps.log), kickOutbox: () => (kicked = true) }).fetch(request);
    } finally {
      const after = kicked ? deliverDue(deps, KICK_PASSES).catch((e: unknown) => deps.log.error('outbox delivery after a request failed', { error: e })) : Promise.resolve();
      ctx.waitUntil(after.finally(() => pool.end()));
    }
  },

  /**
   * Cron trigger (every minute): deliver due outbox messages, run due jobs, then seal the audit log, last, so that the
   * rows the run itself wrote (a job's, such as the daily digest sent at 09:00 in the organisation's zone) are sealed
   * by it too, not a minute later.
   */
  async scheduled(_event: unknown, env: Env, ctx: ExecutionContext): Promise<void> {
    if (refused(env)) return; // logged once already; a cron run has nobody to answer
    const { deps, pool } = open(env);
    const work = (async () => {
      await deliverDue(deps, CRON_PASSES);
      await tick(deps.db, scheduledJobs(deps), deps.clock.now(), deps.log);
      await sealAudit(deps.db);
    })().finally(() => pool.end());
    ctx.waitUntil(work);
    await work;
  },
};
