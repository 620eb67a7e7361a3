// Wires the long-running parts of an instance: outbox handlers, dispatcher and scheduled jobs.
import type { Db } from '../db/database.js';
import type { Clock, IdGenerator } from '../domain/shared/index.js';
import { consoleEnabled, publicUrlOf, type Config } from './config.js';
import { approvalCardsHandler, chatApprovalMessages, refreshApprovalCards, TOPIC_CHAT_APPROVAL } from './chat/approval-cards.js';
import { TOPIC_CHAT_SEND, type Channel } from './chat/deliver.js';
import { chatSendHandler } from './chat/send-handler.js';
import { createFeishuMessenger, createFeishuPlatform } from '../bots/feishu/feishu.messenger.js';
import { createSlackPlatform, type SlackClientFor } from '../bots/slack/slack.messenger.js';
import { slackClients, slackSingleClient } from './channels/slack-oauth.js';
import { createDingTalkContacts, createDingTalkPlatform } from '../bots/dingtalk/dingtalk.messenger.js';
import { chatLinkHandler, TOPIC_CHAT_LINK, type ContactLookups } from './chat/link-handler.js';
import type { RequestParser } from './chat/handle-message.js';
import { chatParser } from './chat/parser.js';
import type { PlatformMessenger } from '../bots/chat/messenger.js';
import { PLATFORM_LIMITS, scaleRules, UNLIMITED } from '../bots/chat/rate-limit.js';
import { startDispatcher, type OutboxBatchHandler, type OutboxHandler, type OutboxHandlers } from './jobs/dispatcher.js';
import { startScheduler, type Job } from './jobs/scheduler.js';
import { deliverHandler, publishHandler, TOPIC_PUBLISH, TOPIC_WEBHOOK } from './integrations/webhooks.js';
import type { Logger } from './log.js';
import type { SecretBox } from './secrets.js';
import { approvalTimeoutJob } from './jobs/approval-timeouts.js';
import { startAuditSealer } from './jobs/audit-sealer.js';
import { retentionJob } from './jobs/retention.js';
import { supplierSettlementJob } from './jobs/supplier-settlement.js';
import { sendDueDigests } from './usecases/digest/daily-digest.js';
import { financeLink } from './web/finance/link.js';

const DIGEST_LINK_TTL_MS = 24 * 3_600_000;
import { notifyHandler } from './chat/lifecycle-cards.js';
import { visitCardHandler } from './chat/visit-cards.js';
import { visitReminderJob } from './jobs/visit-reminders.js';
import { TOPIC_CHAT_VISIT } from './usecases/reception/visit-reminders.js';
import { SUPPLIER_NAME, TOPIC_CHAT_NOTIFY, TOPIC_TRAVEL_BOOK, TOPIC_TRAVEL_CANCEL, TOPIC_TRAVEL_STATUS } from './usecases/lifecycle/topics.js';
import { bookTripHandler } from './usecases/travel/book-trip.js';
import { cancelOrderHandler, tripStatusHandler } from './usecases/travel/supplier-handlers.js';
import { supplierFromConfig } from './integrations/travel/http-supplier.js';
import type { BankConnector } from '../domain/payment/bank.port.js';
import { bankConnector, bankProfile } from './integrations/bank/connector.js';
import { fetchBankFiles } from './usecases/payments/bank-answers.js';
import { pollBankFile, submitBankFile } from './usecases/payments/bank-send.js';
import { fetchPaymentReceipt } from './usecases/payments/payment-receipts.js';
import { TOPIC_BANK_POLL, TOPIC_BANK_RECEIPT, TOPIC_BANK_SUBMIT } from './usecases/payments/topics.js';
import type { ReceiptStore } from './integrations/storage/receipt-store.js';
import type { BurnChart } from '../cards/digest-view.js';
import type { TravelSupplier } from '../domain/travel/index.js';
import type { OutboundDeps } from './integrations/net/outbound-post.js';
import { smsFromConfig, type ConfiguredSms } from './integrations/sms/from-config.js';
import { receptionSmsHandler, TOPIC_RECEPTION_SMS } from './usecases/reception/invitations.js';
import { closeGateDays } from './usecases/reception/gate-day.js';
import type { PlatformFilesMap } from '../bots/chat/files.js';
import { chatReceiptHandlers, platformFiles } from './chat/receipt-wiring.js';
import type { Metrics } from './observability/metrics.js';

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  config: Config;
  box: SecretBox;
  log: Logger;
  /** Platform messengers (tests pass their own; by default built from the configuration). */
  messengers?: ReadonlyMap<string, PlatformMessenger>;
  /** The travel supplier (by default the HTTP adapter when TRAVEL_SUPPLIER_URL is set). */
  supplier?: TravelSupplier;
  /** How outbound calls resolve names and connect (by default node:dns and node:http/https). */
  outbound?: OutboundDeps;
  /** Understands chat messages: with it, chat.link runs the first message of a newly linked colleague. */
  parser?: RequestParser;
  /** Platform contact lookups for auto-linking (by default built from the configuration). */
  lookups?: ContactLookups;
  /** The bank (by default the connector BANK_CONNECTOR names; none: payment files are built and wait). */
  bank?: BankConnector;
  /** Where the bank's e-receipts are kept (the receipts' store: local disk or S3-compatible). */
  receipts?: ReceiptStore;
  /** Draws the digest's chart as a PNG (Slack shows it uploaded); absent on Workers. */
  chartPng?: (chart: BurnChart) => Promise<Uint8Array>;
  /** Texts visitors (by default the sender SMS_PROVIDER names). */
  sms?: ConfiguredSms;
  /** This instance's name on the outbox leases it takes (src/server.ts releases them when it stops). */
  leaseOwner?: string;
  /** Fetches files sent in chat from each platform (by default built from the configuration). */
  files?: PlatformFilesMap;
  /** This instance's metrics (METRICS_TOKEN set): the dispatcher counts deliveries, the use cases their outcomes. */
  metrics?: Metrics;
}

/** The bank handlers: without a connector they fail with the setting to change, so the file waits and says why. */
function bankHandlers(deps: ServiceDeps): [string, OutboxHandler][] {
  const bank = deps.bank ?? bankConnector(deps.config, () => deps.clock.now().getTime());
  const missing = async () => {
    throw new Error('no bank connection: set BANK_CONNECTOR (http or files) to send payment files');
  };
  if (!bank) return [[TOPIC_BANK_SUBMIT, missing], [TOPIC_BANK_POLL, missing], [TOPIC_BANK_RECEIPT, missing]];
  const b = { ...deps, bank, profile: bankProfile(deps.config) };
  const store = deps.receipts;
  return [
    [TOPIC_BANK_SUBMIT, (m) => submitBankFile(b, m.orgId, (m.payload as { msgId: string }).msgId)],
    [TOPIC_BANK_POLL, (m) => pollBankFile(b, m.orgId, (m.payload as { msgId: string }).msgId)],
    [
      TOPIC_BANK_RECEIPT,
      store
        ? (m) => fetchPaymentReceipt({ ...b, receipts: store, maxBytes: deps.config.RECEIPT_MAX_BYTES }, m.orgId, (m.payload as { paymentId: string }).paymentId)
        : async () => {
            throw new Error('no receipt store on this instance: e-receipts are fetched where RECEIPTS_DIR or RECEIPTS_S3_* is set');
          },
    ],
  ];
}

/** Fetches the bank's new files (status reports, statements) for BANK_ORG; absent without a connector. */
function bankFetchJob(deps: ServiceDeps): Job[] {
  const bank = deps.bank ?? bankConnector(deps.config, () => deps.clock.now().getTime());
  if (!bank) return [];
  const b = { ...deps, bank, profile: bankProfile(deps.config) };
  return [{ name: 'bank.fetch', everyMs: deps.config.BANK_FETCH_MS, run: () => fetchBankFiles(b, deps.config.BANK_ORG, deps.config.BANK_CONNECTOR) }];
}

/** The configured travel supplier, or undefined when none is set. */
export function travelSupplier(config: Config, clock: Clock): TravelSupplier | undefined {
  return supplierFromConfig(config, () => clock.now());
}

/** Platform channels switched on by configuration (the web console is always on). */
export function enabledChannels(config: Config): Set<Exclude<Channel, 'web'>> {
  const on = new Set<Exclude<Channel, 'web'>>();
  if (config.FEISHU_APP_ID) on.add('feishu');
  if (config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID) on.add('slack');
  if (config.DINGTALK_CLIENT_ID) on.add('dingtalk');
  return on;
}

/** One messenger per switched-on platform, for chat.send. `store` gives Slack the OAuth installs' tokens. */
export function platformMessengers(config: Config, store?: Pick<ServiceDeps, 'db' | 'box'>, chartPng?: ServiceDeps['chartPng']): Map<string, PlatformMessenger> {
  const out = new Map<string, PlatformMessenger>();
  const limits = (p: keyof typeof PLATFORM_LIMITS) => (config.CHAT_RATE_LIMITS === 'off' ? UNLIMITED : scaleRules(PLATFORM_LIMITS[p], config.CHAT_RATE_LIMIT_INSTANCES));
  if (config.FEISHU_APP_ID && config.FEISHU_APP_SECRET)
    out.set('feishu', createFeishuPlatform({ appId: config.FEISHU_APP_ID, appSecret: config.FEISHU_APP_SECRET, domain: config.FEISHU_DOMAIN, limits: limits('feishu') }));
  if (config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET && config.DINGTALK_CARD_TEMPLATE_ID)
    out.set('dingtalk', createDingTalkPlatform({ clientId: config.DINGTALK_CLIENT_ID, clientSecret: config.DINGTALK_CLIENT_SECRET, robotCode: config.DINGTALK_ROBOT_CODE ?? config.DINGTALK_CLIENT_ID, cardTemplateId: config.DINGTALK_CARD_TEMPLATE_ID, apiUrl: config.DINGTALK_API_URL, limits: limits('dingtalk') }));
  const slack = slackClientsOf(config, store);
  if (slack) out.set('slack', createSlackPlatform(slack, { limits: limits('slack'), ...(chartPng ? { chartPng } : {}) }));
  return out;
}

/** Slack's WebClient per workspace: the OAuth installations' tokens, or the single SLACK_BOT_TOKEN. */
function slackClientsOf(config: Config, store?: Pick<ServiceDeps, 'db' | 'box'>): SlackClientFor | undefined {
  if (config.SLACK_CLIENT_ID && store) return slackClients(store, config.SLACK_API_URL, config.SLACK_BOT_TOKEN);
  return config.SLACK_BOT_TOKEN ? slackSingleClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL) : undefined;
}

/**
 * How each configured platform tells who a user is (email / mobile), for auto-linking: Feishu's batch id lookup,
 * DingTalk's user API, Slack's users.info with the workspace's token.
 */
export function contactLookups(config: Config, store?: Pick<ServiceDeps, 'db' | 'box'>): ContactLookups {
  const feishu = config.FEISHU_APP_ID && config.FEISHU_APP_SECRET ? createFeishuMessenger({ appId: config.FEISHU_APP_ID, appSecret: config.FEISHU_APP_SECRET, domain: config.FEISHU_DOMAIN }) : undefined;
  const dingtalk = config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET ? createDingTalkContacts({ clientId: config.DINGTALK_CLIENT_ID, clientSecret: config.DINGTALK_CLIENT_SECRET, apiUrl: config.DINGTALK_API_URL, oapiUrl: config.DINGTALK_OAPI_URL }) : undefined;
  const slack = slackClientsOf(config, store);
  return async (platform, orgId, tenant) => {
    if (platform === 'feishu') return feishu && { idsFor: (emails, mobiles) => feishu.openIdsFor(emails, mobiles) };
    if (platform === 'dingtalk') return dingtalk;
    if (!slack) return undefined;
    const client = await slack(orgId, tenant || undefined);
    return {
      async contactOf(user) {
        const p = (await client.users.info({ user })).user?.profile;
        return p ? { ...(p.email ? { email: p.email } : {}), ...(p.phone ? { mobile: p.phone } : {}) } : undefined;
      },
    };
  };
}

/** The SMS sender and its templates' parameters. */
function smsOf(deps: ServiceDeps): { sms: ConfiguredSms['sender']; templateParams: ConfiguredSms['templateParams'] } {
  const c = deps.sms ?? smsFromConfig(deps.config, deps.log, deps.outbound);
  return { sms: c.sender, templateParams: c.templateParams };
}

/** The outbox topic → handler table. Later capabilities add supplier topics here. */
export function outboxHandlers(deps: ServiceDeps): OutboxHandlers {
  const webhooks = publishHandler(deps.db);
  const channels = enabledChannels(deps.config);
  const chatOn = consoleEnabled(deps.config) || channels.size > 0;
  const cardDeps = { ...deps, channels, console: consoleEnabled(deps.config) };
  const approvalCards = approvalCardsHandler(cardDeps);
  // Every published event fans out to webhook subscriptions and, for approvals, to the cards in chat (when any chat
  // channel is on: an API-only deployment pays nothing for chat). The cards are brought up to date in the same pass
  // rather than through a `chat.approval` row of their own: that hop cost every click an outbox insert, a claim and a
  // mark. A failed refresh retries the pass; the webhook rows it enqueued again are dropped by their keys.
  const fanOut: OutboxBatchHandler = {
    async batch(msgs) {
      await webhooks.batch(msgs);
      if (!chatOn) return;
      const refresh = chatApprovalMessages(msgs);
      if (refresh.length > 0) await refreshApprovalCards(cardDeps, refresh);
    },
  };
  const supplier = deps.supplier ?? travelSupplier(deps.config, deps.clock);
  const travel: [string, OutboxHandler][] = supplier
    ? [
        [TOPIC_TRAVEL_BOOK, bookTripHandler({ ...deps, supplier, supplierName: SUPPLIER_NAME, homeCity: deps.config.TRAVEL_HOME_CITY, payment: deps.config.TRAVEL_PAYMENT })],
        [TOPIC_TRAVEL_STATUS, tripStatusHandler(supplier)],
        [TOPIC_TRAVEL_CANCEL, cancelOrderHandler({ ...deps, supplier })],
      ]
    : [];
  return new Map<string, OutboxHandler | OutboxBatchHandler>([
    [TOPIC_PUBLISH, fanOut],
    // Rows queued by earlier versions, which refreshed cards in a pass of their own.
    [TOPIC_CHAT_APPROVAL, approvalCards],
    // Lifecycle notices go to chat when a channel is on; an API-only deployment drops them.
    [TOPIC_CHAT_NOTIFY, chatOn ? notifyHandler(cardDeps) : async () => undefined],
    // A visit's schedule to its host, companions and reception desk (on approval, and before it starts).
    [TOPIC_CHAT_VISIT, chatOn ? visitCardHandler(cardDeps) : async () => undefined],
    ...travel,
    ...bankHandlers(deps),
    [TOPIC_RECEPTION_SMS, receptionSmsHandler({ ...deps, ...smsOf(deps), publicUrl: publicUrlOf(deps.config), graceMinutes: deps.config.INVITATION_GRACE_MINUTES })],
    [TOPIC_CHAT_SEND, chatSendHandler(deps.db, deps.messengers ?? platformMessengers(deps.config, deps, deps.chartPng))],
    // Receipts sent as photos or files in chat, fetched from the platform.
    ...(channels.size > 0 ? chatReceiptHandlers({ ...deps, files: deps.files ?? platformFiles(deps.config, slackClientsOf(deps.config, deps), deps.outbound) }) : []),
    // Auto-linking of unknown senders (and their first message, when there is a parser to read it).
    ...(channels.size > 0 ? [[TOPIC_CHAT_LINK, chatLinkHandler({ ...deps, parser: deps.parser ?? chatParser(deps.config, deps.log), lookups: deps.lookups ?? contactLookups(deps.config, deps) })] as [string, OutboxHandler]] : []),
    [
      TOPIC_WEBHOOK,
      deliverHandler(deps.db, deps.box, {
        timeoutMs: deps.config.WEBHOOK_TIMEOUT_MS,
        now: () => deps.clock.now(),
        policy: { allowHosts: deps.config.WEBHOOK_ALLOW_HOSTS, resolve: deps.outbound?.resolve },
        transport: deps.outbound?.transport,
      }),
    ],
  ]);
}

/** Settles last month's supplier statement (SUPPLIER_SETTLEMENT_MS); absent without a supplier. */
function settlementJob(deps: ServiceDeps): Job[] {
  const supplier = deps.supplier ?? travelSupplier(deps.config, deps.clock);
  return supplier ? [supplierSettlementJob({ ...deps, supplier, supplierName: SUPPLIER_NAME }, deps.config.SUPPLIER_SETTLEMENT_MS)] : [];
}

/** Periodic jobs; each tick runs on one instance. */
export function scheduledJobs(deps: ServiceDeps): Job[] {
  return [approvalTimeoutJob(deps), retentionJob(deps), ...bankFetchJob(deps), ...settlementJob(deps), digestJob(deps), visitReminderJob(deps), { name: 'gate.day', everyMs: 15 * 60_000, run: () => closeGateDays(deps) }];
}

/** The finance digest: looks every DIGEST_CHECK_MS whether an organisation's DIGEST_TIME has come. */
function digestJob(deps: ServiceDeps): Job {
  // Its buttons open the finance pages through one-time links; a morning message is read later, so they last the day.
  const links = deps.config.PUBLIC_URL
    ? async (orgId: string, employeeId: string) => [
        { label: { zh: '处理异常', en: 'Resolve exceptions' }, url: financeLink(deps, orgId, employeeId, 'exceptions', DIGEST_LINK_TTL_MS) },
        { label: { zh: '预算执行', en: 'Budget burn' }, url: financeLink(deps, orgId, employeeId, 'budgets', DIGEST_LINK_TTL_MS) },
      ]
    : undefined;
  const d = { ...deps, channels: enabledChannels(deps.config), console: consoleEnabled(deps.config), ...(links ? { links } : {}) };
  return { name: 'digest', everyMs: deps.config.DIGEST_CHECK_MS, run: () => sendDueDigests(d) };
}

/** Starts the dispatcher, the audit sealer and the scheduler; returns a stopper and a kick to wake the dispatcher. */
export function startBackground(deps: ServiceDeps): { stop(): Promise<void>; kick(): void } {
  const c = deps.config;
  const dispatcher = startDispatcher(
    deps.db,
    outboxHandlers(deps),
    { batch: c.OUTBOX_BATCH, maxAttempts: c.OUTBOX_MAX_ATTEMPTS, concurrency: c.OUTBOX_CONCURRENCY, leaseMs: c.OUTBOX_LEASE_MS, pollMs: c.OUTBOX_POLL_MS, kickDelayMs: c.OUTBOX_KICK_DELAY_MS, clock: deps.clock, lanes: [[TOPIC_CHAT_SEND]], metrics: deps.metrics, ...(deps.leaseOwner ? { leaseOwner: deps.leaseOwner } : {}) },
    deps.log,
  );
  const sealer = startAuditSealer(deps.db, c.AUDIT_SEAL_MS, deps.log);
  const scheduler = startScheduler(deps.db, scheduledJobs(deps), c.SCHEDULER_TICK_MS, () => deps.clock.now(), deps.log);
  return {
    kick: dispatcher.kick,
    async stop() {
      scheduler.stop();
      await Promise.all([dispatcher.stop(), sealer.stop()]);
    },
  };
}
