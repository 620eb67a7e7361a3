// How each platform's messenger addresses a person, from a linked identity (platform, kind, id, tenant). The formats
// are the ones the normalisers give as `replyTo` and the messengers parse, so they live here with the platforms.
import { slackAddress } from '../slack/slack.normalize.js';

/** A linked platform identity, as stored. */
export interface IdentityRef {
  platform: string;
  kind: string;
  externalId: string;
  tenant?: string | null;
}

const ADDRESS: Readonly<Record<string, (kind: string, id: string, tenant: string) => string>> = {
  // `open_id:ou_…`, `user_id:…`, `union_id:…`: the receive_id_type and the id (feishu.messenger.ts).
  feishu: (kind, id) => `${kind}:${id}`,
  // The robot's one-to-one message to a staff id (dingtalk.messenger.ts).
  dingtalk: (_kind, id) => `user:${id}`,
  // The workspace picks the bot token when the app is installed in several (slack.messenger.ts).
  slack: (_kind, id, tenant) => slackAddress(tenant || undefined, id),
};

/** Feishu: the app-scoped open_id first; the others have one id kind each. */
const PREFERENCE = ['open_id', 'user_id', 'union_id'];
const rank = (kind: string) => (PREFERENCE.includes(kind) ? PREFERENCE.indexOf(kind) : PREFERENCE.length);

/**
 * For each platform among `platforms`, the address of the person's preferred identity on it; platforms without an
 * identity (or without an addressing rule) are left out.
 */
export function platformAddresses(identities: readonly IdentityRef[], platforms: ReadonlySet<string>): { platform: string; address: string }[] {
  const out: { platform: string; address: string }[] = [];
  for (const id of [...identities].sort((a, b) => rank(a.kind) - rank(b.kind))) {
    const address = Object.hasOwn(ADDRESS, id.platform) ? ADDRESS[id.platform] : undefined;
    if (!address || !platforms.has(id.platform) || out.some((r) => r.platform === id.platform)) continue;
    out.push({ platform: id.platform, address: address(id.kind, id.externalId, id.tenant ?? '') });
  }
  return out;
}
