// What the outbox needs from a platform to deliver chat messages: render a card view, send, update, send text.
import type { CardView, RenderOptions } from '../../cards/view-model.js';

/** Who a message is sent for: a deployment serving many organisations picks the credentials by it (Slack installs). */
export interface SendContext {
  readonly orgId: string;
}

export interface PlatformMessenger {
  /** The platform's card JSON for a view. */
  render(view: CardView, options: RenderOptions): unknown;
  /** Sends a rendered card to an address (adapter-specific format); `key` makes a retry send it once. Returns the message id. */
  sendCard(address: string, card: unknown, key: string, ctx?: SendContext): Promise<string>;
  /** Replaces a card already sent. */
  updateCard(messageId: string, card: unknown, address: string, ctx?: SendContext): Promise<void>;
  sendText(address: string, text: string, key: string, ctx?: SendContext): Promise<string>;
}
