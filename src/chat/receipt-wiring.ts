// Wiring of receipts sent in chat: each configured platform's way of fetching files, and the `chat.receipt` outbox
// handler built from the configuration (the receipt store, the extractor, the size limit).
import { createDingTalkFiles } from '../../bots/dingtalk/dingtalk.messenger.js';
import type { PlatformFiles, PlatformFilesMap } from '../../bots/chat/files.js';
import type { PlatformName } from '../../bots/chat/inbound.js';
import { createFeishuFiles } from '../../bots/feishu/feishu.messenger.js';
import { createSlackFiles } from '../../bots/slack/slack.files.js';
import type { SlackClientFor } from '../../bots/slack/slack.messenger.js';
import type { Db } from '../../db/database.js';
import type { Clock, IdGenerator } from '../../domain/shared/index.js';
import type { Config } from '../config.js';
import { createExtractor } from '../integrations/invoice/extract.js';
import { guardedGet } from '../integrations/net/outbound-get.js';
import type { OutboundDeps } from '../integrations/net/outbound-post.js';
import type { ReceiptStore } from '../integrations/storage/receipt-store.js';
import type { OutboxHandler } from '../jobs/dispatcher.js';
import type { Logger } from '../log.js';
import type { SecretBox } from '../secrets.js';
import { TOPIC_CHAT_RECEIPT } from './receipt-chat.js';
import { chatReceiptHandler } from './receipt-fetch.js';

/**
 * How each configured platform's files are fetched: Feishu's message resources through the SDK, DingTalk's robot file
 * download and Slack's private file URLs (only on SLACK_FILE_HOSTS) through the guarded GET (CHAT_FILES_ALLOW_HOSTS).
 */
export function platformFiles(config: Config, slack: SlackClientFor | undefined, outbound?: OutboundDeps): Map<PlatformName, PlatformFiles> {
  const out = new Map<PlatformName, PlatformFiles>();
  const get = guardedGet({ allowHosts: config.CHAT_FILES_ALLOW_HOSTS, resolve: outbound?.resolve });
  if (config.FEISHU_APP_ID && config.FEISHU_APP_SECRET) out.set('feishu', createFeishuFiles({ appId: config.FEISHU_APP_ID, appSecret: config.FEISHU_APP_SECRET, domain: config.FEISHU_DOMAIN }));
  if (config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET)
    out.set('dingtalk', createDingTalkFiles({ clientId: config.DINGTALK_CLIENT_ID, clientSecret: config.DINGTALK_CLIENT_SECRET, robotCode: config.DINGTALK_ROBOT_CODE ?? config.DINGTALK_CLIENT_ID, apiUrl: config.DINGTALK_API_URL }, get));
  if (slack) out.set('slack', createSlackFiles(slack, { allowedHosts: config.SLACK_FILE_HOSTS }, get));
  return out;
}

/** Receipts sent in chat: fetched, read and attached where a receipt store is; elsewhere they wait, saying why. */
export function chatReceiptHandlers(deps: { db: Db; clock: Clock; ids: IdGenerator; box: SecretBox; log: Logger; config: Config; receipts?: ReceiptStore | undefined; files: PlatformFilesMap }): [string, OutboxHandler][] {
  const store = deps.receipts;
  const c = deps.config;
  if (!store)
    return [[TOPIC_CHAT_RECEIPT, async () => {
      throw new Error('no receipt store on this instance: receipts sent in chat are read where RECEIPTS_DIR or RECEIPTS_S3_* is set');
    }]];
  const extractor = createExtractor(c.OPENAI_API_KEY ? { openAi: { apiKey: c.OPENAI_API_KEY, model: c.OPENAI_MODEL, ...(c.OPENAI_BASE_URL ? { baseURL: c.OPENAI_BASE_URL } : {}) } } : {});
  return [[TOPIC_CHAT_RECEIPT, chatReceiptHandler({ ...deps, receipts: store, extractor, maxBytes: c.RECEIPT_MAX_BYTES })]];
}
