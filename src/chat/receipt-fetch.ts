// The `chat.receipt` outbox handler: fetches a file someone sent the bot through the platform's API (capped at the
// receipt limit), decides its type from its bytes, and hands it to the chat-receipt use case, which stores, reads and
// attaches it in one transaction together with the card saying what was read; a refusal (too large, a type we do not
// read, a duplicate invoice) is recorded with its reply in one transaction. A retry after success fetches nothing.
import { looksLikeOfd } from '../integrations/invoice/ofd.js';
import { FileRefused, FileTooLarge, type PlatformFilesMap } from '../../bots/chat/files.js';
import type { DomainError } from '../../domain/shared/index.js';
import type { ClaimedMessage } from '../../db/repos/outbox.js';
import type { OutboxHandler } from '../jobs/dispatcher.js';
import type { Logger } from '../log.js';
import type { SecretBox } from '../secrets.js';
import { chatReceiptTaken, refuseChatReceipt, takeChatReceipt, type ChatReceiptDeps } from '../usecases/expenses/chat-receipts.js';
import { deliver, type Recipient } from './deliver.js';
import { sendReceiptCard, type ChatReceiptPayload } from './receipt-chat.js';
import { couldNotFetch, duplicate, refusedOther, tooLarge, unsupported } from './receipt-texts.js';

export interface ChatReceiptHandlerDeps extends ChatReceiptDeps {
  box: SecretBox;
  files: PlatformFilesMap;
  log?: Logger;
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/**
 * The type of a fetched file from its first bytes (what the platform or the sender declared is not trusted): JPEG,
 * PNG, WEBP, HEIC, PDF, XML, OFD (a zip with an OFD.xml). Anything else (another zip such as .docx, an executable,
 * text) is undefined: not read.
 */
export function sniffType(bytes: Uint8Array): string | undefined {
  if (looksLikeOfd(bytes)) return 'application/ofd';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(bytes, 4, 8) === 'ftyp' && /^(heic|heix|heim|heis|mif1|msf1)$/.test(ascii(bytes, 8, 12))) return 'image/heic';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  // XML: a UTF-8 byte order mark and whitespace may come first.
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < bytes.length && i < 64 && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i]!)) i++;
  if (bytes[i] === 0x3c && /^<(\?xml|[A-Za-z_])/.test(ascii(bytes, i, i + 5))) return 'application/xml';
  return undefined;
}

/** The outbox handler of `chat.receipt`. */
export function chatReceiptHandler(deps: ChatReceiptHandlerDeps): OutboxHandler {
  return async (msg: ClaimedMessage) => {
    const p = msg.payload as ChatReceiptPayload;
    const orgId = msg.orgId;
    if (await chatReceiptTaken(deps.db, orgId, p.sourceKey)) return;
    const to: Recipient = { orgId, channel: p.platform, employeeId: p.employeeId, address: p.address, locale: p.lang };
    const a = p.attachment;
    const refuse = (error: DomainError, text: string, contentType?: string) =>
      refuseChatReceipt(deps, orgId, { sourceKey: p.sourceKey, employeeId: p.employeeId, ...(a.name ? { filename: a.name } : {}), ...(contentType ? { contentType } : {}), error }, (tx) => deliver(tx, deps.ids, to, { text }, deps.clock.now())).then(() => undefined);

    const files = deps.files.get(p.platform);
    if (!files) throw new Error(`no file access for ${p.platform} on this instance`);
    let fetched;
    try {
      fetched = await files.fetch(a, { orgId, ...(p.tenant ? { tenant: p.tenant } : {}), maxBytes: deps.maxBytes });
    } catch (e) {
      if (e instanceof FileTooLarge) return refuse({ code: 'RECEIPT.INVALID', message: e.message, details: { reason: 'size' } }, tooLarge(p.lang, deps.maxBytes));
      // Retrying cannot help (the URL is not one we may fetch, the file is gone): say so once, and stop.
      if (e instanceof FileRefused) {
        deps.log?.warn('a file sent in chat could not be fetched', { orgId, platform: p.platform, reason: e.message });
        return refuse({ code: 'RECEIPT.INVALID', message: e.message, details: { reason: 'fetch' } }, couldNotFetch(p.lang));
      }
      throw e;
    }
    const type = sniffType(fetched.bytes);
    if (!type) return refuse({ code: 'RECEIPT.INVALID', message: 'not a type we read', details: { reason: 'type' } }, unsupported(p.lang, a.name), fetched.contentType);
    const r = await takeChatReceipt(deps, orgId, { sourceKey: p.sourceKey, employeeId: p.employeeId, file: { bytes: fetched.bytes, contentType: type, ...(a.name ? { filename: a.name } : {}) } }, (tx, outcome) =>
      sendReceiptCard(tx, deps, to, outcome, deps.clock.now(), a.name),
    );
    if (r.ok) return;
    const e = r.error;
    if (e.code === 'ORG.UNKNOWN_EMPLOYEE') return deps.log?.warn('chat receipt from someone no longer active', { orgId, employeeId: p.employeeId });
    const reason = e.details?.reason;
    const text = e.code === 'INVOICE.DUPLICATE' ? duplicate(p.lang, e) : reason === 'size' ? tooLarge(p.lang, deps.maxBytes, fetched.bytes.length) : reason === 'type' ? unsupported(p.lang, a.name) : refusedOther(p.lang, e);
    await refuse(e, text, type);
  };
}
