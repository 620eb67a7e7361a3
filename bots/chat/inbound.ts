// The platform-neutral shapes every adapter turns its platform's events into. Use cases never see a raw payload: each
// bots/<platform> verifies, parses with zod and normalises into one of these; src/chat/inbound.ts takes it from there.
import type { CardView } from '../../cards/view-model.js';

export type PlatformName = 'feishu' | 'dingtalk' | 'slack';

/** The sender as the platform identifies them, with the kind of id it is (open_id, user_id, slack_user…). */
export interface PlatformUser {
  readonly kind: string;
  readonly id: string;
}

interface InboundBase {
  readonly platform: PlatformName;
  /** The platform's id for this delivery; retries carry the same id. */
  readonly eventId: string;
  /**
   * The platform tenants the event came from, most specific first (Feishu tenant_key, DingTalk corpId, Slack team_id
   * then enterprise_id), which say which organisation it is for; empty when the platform did not say.
   */
  readonly tenant?: string;
  /** A wider tenant to route by when `tenant` is not registered (Slack Enterprise Grid's enterprise id). */
  readonly tenantParent?: string;
  readonly user: PlatformUser;
  /** Where a reply to the sender goes, in the adapter's own address format. */
  readonly replyTo: string;
}

/**
 * A file sent to the bot (a photographed receipt, a PDF, an e-invoice XML), as the platform announced it: enough to
 * fetch it later through the platform's API (never on the path that answers the callback) and to refuse it early.
 */
export interface InboundAttachment {
  /** The platform's key for the file: Feishu image_key / file_key, DingTalk downloadCode, Slack file id. */
  readonly fileKey: string;
  /** The platform's message carrying it (Feishu message_id, DingTalk msgId, Slack event id). */
  readonly messageId: string;
  /** An image (photo) or a file; Feishu fetches them with type=image or type=file. */
  readonly kind: 'image' | 'file';
  readonly name?: string;
  /** The MIME type the platform declared (Slack), if any. */
  readonly declaredType?: string;
  /** The size in bytes the platform declared (Slack), if any: checked before downloading. */
  readonly declaredSize?: number;
  /** Where the platform serves it, when the event says (Slack's url_private_download). */
  readonly url?: string;
}

/** A text message to the bot (1:1, or in a group where the bot was mentioned, or a slash command). */
export interface InboundChatMessage extends InboundBase {
  readonly chatId: string;
  readonly chatType: 'direct' | 'group';
  /** The text with mentions of the bot removed. */
  readonly text: string;
  /** A file that came with the message (a receipt); the text is then its caption, often empty. */
  readonly attachment?: InboundAttachment;
}

/** A click on a card button (or a reason submitted for one). */
export interface InboundCardClick extends InboundBase {
  /** The signed button value as the card carried it. */
  readonly value: string;
  /** A reason typed into the card (reject / return). */
  readonly reason?: string;
  /** The fields of a form submitted with the click (Feishu's card form: the payee form, the visit form); a list comma-joined. */
  readonly form?: Readonly<Record<string, string>>;
  /** The platform message the card is, when the platform says. */
  readonly messageId?: string;
}

/**
 * A click whose platform cannot take typed input on the card itself (Slack buttons): the platform asks for a form
 * (a modal) first. `reason` for reject/return, `change` for editing a draft, `payee` for the payout-account form,
 * `visit` for the visit registration form.
 * `handle` is the platform's short-lived permission to open the form (Slack's trigger_id, valid for 3 s).
 */
export interface InboundFormRequest extends InboundBase {
  readonly form: 'reason' | 'change' | 'payee' | 'visit';
  readonly value: string;
  readonly handle: string;
}

/**
 * A form the platform showed for an `InboundFormRequest`, submitted: the text typed (a one-field form) or the fields
 * (the payee form, the visit form: a multi-select's choices comma-joined), and the value it carried.
 */
export interface InboundFormSubmit extends InboundBase {
  readonly form: 'reason' | 'change' | 'payee' | 'visit';
  readonly value: string;
  readonly text: string;
  readonly fields?: Readonly<Record<string, string>>;
}

/**
 * Everything a platform callback can carry, after normalising. `ignored` is the explicit fallback for kinds we do not
 * handle (with why, for the log); `lifecycle` is the app being removed from a tenant.
 */
export type Inbound =
  | { readonly kind: 'message'; readonly message: InboundChatMessage }
  | { readonly kind: 'click'; readonly click: InboundCardClick }
  | { readonly kind: 'form_request'; readonly request: InboundFormRequest }
  | { readonly kind: 'form_submit'; readonly submit: InboundFormSubmit }
  | { readonly kind: 'uninstalled'; readonly platform: PlatformName; readonly tenant: string }
  | { readonly kind: 'ignored'; readonly why: string };

/** What the pipeline answers a click with, for the adapter to put in the platform's callback response. */
export interface ClickReply {
  readonly toast: { readonly type: 'success' | 'info' | 'warning' | 'error'; readonly text: string };
  /** The card as it stands after the click (drafts), rendered into the answer by platforms that replace the card. */
  readonly view?: CardView;
}
