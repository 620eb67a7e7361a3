// The one-time signed link that opens the gate page of one site for one guard (from the chat or the API): a signed link
// (../signed-link.ts) under the gate's own purpose, its scope `site:<id>`. It works once, within 10 minutes; the
// session it starts lasts a shift.
import type { Clock, Result } from '../../../domain/shared/index.js';
import type { SecretBox } from '../../secrets.js';
import { newLinkId, readLink, signLink, type LinkClaims } from '../signed-link.js';

const PURPOSE = 'gate-link';
/** A link works for this long after it is made. */
export const GATE_LINK_TTL_MS = 10 * 60_000;
/** A gate session lasts a 12-hour shift. */
export const GATE_SESSION_MS = 12 * 3_600_000;
export const GATE_COOKIE = 'gate_session';

const SITE = /^site:[a-z0-9][a-z0-9_-]{0,63}$/;
export const siteScope = (siteId: string): string => `site:${siteId}`;
export const siteOfScope = (scope: string): string | undefined => (SITE.test(scope) ? scope.slice(5) : undefined);

/** `${base}/gate/open?t=<token>` for `employeeId` of `orgId` at `siteId`. */
export function gateLink(deps: { box: SecretBox; clock: Clock; publicUrl: string }, orgId: string, employeeId: string, siteId: string): { url: string; expiresAt: Date } {
  const expiresAt = new Date(deps.clock.now().getTime() + GATE_LINK_TTL_MS);
  const token = signLink(deps.box, PURPOSE, { orgId, employeeId, scope: siteScope(siteId), expiresAt, linkId: newLinkId() });
  return { url: `${deps.publicUrl.replace(/\/+$/, '')}/gate/open?t=${token}`, expiresAt };
}

/** The claims of a gate link, or LINK.INVALID / LINK.EXPIRED. */
export const readGateLink = (box: SecretBox, token: string | undefined, now: Date): Result<LinkClaims> => readLink(box, PURPOSE, token, now, (s) => SITE.test(s));
