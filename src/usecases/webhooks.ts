// Outbound webhook subscriptions of an organisation: subscribe (the secret is returned once and stored encrypted),
// list, unsubscribe and rotate the secret with an overlap; each change audited in its own transaction.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { appendAudit } from '../../db/repos/audit.js';
import { addWebhook, deleteWebhook, listWebhooks, rotateWebhookSecret } from '../../db/repos/webhooks.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../domain/shared/index.js';
import type { SecretBox } from '../secrets.js';
import { command } from './unit-of-work.js';

type Deps = { db: Db; clock: Clock; ids: IdGenerator; box: SecretBox };

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** The URL as the audit log keeps it: receivers sometimes put a token in the query, and audit rows are never erased. */
const auditedUrl = (u: URL) => `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;

/** Subscribes `url` (already checked by the caller: https, public address) to `events`; returns the new secret once. */
export async function subscribeWebhook(deps: Deps, orgId: string, actorId: string, url: URL, events: string[]): Promise<Result<{ id: string; url: string; events: string[]; secret: string }>> {
  const secret = newSecret();
  const id = deps.ids.next('whk');
  return command(deps.db, async (tx) => {
    await addWebhook(tx, { id, orgId, url: url.href, events, secretEnc: deps.box.encrypt(secret) });
    await appendAudit(tx, { orgId, actorId, action: 'webhook.subscribe', subjectType: 'webhook', subjectId: id, after: { url: auditedUrl(url), events }, at: deps.clock.now() });
    return ok({ id, url: url.href, events, secret });
  });
}

/** The organisation's subscriptions (without their secrets). */
export async function webhooksOf(deps: { db: Db }, orgId: string): Promise<{ id: string; url: string; events: string[] }[]> {
  return (await listWebhooks(deps.db, [orgId])).map(({ id, url, events }) => ({ id, url, events }));
}

/** Removes subscription `id`; NOT_FOUND when the organisation has none. */
export function unsubscribeWebhook(deps: Omit<Deps, 'ids' | 'box'>, orgId: string, actorId: string, id: string): Promise<Result<void>> {
  return command(deps.db, async (tx) => {
    if (!(await deleteWebhook(tx, orgId, id))) return err(domainError('NOT_FOUND', 'no such webhook'));
    await appendAudit(tx, { orgId, actorId, action: 'webhook.unsubscribe', subjectType: 'webhook', subjectId: id, at: deps.clock.now() });
    return ok(undefined);
  });
}

/** A new secret for subscription `id`; the old one keeps signing for `overlapSeconds`. NOT_FOUND when there is none. */
export function rotateWebhook(deps: Omit<Deps, 'ids'>, orgId: string, actorId: string, id: string, overlapSeconds: number): Promise<Result<{ id: string; secret: string; previousValidUntil: string }>> {
  const now = deps.clock.now();
  const until = new Date(now.getTime() + overlapSeconds * 1000);
  const secret = newSecret();
  return command(deps.db, async (tx) => {
    if (!(await rotateWebhookSecret(tx, orgId, id, deps.box.encrypt(secret), until))) return err(domainError('NOT_FOUND', 'no such webhook'));
    await appendAudit(tx, { orgId, actorId, action: 'webhook.rotate_secret', subjectType: 'webhook', subjectId: id, after: { overlapSeconds, previousValidUntil: until.toISOString() }, at: now });
    return ok({ id, secret, previousValidUntil: until.toISOString() });
  });
}
