// One-time signed links that open a web page from a chat button (finance pages, the gate). The token is compact and
// stateless until used: base64url(JSON [version, org, employee, scope, expiry, link id]) "." HMAC under the link's own
// purpose, so a finance link never opens the gate and the reverse; it is bound to the organisation, the employee and
// the scope (a page, a site). Opening it records the link id, which makes it work once (db/repos/finance-links.ts).
import { randomBytes } from 'node:crypto';
import { domainError, err, ok, type Result } from '../../domain/shared/index.js';
import type { SecretBox } from '../secrets.js';

const VERSION = 1;

export interface LinkClaims {
  orgId: string;
  employeeId: string;
  /** What the link opens: a finance page, `site:<id>` for the gate. */
  scope: string;
  expiresAt: Date;
  linkId: string;
}

/** A fresh link id: 12 random bytes. */
export const newLinkId = (): string => randomBytes(12).toString('base64url');

/** The token for `claims` under `purpose` (no I/O: nothing is stored until the link is opened). */
export function signLink(box: SecretBox, purpose: string, c: LinkClaims): string {
  const payload = Buffer.from(JSON.stringify([VERSION, c.orgId, c.employeeId, c.scope, c.expiresAt.getTime().toString(36), c.linkId])).toString('base64url');
  return `${payload}.${box.mac(purpose, payload)}`;
}

/**
 * The claims of a token signed under `purpose`, not expired at `now` and with a scope `scopeOk` accepts (pure: the
 * one-time check is the caller's). LINK.INVALID when it is malformed or its MAC does not verify; LINK.EXPIRED from its
 * expiry on.
 */
export function readLink(box: SecretBox, purpose: string, token: string | undefined, now: Date, scopeOk: (scope: string) => boolean): Result<LinkClaims> {
  const invalid = err(domainError('LINK.INVALID', 'the link is malformed or has been altered'));
  const [payload, mac, extra] = (token ?? '').split('.');
  if (!payload || !mac || extra !== undefined || payload.length > 1000) return invalid;
  if (!box.verifyMac(purpose, payload, mac)) return invalid;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  if (!Array.isArray(fields) || fields.length !== 6 || fields[0] !== VERSION || !fields.slice(1).every((f) => typeof f === 'string' && f !== '')) return invalid;
  const [, orgId, employeeId, scope, exp, linkId] = fields as [number, string, string, string, string, string];
  const expiresAt = new Date(parseInt(exp, 36));
  if (!scopeOk(scope) || Number.isNaN(expiresAt.getTime())) return invalid;
  if (now.getTime() >= expiresAt.getTime()) return err(domainError('LINK.EXPIRED', `the link expired at ${expiresAt.toISOString()}`));
  return ok({ orgId, employeeId, scope, expiresAt, linkId });
}
