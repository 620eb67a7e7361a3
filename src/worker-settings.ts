// Settings that cannot work on Cloudflare Workers, refused at start with the setting to change (src/worker.ts answers
// every request with the refusal instead of crashing on the first use of a file system, thread or long connection).

/** Why the Worker will not serve: a stable code and a message naming the setting. */
export interface WorkerRefusal {
  code: 'CONFIG.UNSUPPORTED_ON_WORKERS' | 'CONFIG.INVALID';
  message: string;
}

type Env = Record<string, unknown>;

const set = (env: Env, key: string): string | undefined => {
  const v = env[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
};
const truthy = (v: string | undefined) => v === 'true' || v === '1';

/**
 * One rule per setting: when `refuses` holds, the Worker refuses to start with `why`. Workers have no writable disk
 * that outlives a request, no threads and no connection that outlives a request (so no client of a platform's long
 * connection), and reach PostgreSQL only through the Hyperdrive binding.
 */
const RULES: { refuses: (env: Env) => boolean; why: string }[] = [
  {
    refuses: (env) => typeof (env.HYPERDRIVE as { connectionString?: unknown } | undefined)?.connectionString !== 'string',
    why: 'the HYPERDRIVE binding is missing: create one (wrangler hyperdrive create) and put its id under [[hyperdrive]] in wrangler.toml',
  },
  {
    refuses: (env) => set(env, 'DATA_DIR') !== undefined,
    why: 'DATA_DIR selects the embedded PGlite database, which needs a disk: unset DATA_DIR; the Worker uses PostgreSQL through the HYPERDRIVE binding',
  },
  {
    refuses: (env) => set(env, 'DATABASE_URL') !== undefined,
    why: 'DATABASE_URL is not used on Workers: unset it; the Worker reaches PostgreSQL through the HYPERDRIVE binding',
  },
  {
    refuses: (env) => set(env, 'FEISHU_MODE') === 'ws',
    why: "FEISHU_MODE=ws keeps a long connection open, which a Worker cannot: set FEISHU_MODE=webhook and point the app's event and card callback URLs at /feishu/events, or run src/server.ts on Node",
  },
  {
    refuses: (env) => set(env, 'DINGTALK_CLIENT_ID') !== undefined && set(env, 'DINGTALK_MODE') !== 'http',
    why: 'DingTalk Stream mode (the default DINGTALK_MODE=stream) keeps a long connection open, which a Worker cannot: set DINGTALK_MODE=http and point the robot and card callbacks at /dingtalk/events, or run src/server.ts on Node',
  },
  {
    refuses: (env) => set(env, 'SLACK_APP_TOKEN') !== undefined,
    why: 'SLACK_APP_TOKEN switches Slack to Socket Mode, a long connection a Worker cannot keep: unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET, with the Request URLs at /slack/events, or run src/server.ts on Node',
  },
  {
    refuses: (env) => set(env, 'SLACK_CLIENT_ID') !== undefined,
    why: "SLACK_CLIENT_ID turns on multi-workspace installs, whose @slack/oauth installer works on Node's request and response objects: on Workers unset SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET and use one workspace's SLACK_BOT_TOKEN, or run src/server.ts on Node",
  },
  {
    refuses: (env) => set(env, 'BANK_CONNECTOR') === 'files' || set(env, 'BANK_DIR') !== undefined,
    why: 'BANK_CONNECTOR=files (BANK_DIR) exchanges payment files through a directory, and a Worker has no disk: unset BANK_CONNECTOR and BANK_DIR here and run the bank connection on Node',
  },
  {
    refuses: (env) => set(env, 'BANK_CONNECTOR') === 'http',
    why: 'BANK_CONNECTOR=http sends pain.001 files that are first checked against the ISO 20022 XSDs by libxml2 compiled to WebAssembly, loaded with its schemas from files at run time, which a Worker cannot do: run the bank connection on Node (src/server.ts with BANK_CONNECTOR=http) or leave BANK_CONNECTOR=none here (files are built and wait)',
  },
  {
    refuses: (env) => set(env, 'RECEIPTS_DIR') !== undefined,
    why: 'RECEIPTS_DIR keeps receipt files on a local disk, which a Worker does not have: unset it and set RECEIPTS_S3_BUCKET, RECEIPTS_S3_ENDPOINT, RECEIPTS_S3_ACCESS_KEY_ID and RECEIPTS_S3_SECRET_ACCESS_KEY (R2 works)',
  },
  {
    refuses: (env) => truthy(set(env, 'WORKERS_THREAD')),
    why: 'WORKERS_THREAD runs the outbox on a thread of its own, and a Worker has no threads: unset it; the cron trigger runs the outbox, the audit sealer and the scheduler',
  },
  {
    refuses: (env) => set(env, 'ENCRYPTION_KEY') === undefined,
    why: 'ENCRYPTION_KEY is missing (32 bytes, base64; it encrypts secrets at rest): set it with `wrangler secret put ENCRYPTION_KEY` (openssl rand -base64 32)',
  },
];

/** What stops this Worker from serving, every reason at once, or undefined when it can run. */
export function workerRefusal(env: Env): WorkerRefusal | undefined {
  const reasons = RULES.filter((r) => r.refuses(env)).map((r) => r.why);
  if (reasons.length === 0) return undefined;
  return { code: 'CONFIG.UNSUPPORTED_ON_WORKERS', message: `not supported on Cloudflare Workers: ${reasons.join('; ')}` };
}
