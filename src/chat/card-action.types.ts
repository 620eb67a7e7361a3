// What a card click brings in (after the platform adapter) and what it answers: shared by handle-card-action.ts and
// the payout-account actions it hands clicks to.
import type { CardView } from '../../cards/view-model.js';
import type { Channel } from './deliver.js';
import type { PayeeRefusal } from './payee-chat.js';
import type { Lang } from './texts.js';

export interface InboundCardAction {
  orgId: string;
  channel: Channel;
  /** The employee the platform says clicked (resolved from the platform user id). */
  employeeId: string;
  /** Where replies to the clicker go. */
  address: string;
  eventId: string;
  /** The button's value as the platform returned it. */
  value: string;
  /** The reason typed for reject / return. */
  reason?: string;
  /** The fields of a form submitted with the click (the payee form). */
  form?: Readonly<Record<string, string>>;
  lang: Lang;
  /**
   * The platform replaces the clicked message with the card in the answer (Feishu): the message clicked. An approval
   * click then answers with the clicker's copy redrawn, instead of patching it through the outbox.
   */
  answerReplaces?: { messageId: string };
  /** The credential audit rows name: the platform identity (`feishu:<tenant>:<open_id>`) or console session; defaults to channel:address. */
  via?: string;
}

export interface CardActionAnswer {
  toast: { type: 'success' | 'info' | 'warning' | 'error'; text: string };
  /** The card as it stands after the click, for platforms that replace the clicked card in the callback answer. */
  view?: CardView;
  /** The organisation's time zone to draw `view` in, when already known. */
  timeZone?: string;
  /** A form refused: the field at fault and why, for platforms that show it on the form (Slack, the console). */
  formProblem?: PayeeRefusal;
}
