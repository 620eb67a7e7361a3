// Sending to Slack through Bolt's WebClient: Block Kit messages, updates (chat.update), plain text. One client (a single
// SLACK_BOT_TOKEN) or one per workspace (OAuth installs: the client is chosen by the address's team).
import type { webApi } from '@slack/bolt';
import { renderSlackMessage } from '../../cards/index.js';
import type { PlatformMessenger, SendContext } from '../chat/messenger.js';

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

/** Slack answers HTTP 200 with `ok: false` on failure; the SDK throws for those, which the outbox retries. */
export function createSlackPlatform(client: webApi.WebClient | SlackClientFor): PlatformMessenger {
  const clientFor: SlackClientFor = typeof client === 'function' ? client : () => Promise.resolve(client);
  const idOf = (team: string | undefined, r: { channel?: string; ts?: string }) => `${team ? `${team}/` : ''}${r.channel}:${r.ts}`;
  return {
    render: (view, options) => renderSlackMessage(view, options),
    async sendCard(address, card, _key, ctx?: SendContext) {
      const m = card as { text: string; blocks: unknown[] };
      const { team, channel } = parseSlackAddress(address);
      const r = await (await clientFor(ctx?.orgId, team)).chat.postMessage({ channel, text: m.text, blocks: m.blocks as never });
      return idOf(team, r);
    },
    async updateCard(messageId, card, _address, ctx?: SendContext) {
      const m = card as { text: string; blocks: unknown[] };
      const { team, channel, ts } = splitId(messageId);
      await (await clientFor(ctx?.orgId, team)).chat.update({ channel, ts, text: m.text, blocks: m.blocks as never });
    },
    async sendText(address, text, _key, ctx?: SendContext) {
      const { team, channel } = parseSlackAddress(address);
      const r = await (await clientFor(ctx?.orgId, team)).chat.postMessage({ channel, text });
      return idOf(team, r);
    },
  };
}
