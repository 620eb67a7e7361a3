// Who sent this? The employee linked to a platform identity (a database read, cached briefly), and auto-linking: someone
// the bot does not know yet is matched to an employee by email or mobile through the platform's contact API, and the
// link is stored, so the first message of a new colleague just works. Linking calls the platform, so it never runs on
// the path that answers a platform callback: the inbound pipeline hands it to the outbox (chat.link, see link-handler.ts).
import type { Db } from '../../db/database.js';
import { findByIdentity, linkIdentities, loadOrg } from '../../db/repos/org.js';
import type { Employee, IdentityKind, Platform } from '../../domain/org/index.js';
import type { Logger } from '../log.js';

/** What a platform can tell about its users. Implementations live with each channel. */
export interface ContactLookup {
  /** Feishu-style: which of these emails/mobiles belong to which platform user ids (one round trip, ≤ 50 each). */
  idsFor?(emails: string[], mobiles: string[]): Promise<{ userId: string; email?: string; mobile?: string }[]>;
  /** Slack-style: the email and mobile of one platform user. */
  contactOf?(userId: string): Promise<{ email?: string; mobile?: string } | undefined>;
}

const norm = {
  email: (e: string) => e.trim().toLowerCase(),
  mobile: (m: string) => m.replace(/[^\d]/g, '').replace(/^86(?=1\d{10}$)/, ''),
};

/**
 * Known links, briefly: every message and click resolves its sender, and the answer rarely changes. Only hits are
 * kept (a new link works at once); a deactivated employee is refused within CACHE_MS.
 */
const CACHE_MS = 30_000;
const known = new Map<string, { employee: Employee; until: number }>();

export interface PlatformIdentity {
  orgId: string;
  platform: Platform;
  tenant: string;
  kind: IdentityKind;
  userId: string;
}

/**
 * The employee of `orgId` behind `userId` of `tenant` on `platform`, from the database only: `linked` (and active),
 * `inactive` (linked to someone who left: never re-linked by contact details), or `unknown`. The organisation comes
 * from the event's tenant (see tenant-route.ts), so a user of another organisation is never found here, even when
 * their id happens to be linked there.
 */
export async function linkedEmployee(db: Db, o: PlatformIdentity): Promise<{ state: 'linked'; employee: Employee } | { state: 'inactive' | 'unknown' }> {
  const cacheKey = `${o.orgId}|${o.platform}|${o.tenant}|${o.userId}`;
  const hit = known.get(cacheKey);
  if (hit && hit.until > Date.now()) return { state: 'linked', employee: hit.employee };
  const linked = await findByIdentity(db, o.orgId, o.platform, o.tenant, o.userId);
  if (!linked) return { state: 'unknown' };
  if (!linked.active) return { state: 'inactive' };
  if (known.size > 10_000) known.clear();
  known.set(cacheKey, { employee: linked, until: Date.now() + CACHE_MS });
  return { state: 'linked', employee: linked };
}

/**
 * Matches an unknown platform user to an active employee by the email/mobile the platform reports, and stores the
 * link. `undefined` when nobody matches (or the identity is linked to someone else). A failure of the platform's API
 * throws, so the outbox retries the attempt later.
 */
export async function linkByContact(db: Db, log: Logger, o: PlatformIdentity, lookup: ContactLookup): Promise<Employee | undefined> {
  const { employees } = await loadOrg(db, o.orgId);
  const active = employees.filter((e) => e.active);
  let match: Employee | undefined;
  if (lookup.contactOf) {
    const c = await lookup.contactOf(o.userId);
    match = active.find((e) => (c?.email && e.email && norm.email(e.email) === norm.email(c.email)) || (c?.mobile && e.mobile && norm.mobile(e.mobile) === norm.mobile(c.mobile)));
  } else if (lookup.idsFor) {
    const emails = active.flatMap((e) => (e.email ? [e.email] : [])).slice(0, 50);
    const mobiles = active.flatMap((e) => (e.mobile ? [e.mobile] : [])).slice(0, 50);
    const hit = (await lookup.idsFor(emails, mobiles)).find((x) => x.userId === o.userId);
    match = hit && active.find((e) => (hit.email && e.email && norm.email(e.email) === norm.email(hit.email)) || (hit.mobile && e.mobile && norm.mobile(e.mobile) === norm.mobile(hit.mobile)));
  }
  if (!match) return undefined;
  const linked = await linkIdentities(db, o.orgId, [{ platform: o.platform, tenant: o.tenant, kind: o.kind, externalId: o.userId, employeeId: match.id }]);
  if (!linked.ok) {
    log.info('a chat user matched an employee but the identity is linked elsewhere', { platform: o.platform, code: linked.error.code });
    return undefined;
  }
  log.info('linked a chat user to an employee by contact details', { platform: o.platform, employeeId: match.id });
  return match;
}
