// Sending to Slack through Bolt's WebClient: Block Kit messages, updates (chat.update), plain text. One client (a single
// SLACK_BOT_TOKEN) or one per workspace (OAuth installs: the client is chosen by the address's team).
import type { webApi } from '@slack/bolt';
import { renderSlackMessage } from '../../cards/index.js';
import type { PlatformMessenger, SendContext } from '../chat/messenger.js';
import { acquire, PLATFORM_LIMITS, RateLimited, RateLimiter, type PlatformRules } from '../chat/rate-limit.js';
import type { BurnChart } from '../../cards/digest-view.js';
import { SLACK_CHART_BLOCK, type SlackMessage } from '../../cards/render-slack.js';
import { rateLimitedOf } from './slack.errors.js';
import { postSlackImage } from './slack.upload.js';

export { rateLimitedOf } from './slack.errors.js';

/**
 * Options of every Slack WebClient we make: a bounded wait, no retries of its own (the SDK's default retries for
 * about 30 minutes), and a 429 thrown at once (`rejectRateLimitedCalls`) instead of the SDK sleeping on it: the outbox
 * puts the message back for `Retry-After` and retries it without counting a failure.
 */
export function slackClientOptions(apiUrl: string, timeoutMs = 10_000): webApi.WebClientOptions {
  return { slackApiUrl: apiUrl, timeout: timeoutMs, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
}

/**
 * The WebClient for a workspace of an organisation: `team` is the address's team (absent for an address without one,
 * when the organisation's installation decides).
 */
export type SlackClientFor = (orgId: string | undefined, team: string | undefined) => Promise<webApi.WebClient>;

/**
 * Addresses are `<channel or user>` or `<team>/<channel or user>` (Slack ids never contain '/'); the team picks the
 * workspace's token. A message id is `<address>:<ts>`.
 */
export function parseSlackAddress(address: string): { team?: string; channel: string } {
  const slash = address.indexOf('/');
  return slash > 0 ? { team: address.slice(0, slash), channel: address.slice(slash + 1) } : { channel: address };
}

const splitId = (messageId: string) => {
  const i = messageId.lastIndexOf(':');
  return { ...parseSlackAddress(messageId.slice(0, i)), ts: messageId.slice(i + 1) };
};

/**
 * A message's chart (the digest's budget burn) drawn as a PNG, uploaded privately to the app and named in the message's
 * image block; without a way to draw it the image block is left out (the text says the same figures).
 */
async function withChart(client: () => Promise<webApi.WebClient>, card: SlackMessage, chartPng: ((chart: BurnChart) => Promise<Uint8Array>) | undefined): Promise<SlackMessage> {
  if (!card.chart) return card;
  const pending = (b: { type: string; block_id?: unknown }) => b.type === 'image' && b.block_id === SLACK_CHART_BLOCK;
  if (!chartPng) return { text: card.text, blocks: card.blocks.filter((b) => !pending(b)) };
  const bytes = await chartPng(card.chart);
  const { fileId } = await postSlackImage(await client(), { bytes, filename: `${card.chart.title.replace(/[^\p{L}\p{N}-]+/gu, '-')}.png`, title: card.chart.title, altText: card.chart.title });
  return { text: card.text, blocks: card.blocks.map((b) => (pending(b) ? { ...b, slack_file: { id: fileId } } : b)) };
}

/** Slack answers HTTP 200 with `ok: false` on failure; the SDK throws for those, which the outbox retries. */
export function createSlackPlatform(client: webApi.WebClient | SlackClientFor, o: { limits?: PlatformRules; now?: () => number; chartPng?: (chart: BurnChart) => Promise<Uint8Array> } = {}): PlatformMessenger {
  const clientFor: SlackClientFor = typeof client === 'function' ? client : () => Promise.resolve(client);
  const idOf = (team: string | undefined, r: { channel?: string; ts?: string }) => `${team ? `${team}/` : ''}${r.channel}:${r.ts}`;
  // Slack counts per method per app per workspace: postMessage per channel, chat.update per workspace ("app" here).
  const posts = new RateLimiter({ ...(o.limits ?? PLATFORM_LIMITS.slack), app: [] }, o.now);
  const updates = new RateLimiter({ ...(o.limits ?? PLATFORM_LIMITS.slack), chat: [] }, o.now);
  const post = async (orgId: string | undefined, address: string, args: { text: string; blocks?: never }) => {
    const { team, channel } = parseSlackAddress(address);
    await acquire(posts, [{ scope: 'chat', key: address }], 'Slack chat.postMessage');
    try {
      return idOf(team, await (await clientFor(orgId, team)).chat.postMessage({ channel, ...args }));
    } catch (e) {
      const limited = rateLimitedOf(e, 'chat.postMessage');
      if (limited instanceof RateLimited) posts.block({ scope: 'chat', key: address }, limited.retryAfterMs);
      throw limited;
    }
  };
  return {
    render: (view, options) => renderSlackMessage(view, options),
    async sendCard(address, card, _key, ctx?: SendContext) {
      // The workspace's client is looked up here only for a chart to upload; post() looks it up for the message.
      const m = await withChart(() => clientFor(ctx?.orgId, parseSlackAddress(address).team), card as SlackMessage, o.chartPng);
      return post(ctx?.orgId, address, { text: m.text, blocks: m.blocks as never });
    },
    async updateCard(messageId, card, _address, ctx?: SendContext) {
      const { team, channel, ts } = splitId(messageId);
      const m = await withChart(() => clientFor(ctx?.orgId, team), card as SlackMessage, o.chartPng);
      const workspace = { scope: 'app' as const, key: `${ctx?.orgId ?? ''}/${team ?? ''}` };
      await acquire(updates, [workspace], 'Slack chat.update');
      try {
        await (await clientFor(ctx?.orgId, team)).chat.update({ channel, ts, text: m.text, blocks: m.blocks as never });
      } catch (e) {
        const limited = rateLimitedOf(e, 'chat.update');
        if (limited instanceof RateLimited) updates.block(workspace, limited.retryAfterMs);
        throw limited;
      }
    },
    async sendText(address, text, _key, ctx?: SendContext) {
      return post(ctx?.orgId, address, { text });
    },
  };
}
