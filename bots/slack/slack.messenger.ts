// Sending to Slack through Bolt's WebClient: Block Kit messages, updates (chat.update), plain text.
import type { webApi } from '@slack/bolt';
import { renderSlackMessage } from '../../cards/index.js';
import type { PlatformMessenger } from '../chat/messenger.js';

/** Slack identifies a message by channel + ts; our message id is `<channel>:<ts>`. */
const splitId = (messageId: string) => {
  const i = messageId.indexOf(':');
  return { channel: messageId.slice(0, i), ts: messageId.slice(i + 1) };
};

/** Slack answers HTTP 200 with `ok: false` on failure; the SDK throws for those, which the outbox retries. */
export function createSlackPlatform(client: webApi.WebClient): PlatformMessenger {
  return {
    render: (view, options) => renderSlackMessage(view, options),
    async sendCard(address, card) {
      const m = card as { text: string; blocks: unknown[] };
      const r = await client.chat.postMessage({ channel: address, text: m.text, blocks: m.blocks as never });
      return `${r.channel}:${r.ts}`;
    },
    async updateCard(messageId, card) {
      const m = card as { text: string; blocks: unknown[] };
      await client.chat.update({ ...splitId(messageId), text: m.text, blocks: m.blocks as never });
    },
    async sendText(address, text) {
      const r = await client.chat.postMessage({ channel: address, text });
      return `${r.channel}:${r.ts}`;
    },
  };
}
