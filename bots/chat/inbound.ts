// The platform-neutral shapes every adapter turns its platform's events into. Use cases never see a raw payload.

export type PlatformName = 'feishu' | 'dingtalk' | 'slack';

/** A text message to the bot (1:1, or in a group where the bot was mentioned). */
export interface InboundChatMessage {
  readonly platform: PlatformName;
  /** The platform's id for this delivery; retries carry the same id. */
  readonly eventId: string;
  /**
   * The platform tenant the event came from (Feishu tenant_key, DingTalk corpId, Slack team_id), which says which
   * organisation it is for; absent when the platform did not say.
   */
  readonly tenant?: string;
  /** The sender as the platform identifies them, with the kind of id it is. */
  readonly user: { readonly kind: string; readonly id: string };
  readonly chatId: string;
  readonly chatType: 'direct' | 'group';
  /** The text with mentions of the bot removed. */
  readonly text: string;
  /** Where a reply goes, in the adapter's own address format. */
  readonly replyTo: string;
}

/** A click on a card button. */
export interface InboundCardClick {
  readonly platform: PlatformName;
  readonly eventId: string;
  /** The platform tenant the click came from (see InboundChatMessage.tenant). */
  readonly tenant?: string;
  readonly user: { readonly kind: string; readonly id: string };
  /** The signed button value as the card carried it. */
  readonly value: string;
  /** A reason typed into the card (reject / return). */
  readonly reason?: string;
  /** The platform message the card is, when the platform says. */
  readonly messageId?: string;
  readonly replyTo: string;
}
