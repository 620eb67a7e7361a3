// Settings from the environment, parsed once by zod at start-up; a bad value stops the process with a clear message.
import { z } from 'zod';
import { parseFxRates } from '../domain/money/index.js';
import { DEFAULT_PAYEE_CHANGE_HOLD_HOURS } from '../domain/payment/index.js';
import { parseAllowHost } from './integrations/net/url-guard.js';

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export /** A development allow list: comma-separated `host` or `host:port` entries, normalised by `parseAllowHost`. */
const allowHostList = () =>
  z
    .string()
    .default('')
    .transform((v, ctx) => {
      const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
      const parsed = entries.map(parseAllowHost);
      const bad = entries.filter((_, i) => parsed[i] === undefined);
      if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `not a host or host:port: ${bad.join(', ')}` });
      return parsed.filter((e): e is string => e !== undefined);
    });

const ConfigSchema = z.object({
  PORT: port.default(8787),
  /** Interface to listen on. Default: 127.0.0.1 on the embedded database without CONSOLE_PASSWORD, else 0.0.0.0 (see loadConfig). */
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Hours an employee's payments wait after their bank account changed (account-takeover defence). */
  PAYEE_CHANGE_HOLD_HOURS: z.coerce.number().min(0).max(24 * 30).default(DEFAULT_PAYEE_CHANGE_HOLD_HOURS),
  /** A payment run whose total (in the organisation's currency, minor units) reaches this needs two finance approvers. */
  PAYMENT_RUN_DUAL_APPROVAL_MINOR: z.coerce.number().int().min(1).default(50_000_000),
  /** Payment terms: a payable falls due this many days after the organisation's date at its creation (0: at once). */
  PAYABLE_TERMS_DAYS: z.coerce.number().int().min(0).max(365).default(0),
  /** A second pool for the workers (outbox, audit sealer, scheduler), so they never take the requests' connections. */
  DATABASE_BACKGROUND_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(4),
  /** Public base URL of this service, used in links sent to chats and visitors. */
  PUBLIC_URL: z.string().url().optional(),
  /** 32 bytes, base64: encrypts secrets at rest. Embedded mode creates one under DATA_DIR when absent. */
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes encoded as base64 (openssl rand -base64 32)')
    .optional(),
  /** Seeds the demo organisation at start-up. Default: on with the embedded database, off with DATABASE_URL (see loadConfig). */
  SEED_DEMO: bool.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /**
   * The largest amount accepted in one field, in minor units: one number for every currency (`10000000000`) or per
   * currency (`CNY=10000000000,JPY=100000000`, `*=` for the rest). Default: 100 million in major units of each currency.
   */
  MAX_AMOUNT_MINOR: z
    .string()
    .transform((v, ctx) => {
      const out: Record<string, number> = {};
      for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
        const [code, n] = part.includes('=') ? part.split('=') : ['*', part];
        const num = Number(n);
        if (!/^([A-Z]{3}|\*)$/.test(code!.trim()) || !Number.isSafeInteger(num) || num <= 0) {
          ctx.addIssue({ code: 'custom', message: `"${part}": use a positive whole number of minor units, or CUR=number (e.g. CNY=10000000000)` });
          return z.NEVER;
        }
        out[code!.trim()] = num;
      }
      return out;
    })
    .optional(),
  /**
   * Reference exchange rates, e.g. `USD/CNY=7.1234,EUR/CNY=7.85`: an expense in USD is then shown against a CNY budget
   * converted at that rate. Each rate works in the direction given. Without one, such an amount is shown as not
   * comparable with the budget (and is not counted against it).
   */
  FX_RATES: z
    .string()
    .transform((v, ctx) => {
      const parsed = parseFxRates(v);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: parsed.error.message });
      return z.NEVER;
    })
    .optional(),
  /** JSON bodies nested deeper than this are refused with 400. */
  JSON_MAX_DEPTH: z.coerce.number().int().min(4).max(1000).default(32),
  /** Largest accepted request body. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** After a command enqueues messages, how long the dispatcher waits to gather more into the same pass. */
  OUTBOX_KICK_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(20),
  /** Messages claimed per pass (one statement); chat deliveries of a pass share one card read and one write. */
  OUTBOX_BATCH: z.coerce.number().int().min(1).max(1000).default(200),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /**
   * How long a claimed outbox message is held by its dispatcher: a message whose instance died mid-delivery is taken
   * up by another (or the restarted one) after this. Longer than the slowest delivery (BANK_TIMEOUT_MS included).
   */
  OUTBOX_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  /**
   * The chat platforms' documented rate limits (bots/chat/rate-limit.ts) kept to before each call: `documented`
   * (default), or `off` when the platform is a local fake or the app has a raised quota. Either way a platform's
   * rate-limit answer (429 / 99991400 / QpsLimit) puts the message back for the time it gives.
   */
  CHAT_RATE_LIMITS: z.enum(['documented', 'off']).default('documented'),
  /** How many instances share each app's quota: the documented limits are divided among them. */
  CHAT_RATE_LIMIT_INSTANCES: z.coerce.number().int().min(1).max(1000).default(1),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /**
   * Development only: comma-separated `host` or `host:port` entries (e.g. `127.0.0.1:9000,hooks.local`) that webhooks
   * may reach over plain http and even at internal addresses, for local fakes. Every other webhook URL must be https
   * to a public address. Leave empty in production.
   */
  WEBHOOK_ALLOW_HOSTS: allowHostList(),
  /** Who texts visitors their invitations: `console` (logs, the embedded default), `aliyun` or `tencent`. */
  SMS_PROVIDER: z.enum(['console', 'aliyun', 'tencent']).default('console'),
  /** Aliyun AccessKeyId / Tencent SecretId. */
  SMS_KEY_ID: z.string().min(1).optional(),
  /** Aliyun AccessKeySecret / Tencent SecretKey. */
  SMS_KEY_SECRET: z.string().min(1).optional(),
  /** The approved signature (签名) texts are sent under. */
  SMS_SIGN_NAME: z.string().min(1).optional(),
  /** Tencent's SmsSdkAppId. */
  SMS_SDK_APP_ID: z.string().min(1).optional(),
  SMS_REGION: z.string().min(1).optional(),
  /** The provider's API URL (default the provider's own; tests point it at a loopback fake). */
  SMS_ENDPOINT: z.string().url().optional(),
  /**
   * JSON: our template keys → the provider's approved template and its parameters in order, e.g.
   * {"visit_invitation":{"id":"SMS_123","params":["name","time","site","link"]}}. Parameters the service fills: name,
   * host, company, date, time, site, link.
   */
  SMS_TEMPLATES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    }),
  /** Development only, like WEBHOOK_ALLOW_HOSTS: hosts the SMS adapter may reach over http or at internal addresses. */
  SMS_ALLOW_HOSTS: allowHostList(),
  /** Visitors' personal data (names, numbers) are purged this many days after their visit; the ledger keeps its figures. */
  VISITOR_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Minutes before and after a visit's window its invitation still opens the gate. */
  INVITATION_GRACE_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(30),
  /** The gate's end of day (HH:MM, organisation time): forgotten check-outs are closed and no-shows marked after it. */
  GATE_DAY_END: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
    .default('23:00'),
  /** How often committed audit rows are sealed into the hash chain. */
  AUDIT_SEAL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  SCHEDULER_TICK_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /**
   * The web console at /console lets anyone pick an employee and act as them: a demo and development channel. On by
   * default with the embedded database, off with DATABASE_URL unless set to true.
   */
  WEB_CONSOLE: bool.optional(),
  /**
   * With a password the console asks for it and starts a signed session; without one it answers loopback peers only.
   */
  CONSOLE_PASSWORD: z.string().min(8, 'use at least 8 characters').optional(),
  /** The organisation the console works in. */
  CONSOLE_ORG: z.string().min(1).default('demo'),
  /**
   * GET /metrics (Prometheus) answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, /metrics is not mounted
   * (404) and nothing is counted. Tracing is configured by the standard OTEL_* variables (src/observability).
   */
  METRICS_TOKEN: z.string().min(16, 'use at least 16 characters (openssl rand -base64 24)').optional(),
  /** Platform operator key for /api/v1/operator/* (creating organisations and their first API key); absent → not mounted. */
  OPERATOR_KEY: z.string().min(24, 'use at least 24 characters (openssl rand -base64 32)').optional(),
  /** Delivered outbox rows and processed inbound event ids older than this are purged by the retention job. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /**
   * On SIGTERM/SIGINT, how long the instance keeps answering the requests it has and lets its workers finish their
   * pass before it cuts what remains (open connections, a delivery still running) and exits. Keep it below the
   * orchestrator's own limit (Kubernetes: terminationGracePeriodSeconds, 30 s by default).
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Run the outbox dispatcher and scheduler in this process (turn off for API-only instances). */
  WORKERS: bool.default(true),
  /**
   * On PostgreSQL, run those workers on a thread of their own (a second core for what requests set off). PGlite lives
   * in one thread, so the embedded default always runs them on the main thread.
   */
  WORKERS_THREAD: bool.default(true),

  /** With a key, an OpenAI-compatible model parses chat messages; the rule-based parser is the fallback. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),

  /** Feishu / Lark: the channel is on when FEISHU_APP_ID and FEISHU_APP_SECRET are set. */
  FEISHU_APP_ID: z.string().min(1).optional(),
  FEISHU_APP_SECRET: z.string().min(1).optional(),
  FEISHU_ENCRYPT_KEY: z.string().min(1).optional(),
  FEISHU_VERIFICATION_TOKEN: z.string().min(1).optional(),
  /** Open API base URL: https://open.feishu.cn (Feishu) or https://open.larksuite.com (Lark). */
  FEISHU_DOMAIN: z.string().url().default('https://open.feishu.cn'),
  /** `webhook` (POST /feishu/events) or `ws` (long connection, Node only). */
  FEISHU_MODE: z.enum(['webhook', 'ws']).default('webhook'),
  /** The organisation the Feishu app serves. */
  FEISHU_ORG: z.string().min(1).default('demo'),

  /** DingTalk: the channel is on when DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET are set. */
  DINGTALK_CLIENT_ID: z.string().min(1).optional(),
  DINGTALK_CLIENT_SECRET: z.string().min(1).optional(),
  /** The robot's code (defaults to the client id, as for apps whose robot shares the app's key). */
  DINGTALK_ROBOT_CODE: z.string().min(1).optional(),
  /** The interactive card template whose variables take the card data (created in DingTalk's card platform). */
  DINGTALK_CARD_TEMPLATE_ID: z.string().min(1).optional(),
  DINGTALK_API_URL: z.string().url().default('https://api.dingtalk.com'),
  /** The legacy API host, used for the contact lookup that auto-links new colleagues. */
  DINGTALK_OAPI_URL: z.string().url().default('https://oapi.dingtalk.com'),
  /** `stream` (long connection, Node only) or `http` (POST /dingtalk/events). */
  DINGTALK_MODE: z.enum(['stream', 'http']).default('stream'),
  DINGTALK_ORG: z.string().min(1).default('demo'),

  /** Slack: the channel is on when SLACK_BOT_TOKEN is set. */
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  /** Web API base URL, ending in /api/. */
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  /** An app-level token (xapp-…) switches to Socket Mode. */
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  SLACK_ORG: z.string().min(1).default('demo'),
  /**
   * Slack OAuth (multi-workspace): the app's Client ID and Client Secret (Basic Information page). With them, GET
   * /slack/install and GET /slack/oauth_redirect install the app into a workspace for an organisation; each
   * workspace's bot token is stored encrypted and used for its events and messages.
   */
  SLACK_CLIENT_ID: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET: z.string().min(1).optional(),
  /** Signs install links (which organisation an install is for) and the OAuth state; at least 32 characters. */
  SLACK_STATE_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)').optional(),

  /**
   * Travel supplier (HTTP/JSON, HMAC-signed): approved trips are booked when TRAVEL_SUPPLIER_URL is set. Operator
   * configuration, trusted like DATABASE_URL, so it is not run through the outbound URL guard; a supplier URL an
   * organisation could set would have to pass `checkOutboundUrl` (src/integrations/net/url-guard.ts) like webhooks do.
   */
  TRAVEL_SUPPLIER_URL: z.string().url().optional(),
  TRAVEL_SUPPLIER_KEY: z.string().min(1).optional(),
  TRAVEL_SUPPLIER_SECRET: z.string().min(1).optional(),
  /** Verifies the supplier's callbacks to POST /supplier/callbacks. */
  TRAVEL_SUPPLIER_CALLBACK_SECRET: z.string().min(1).optional(),
  TRAVEL_SUPPLIER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Where trips start when the employee names no origin. */
  TRAVEL_HOME_CITY: z.string().min(1).default('北京'),
  /** How supplier orders are paid: company (公司统一结算, no payable) or personal (the employee confirms, then is paid back). */
  TRAVEL_PAYMENT: z.enum(['company', 'personal']).default('company'),
  /** How often last month's settlement statement is fetched from the supplier and settled (idempotent); default 6 hours. */
  SUPPLIER_SETTLEMENT_MS: z.coerce.number().int().min(60_000).max(7 * 86_400_000).default(21_600_000),

  /**
   * The bank connection that pays approved payment runs (one per deployment, serving BANK_ORG): `http` (a signed HTTP
   * bank API at BANK_API_URL with BANK_KEY_ID / BANK_SECRET), `files` (pain.001 written to BANK_DIR/out, answers and
   * statements read from BANK_DIR/in, then moved to BANK_DIR/archive or BANK_DIR/error), or `none`: files are built
   * and wait. Operator configuration, trusted like DATABASE_URL.
   */
  BANK_CONNECTOR: z.enum(['none', 'http', 'files']).default('none'),
  BANK_ORG: z.string().min(1).default('demo'),
  BANK_API_URL: z.string().url().optional(),
  BANK_KEY_ID: z.string().min(1).optional(),
  BANK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  BANK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  BANK_DIR: z.string().min(1).optional(),
  /** What the bank takes in a pain.001: `utf8` (Chinese names kept, 140 characters) or `sepa` (EPC Latin, 70). */
  BANK_PROFILE: z.enum(['utf8', 'sepa']).default('utf8'),
  /** How often the bank's new files (status reports, statements) are fetched. */
  BANK_FETCH_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  /** When the finance digest goes out, in each organisation's time zone (HH:MM, 24-hour). */
  DIGEST_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, e.g. 09:00').default('09:00'),
  /** How often instances look whether a digest is due (each organisation gets one per day however many run). */
  DIGEST_CHECK_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** How long before a visit starts its host, companions and reception desk are reminded in chat (minutes). */
  VISIT_REMINDER_MINUTES: z.coerce.number().int().min(1).max(1440).default(120),

  /** Receipt files: a local directory (default DATA_DIR/receipts) or an S3-compatible bucket when RECEIPTS_S3_BUCKET is set. */
  RECEIPTS_DIR: z.string().min(1).optional(),
  RECEIPTS_S3_ENDPOINT: z.string().url().optional(),
  RECEIPTS_S3_BUCKET: z.string().min(1).optional(),
  RECEIPTS_S3_REGION: z.string().min(1).default('us-east-1'),
  RECEIPTS_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  RECEIPTS_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /**
   * Hosts a Slack file's `url_private_download` may name before the bot token is sent to it (`host` or `host:port`,
   * comma-separated). Slack serves files from files.slack.com; tests point it at a loopback fake.
   */
  SLACK_FILE_HOSTS: z
    .string()
    .default('files.slack.com')
    .transform((v) => v.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean)),
  /**
   * Development only, like WEBHOOK_ALLOW_HOSTS: hosts that receipt files sent in chat (DingTalk's downloadUrl, Slack's
   * file URLs) may be fetched from over http or at internal addresses. Leave empty in production.
   */
  CHAT_FILES_ALLOW_HOSTS: allowHostList(),
  /** Largest receipt file accepted (also for receipts sent in chat: checked before and while downloading). */
  RECEIPT_MAX_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(10 * 1024 * 1024),
}).superRefine((c, ctx) => {
  const supplier = [c.TRAVEL_SUPPLIER_URL, c.TRAVEL_SUPPLIER_KEY, c.TRAVEL_SUPPLIER_SECRET, c.TRAVEL_SUPPLIER_CALLBACK_SECRET];
  if (supplier.some(Boolean) && !supplier.every(Boolean))
    ctx.addIssue({ code: 'custom', path: ['TRAVEL_SUPPLIER_URL'], message: 'set TRAVEL_SUPPLIER_URL, TRAVEL_SUPPLIER_KEY, TRAVEL_SUPPLIER_SECRET and TRAVEL_SUPPLIER_CALLBACK_SECRET together, or none' });
  if (c.BANK_CONNECTOR === 'http' && !(c.BANK_API_URL && c.BANK_KEY_ID && c.BANK_SECRET))
    ctx.addIssue({ code: 'custom', path: ['BANK_API_URL'], message: 'BANK_CONNECTOR=http needs BANK_API_URL, BANK_KEY_ID and BANK_SECRET' });
  if (c.BANK_CONNECTOR === 'files' && !c.BANK_DIR) ctx.addIssue({ code: 'custom', path: ['BANK_DIR'], message: 'BANK_CONNECTOR=files needs BANK_DIR (its out, in, archive and error folders are made there)' });
  const s3 = [c.RECEIPTS_S3_BUCKET, c.RECEIPTS_S3_ENDPOINT, c.RECEIPTS_S3_ACCESS_KEY_ID, c.RECEIPTS_S3_SECRET_ACCESS_KEY];
  if (s3.some(Boolean) && !s3.every(Boolean))
    ctx.addIssue({ code: 'custom', path: ['RECEIPTS_S3_BUCKET'], message: 'set RECEIPTS_S3_BUCKET, RECEIPTS_S3_ENDPOINT, RECEIPTS_S3_ACCESS_KEY_ID and RECEIPTS_S3_SECRET_ACCESS_KEY together, or none' });
  const feishu = [c.FEISHU_APP_ID, c.FEISHU_APP_SECRET];
  if (feishu.some(Boolean) && !feishu.every(Boolean))
    ctx.addIssue({ code: 'custom', path: [c.FEISHU_APP_ID ? 'FEISHU_APP_SECRET' : 'FEISHU_APP_ID'], message: 'set both FEISHU_APP_ID and FEISHU_APP_SECRET, or neither' });
  if (c.FEISHU_APP_ID && c.FEISHU_MODE === 'webhook' && !c.FEISHU_ENCRYPT_KEY && !c.FEISHU_VERIFICATION_TOKEN)
    ctx.addIssue({ code: 'custom', path: ['FEISHU_VERIFICATION_TOKEN'], message: 'webhook mode needs FEISHU_VERIFICATION_TOKEN or FEISHU_ENCRYPT_KEY, or inbound events could not be verified' });
  const dingtalk = [c.DINGTALK_CLIENT_ID, c.DINGTALK_CLIENT_SECRET];
  if (dingtalk.some(Boolean) && !dingtalk.every(Boolean))
    ctx.addIssue({ code: 'custom', path: [c.DINGTALK_CLIENT_ID ? 'DINGTALK_CLIENT_SECRET' : 'DINGTALK_CLIENT_ID'], message: 'set both DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET, or neither' });
  if (c.DINGTALK_CLIENT_ID && !c.DINGTALK_CARD_TEMPLATE_ID)
    ctx.addIssue({ code: 'custom', path: ['DINGTALK_CARD_TEMPLATE_ID'], message: 'DingTalk cards need a card template id (DINGTALK_CARD_TEMPLATE_ID)' });
  if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET)
    ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'HTTP mode needs SLACK_SIGNING_SECRET to verify requests (or set SLACK_APP_TOKEN for Socket Mode)' });
  if ((c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN) && !c.SLACK_BOT_TOKEN && !c.SLACK_CLIENT_ID)
    ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'Slack settings are present but SLACK_BOT_TOKEN (or SLACK_CLIENT_ID for OAuth installs) is missing' });
  const slackOAuth = [c.SLACK_CLIENT_ID, c.SLACK_CLIENT_SECRET, c.SLACK_STATE_SECRET];
  if (slackOAuth.some(Boolean) && !slackOAuth.every(Boolean))
    ctx.addIssue({ code: 'custom', path: ['SLACK_CLIENT_ID'], message: 'set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together, or none' });
  if (c.SLACK_CLIENT_ID && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET)
    ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'Slack OAuth installs need SLACK_SIGNING_SECRET to verify events (or SLACK_APP_TOKEN for Socket Mode)' });
  if (c.SMS_PROVIDER !== 'console') {
    const need = c.SMS_PROVIDER === 'aliyun' ? ['SMS_KEY_ID', 'SMS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_TEMPLATES'] : ['SMS_KEY_ID', 'SMS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_SDK_APP_ID', 'SMS_TEMPLATES'];
    const missing = need.filter((k) => !c[k as keyof typeof c]);
    if (missing.length > 0) ctx.addIssue({ code: 'custom', path: [missing[0]!], message: `SMS_PROVIDER=${c.SMS_PROVIDER} needs ${missing.join(', ')}` });
  }
});

type RawConfig = z.infer<typeof ConfigSchema>;
/** The parsed settings, with the defaults that depend on other settings (HOST, SEED_DEMO) resolved. */
export type Config = Omit<RawConfig, 'HOST' | 'SEED_DEMO'> & { HOST: string; SEED_DEMO: boolean };

/** Where visitors' phones and guards' browsers reach the service: PUBLIC_URL, or this instance on localhost (development). */
export const publicUrlOf = (config: Pick<Config, 'PUBLIC_URL' | 'PORT'>): string => config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;

/** Whether /console is served: WEB_CONSOLE when set, else only on the embedded database. */
export const consoleEnabled = (c: Config): boolean => c.WEB_CONSOLE ?? !c.DATABASE_URL;

/** Parses `env`; throws an Error whose message lists every bad setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return withDerivedDefaults(parsed.data);
}

/**
 * The embedded database is a single-machine development setup: it listens on loopback only (the console there lets
 * anyone act as anyone) unless a console password is set, and seeds the demo. With DATABASE_URL neither happens unless
 * asked for, so a production deployment never gets demo employees by accident.
 */
function withDerivedDefaults(c: RawConfig): Config {
  const embedded = !c.DATABASE_URL;
  return { ...c, HOST: c.HOST ?? (embedded && !c.CONSOLE_PASSWORD ? '127.0.0.1' : '0.0.0.0'), SEED_DEMO: c.SEED_DEMO ?? embedded };
}
