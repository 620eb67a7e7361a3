// `chat.link`: auto-linking off the callback path. The inbound pipeline hands an unknown sender's event here; this
// handler asks the platform's contact API who they are (email / mobile), links them to the matching employee, and
// then runs the message they sent, so a new colleague's first message just works. When nobody matches, or the
// platform stays unreachable for LINK_ATTEMPTS tries, the sender is told how to get linked.
import type { PlatformName } from '../../bots/chat/inbound.js';
import { ok } from '../../domain/shared/index.js';
import type { OutboxHandler } from '../jobs/dispatcher.js';
import type { Logger } from '../log.js';
import { command } from '../usecases/unit-of-work.js';
import { linkByContact, linkedEmployee, type ContactLookup, type PlatformIdentity } from './auto-link.js';
import { deliver } from './deliver.js';
import { handleMessage, type ChatDeps } from './handle-message.js';
import type { SecretBox } from '../secrets.js';
import { T, type Lang } from './texts.js';

export const TOPIC_CHAT_LINK = 'chat.link';

export interface LinkPayload {
  identity: PlatformIdentity;
  replyTo: string;
  lang: Lang;
  /**
   * The message that arrived from the unknown sender, run once they are linked (absent for a click). Its text is
   * sealed with the service's key (`textSealed`): a first message often names people and their numbers, and the outbox
   * row outlives the delivery; `text` is read from rows written before.
   */
  message?: { chatId: string; eventId: string; textSealed?: string; text?: string };
}

/** The carried message's text as the sender typed it. */
export const carriedMessageText = (box: SecretBox, m: NonNullable<LinkPayload['message']>): string => (m.textSealed !== undefined ? box.decrypt(m.textSealed) : (m.text ?? ''));

/** The platform's contact lookup for a tenant of an organisation (undefined: that platform cannot look people up). */
export type ContactLookups = (platform: PlatformName, orgId: string, tenant: string) => Promise<ContactLookup | undefined> | ContactLookup | undefined;

/** After this many failed lookups (the platform unreachable) the sender is told how to get linked instead. */
export const LINK_ATTEMPTS = 3;

export function chatLinkHandler(deps: ChatDeps & { log: Logger; lookups: ContactLookups }): OutboxHandler {
  return async (msg) => {
    const p = msg.payload as LinkPayload;
    const id = p.identity;
    // Linked meanwhile (an admin, or another event of theirs): just run the message.
    const now = await linkedEmployee(deps.db, id);
    let employee = now.state === 'linked' ? now.employee : undefined;
    if (!employee && now.state === 'unknown') {
      const lookup = await deps.lookups(id.platform as PlatformName, id.orgId, id.tenant);
      try {
        employee = lookup ? await linkByContact(deps.db, deps.log, id, lookup) : undefined;
      } catch (e) {
        deps.log.warn('contact lookup failed', { platform: id.platform, attempt: msg.attempts, error: e });
        if (msg.attempts < LINK_ATTEMPTS) throw e;
      }
    }
    if (!p.message) return;
    if (employee) {
      await handleMessage(deps, { orgId: id.orgId, channel: id.platform as PlatformName, chatId: p.message.chatId, address: p.replyTo, employeeId: employee.id, eventId: p.message.eventId, text: carriedMessageText(deps.box, p.message), via: `${id.platform}:${id.tenant}:${id.userId}` });
      return;
    }
    await command(deps.db, async (tx) => {
      await deliver(tx, deps.ids, { orgId: id.orgId, channel: id.platform as PlatformName, employeeId: '', address: p.replyTo, locale: p.lang }, { text: T.unknownUser[p.lang] }, deps.clock.now());
      return ok(undefined);
    });
  };
}
