// Signed Slack install links: `/slack/install?org=<id>&exp=<unix s>&sig=<mac>`. Only someone given the link by the
// operator can install the app for that organisation; the organisation then travels in the signed OAuth state. Pure.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ok, type Result } from '../../domain/shared/result.js';
import { verifyFail, type VerifyError } from '../chat/verify-error.js';

export type InstallLinkError = VerifyError<'AUTH.BAD_SIGNATURE' | 'AUTH.STALE'>;

const macOf = (secret: string, org: string, exp: number) => createHmac('sha256', secret).update(`slack-install\n${org}\n${exp}`, 'utf8').digest('base64url');

/** The query string of an install link for `org`, valid until `exp` (unix seconds). */
export function signInstallLink(secret: string, org: string, exp: number): string {
  return new URLSearchParams({ org, exp: String(exp), sig: macOf(secret, org, exp) }).toString();
}

/** Checks an install link's query parameters; returns the organisation. */
export function verifyInstallLink(secret: string, q: { org?: string; exp?: string; sig?: string }, now: Date): Result<{ org: string }, InstallLinkError> {
  if (!q.org || !q.exp || !q.sig || !/^\d{1,12}$/.test(q.exp)) return verifyFail('AUTH.BAD_SIGNATURE', 'the install link is incomplete');
  const expected = Buffer.from(macOf(secret, q.org, Number(q.exp)));
  const given = Buffer.from(q.sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return verifyFail('AUTH.BAD_SIGNATURE', 'the install link is not signed by this service');
  if (Number(q.exp) * 1000 < now.getTime()) return verifyFail('AUTH.STALE', 'the install link has expired; ask for a new one');
  return ok({ org: q.org });
}
