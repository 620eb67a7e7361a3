// Finance page sessions and CSRF tokens, made with the service's SecretBox. A session is a signed cookie naming the
// organisation, the employee, a random session id and its expiry; a form's CSRF token is an HMAC of the session id,
// so a token from one session is worthless in another, and nothing is kept on the server.
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../../secrets.js';

export const FINANCE_COOKIE = 'finance_session';
/** A session ends this long after its link was opened; then a new link from the chat is needed. */
export const FINANCE_SESSION_MS = 2 * 3_600_000;

export interface FinanceSession {
  orgId: string;
  employeeId: string;
  id: string;
  expiresAt: Date;
}

const SESSION = 'finance-session';
const CSRF = 'finance-csrf';

/** A new session for `employeeId` of `orgId` and the cookie value that proves it. */
export function startFinanceSession(box: SecretBox, orgId: string, employeeId: string, now: Date): { session: FinanceSession; cookie: string } {
  const session = { orgId, employeeId, id: randomBytes(18).toString('base64url'), expiresAt: new Date(now.getTime() + FINANCE_SESSION_MS) };
  const payload = Buffer.from(JSON.stringify([orgId, employeeId, session.id, session.expiresAt.getTime().toString(36)])).toString('base64url');
  return { session, cookie: `${payload}.${box.mac(SESSION, payload)}` };
}

/** The session behind a cookie value, or undefined when it is missing, forged or expired at `now`. */
export function readFinanceSession(box: SecretBox, cookie: string | undefined, now: Date): FinanceSession | undefined {
  const [payload, mac, extra] = (cookie ?? '').split('.');
  if (!payload || !mac || extra !== undefined || !box.verifyMac(SESSION, payload, mac)) return undefined;
  try {
    const f = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(f) || f.length !== 4 || !f.every((x) => typeof x === 'string' && x !== '')) return undefined;
    const [orgId, employeeId, id, exp] = f as [string, string, string, string];
    const expiresAt = new Date(parseInt(exp, 36));
    if (Number.isNaN(expiresAt.getTime()) || now.getTime() >= expiresAt.getTime()) return undefined;
    return { orgId, employeeId, id, expiresAt };
  } catch {
    return undefined;
  }
}

/** The CSRF token for the forms of session `id`. */
export const financeCsrfToken = (box: SecretBox, id: string): string => box.mac(CSRF, id);

/** True when `token` is session `id`'s CSRF token (constant-time). */
export const checkFinanceCsrf = (box: SecretBox, id: string, token: unknown): boolean => typeof token === 'string' && token !== '' && box.verifyMac(CSRF, id, token);
