// Receipts sent in chat, the conversation's side: a file arriving with a message is answered at once through the
// outbox ("收到，正在读取…") and handed to the `chat.receipt` outbox topic, which fetches it from the platform later
// (receipt-fetch.ts); a type we do not read or a declared size over the limit is refused at once, before any download.
// Nothing here calls a platform. Also the receipt card and its confirm button.
import type { InboundAttachment, PlatformName } from '../../bots/chat/inbound.js';
import type { Executor, Tx } from '../../db/database.js';
import { getCard } from '../../db/repos/chat.js';
import { enqueue } from '../../db/repos/outbox.js';
import { claimInbound } from '../../db/repos/processed.js';
import type { ReceiptReadCardView } from '../../cards/view-model.js';
import { domainError, ok, type IdGenerator } from '../../domain/shared/index.js';
import { confirmChatReceipt, refuseChatReceiptInTx, type ChatReceiptOutcome } from '../usecases/expenses/chat-receipts.js';
import { command } from '../usecases/unit-of-work.js';
import { signAction, type ActionClaims } from './action-token.js';
import type { CardActionAnswer, InboundCardAction } from './card-action.types.js';
import { deliver, type Recipient } from './deliver.js';
import type { ChatDeps } from './handle-message.js';
import { duplicate, RECEIPT_TEXTS, tooLarge, unsupported } from './receipt-texts.js';
import { errorReply, T, type Lang } from './texts.js';

export const TOPIC_CHAT_RECEIPT = 'chat.receipt';

/** What the `chat.receipt` handler needs to fetch the file and answer: no platform payload, only the neutral attachment. */
export interface ChatReceiptPayload {
  platform: PlatformName;
  tenant?: string;
  employeeId: string;
  address: string;
  lang: Lang;
  sourceKey: string;
  attachment: InboundAttachment;
}

/** One key per platform message and file: a redelivered event or a retried fetch finds it taken. */
export const sourceKeyOf = (platform: PlatformName, a: InboundAttachment) => `${platform}:${a.messageId}:${a.fileKey}`;

/** The largest receipt when the configuration does not say (RECEIPT_MAX_BYTES' default). */
export const DEFAULT_RECEIPT_MAX_BYTES = 10 * 1024 * 1024;

const READ_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'webp', 'heic', 'pdf', 'xml', 'ofd']);
const READ_TYPES = /^(image\/(jpeg|png|webp|heic)|application\/pdf|(application|text)\/xml|application\/ofd|application\/octet-stream|binary\/octet-stream)$/;

/**
 * What the platform told us of the file, before any download: `unsupported` when its name's extension or declared
 * type is one we do not read (.docx, .zip); otherwise it is fetched and its bytes decide.
 */
export function declaredSupport(a: InboundAttachment): 'unsupported' | 'fetch' {
  const ext = a.name && a.name.includes('.') ? a.name.split('.').pop()!.toLowerCase() : undefined;
  if (ext !== undefined && !READ_EXTENSIONS.has(ext)) return 'unsupported';
  if (a.declaredType && !READ_TYPES.test(a.declaredType.split(';')[0]!.trim().toLowerCase())) return 'unsupported';
  return 'fetch';
}

export interface AttachmentMessage {
  orgId: string;
  platform: PlatformName;
  tenant?: string;
  employeeId: string;
  address: string;
  lang: Lang;
  attachment: InboundAttachment;
}

/**
 * On the path that answers the platform: once per message and file, refuse what we can tell is unreadable or too
 * large (recorded and audited), or say "got it" and queue the fetch, all in one transaction through the outbox.
 */
export async function acceptReceiptFile(deps: Pick<ChatDeps, 'db' | 'clock' | 'ids'>, m: AttachmentMessage, maxBytes: number): Promise<void> {
  const a = m.attachment;
  const sourceKey = sourceKeyOf(m.platform, a);
  const to: Recipient = { orgId: m.orgId, channel: m.platform, employeeId: m.employeeId, address: m.address, locale: m.lang };
  await command(deps.db, async (tx) => {
    if (!(await claimInbound(tx, `receipt:${m.platform}:${m.orgId}`, `${a.messageId}:${a.fileKey}`, m.orgId)).first) return ok(undefined);
    const now = deps.clock.now();
    const refuse = async (text: string, reason: string) => {
      const error = domainError('RECEIPT.INVALID', reason, { reason });
      await refuseChatReceiptInTx(tx, deps, m.orgId, { sourceKey, employeeId: m.employeeId, ...(a.name ? { filename: a.name } : {}), ...(a.declaredType ? { contentType: a.declaredType } : {}), error }, async () => deliver(tx, deps.ids, to, { text }, now));
    };
    if (declaredSupport(a) === 'unsupported') await refuse(unsupported(m.lang, a.name), 'type');
    else if (a.declaredSize !== undefined && a.declaredSize > maxBytes) await refuse(tooLarge(m.lang, maxBytes, a.declaredSize), 'size');
    else {
      await deliver(tx, deps.ids, to, { text: RECEIPT_TEXTS.gotIt[m.lang] }, now);
      const payload: ChatReceiptPayload = { platform: m.platform, ...(m.tenant ? { tenant: m.tenant } : {}), employeeId: m.employeeId, address: m.address, lang: m.lang, sourceKey, attachment: a };
      await enqueue(tx, [{ orgId: m.orgId, topic: TOPIC_CHAT_RECEIPT, key: `${TOPIC_CHAT_RECEIPT}:${m.orgId}:${sourceKey}`, payload }]);
    }
    return ok(undefined);
  });
}

const FOUR_WEEKS = 28 * 24 * 3600;

/** The card for what was read; `confirm` when there is something to confirm (a suggestion to attach, a draft line). */
export function receiptCard(deps: Pick<ChatDeps, 'box'>, orgId: string, to: Recipient, o: ChatReceiptOutcome, now: Date, filename?: string): ReceiptReadCardView {
  const inv = o.invoice ?? {};
  const confirmable = o.line !== undefined && (o.readBy === 'model' || o.line.status === 'draft');
  const exp = Math.floor(now.getTime() / 1000) + FOUR_WEEKS;
  const note = o.readBy === 'none' ? RECEIPT_TEXTS.unreadNote : o.readBy === 'model' ? RECEIPT_TEXTS.modelNote : undefined;
  return {
    kind: 'receipt_read',
    receiptId: o.id,
    ...(filename ? { filename } : {}),
    readBy: o.readBy,
    ...(inv.sellerName || inv.merchant ? { seller: (inv.sellerName ?? inv.merchant)! } : {}),
    ...(inv.issueDate ? { date: inv.issueDate } : {}),
    ...(inv.total ? { total: inv.total } : {}),
    ...(inv.tax ? { tax: inv.tax } : {}),
    ...(inv.number ? { number: inv.number } : {}),
    ...(o.line ? { line: { how: o.line.how } } : {}),
    ...(note ? { note } : {}),
    buttons: confirmable ? [{ action: 'confirm', value: signAction(deps.box, { kind: 'receipt', org: orgId, id: o.id, action: 'confirm', to: to.employeeId, exp }) }] : [],
  };
}

/** Sends the receipt card in the caller's transaction. */
export async function sendReceiptCard(tx: Tx, deps: Pick<ChatDeps, 'box' | 'ids'>, to: Recipient, o: ChatReceiptOutcome, now: Date, filename?: string): Promise<void> {
  await deliver(tx, deps.ids, to, { cardKey: `receipt:${o.id}`, view: receiptCard(deps, to.orgId, to, o, now, filename) }, now);
}

/** Every copy of the receipt's card answered (no button left). */
async function closeReceiptCard(tx: Executor, ids: IdGenerator, to: Recipient, id: string, now: Date): Promise<ReceiptReadCardView | undefined> {
  const card = await getCard(tx, to.orgId, `receipt:${id}`, to.channel, to.employeeId);
  if (!card) return undefined;
  const view: ReceiptReadCardView = { ...(card.view as ReceiptReadCardView), buttons: [], closed: { status: 'confirmed', at: now.toISOString() } };
  await deliver(tx, ids, { ...to, address: card.address }, { cardKey: card.cardKey, view }, now);
  return view;
}

/** Confirm on a receipt card: the use case attaches the suggestion and opens the line; the card closes in the same transaction. */
export async function receiptAction(deps: ChatDeps, a: InboundCardAction, c: ActionClaims): Promise<CardActionAnswer> {
  if (c.action !== 'confirm') return { toast: { type: 'error', text: T.invalidButton[a.lang] } };
  const to: Recipient = { orgId: a.orgId, channel: a.channel, employeeId: a.employeeId, address: a.address, locale: a.lang };
  let view: ReceiptReadCardView | undefined;
  const r = await confirmChatReceipt(deps, a.orgId, c.id, a.employeeId, async (tx) => {
    view = await closeReceiptCard(tx, deps.ids, to, c.id, deps.clock.now());
  });
  if (!r.ok) {
    if (r.error.code === 'AUTH.FORBIDDEN') return { toast: { type: 'warning', text: T.notYourCard[a.lang] } };
    if (r.error.code === 'INVOICE.DUPLICATE') return { toast: { type: 'warning', text: duplicate(a.lang, r.error) } };
    if (r.error.code === 'EXPENSE.INVALID' && r.error.details?.reason === 'unread') return { toast: { type: 'warning', text: RECEIPT_TEXTS.unreadNote[a.lang] } };
    return { toast: { type: 'warning', text: errorReply(a.lang, r.error) } };
  }
  if (!r.value.changed) return { toast: { type: 'info', text: RECEIPT_TEXTS.alreadyConfirmed[a.lang] } };
  return { toast: { type: 'success', text: RECEIPT_TEXTS.confirmed[a.lang] }, ...(view ? { view } : {}) };
}
