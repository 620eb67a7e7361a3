// Web page sessions and CSRF tokens, made with the service's SecretBox (finance pages, the gate). A session is a signed
// cookie naming the organisation, the employee, a random session id, its expiry and its scope (the gate's site); a
// form's CSRF token is an HMAC of the session id, so a token from one session is worthless in another, and nothing is
// kept on the server. Each kind of page has its own purposes: a finance cookie never opens the gate.
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../secrets.js';

export interface PageSession {
  orgId: string;
  employeeId: string;
  id: string;
  expiresAt: Date;
  /** What the session is for beyond the pages themselves ('' for none; `site:<id>` at the gate). */
  scope: string;
}

export interface PageSessions {
  /** A new session and the cookie value that proves it. */
  start(orgId: string, employeeId: string, now: Date, scope?: string): { session: PageSession; cookie: string };
  /** The session behind a cookie value, or undefined when it is missing, forged or expired at `now`. */
  read(cookie: string | undefined, now: Date): PageSession | undefined;
  /** The CSRF token for the forms of session `id`. */
  csrf(id: string): string;
  /** True when `token` is session `id`'s CSRF token (constant-time). */
  checkCsrf(id: string, token: unknown): boolean;
}

/** Sessions of one kind of page (`kind` names its MAC purposes), lasting `ttlMs`. */
export function pageSessions(box: SecretBox, kind: string, ttlMs: number): PageSessions {
  const SESSION = `${kind}-session`;
  const CSRF = `${kind}-csrf`;
  return {
    start(orgId, employeeId, now, scope = '') {
      const session = { orgId, employeeId, id: randomBytes(18).toString('base64url'), expiresAt: new Date(now.getTime() + ttlMs), scope };
      const fields = [orgId, employeeId, session.id, session.expiresAt.getTime().toString(36), ...(scope ? [scope] : [])];
      const payload = Buffer.from(JSON.stringify(fields)).toString('base64url');
      return { session, cookie: `${payload}.${box.mac(SESSION, payload)}` };
    },
    read(cookie, now) {
      const [payload, mac, extra] = (cookie ?? '').split('.');
      if (!payload || !mac || extra !== undefined || !box.verifyMac(SESSION, payload, mac)) return undefined;
      try {
        const f = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
        if (!Array.isArray(f) || (f.length !== 4 && f.length !== 5) || !f.every((x) => typeof x === 'string' && x !== '')) return undefined;
        const [orgId, employeeId, id, exp, scope = ''] = f as [string, string, string, string, string?];
        const expiresAt = new Date(parseInt(exp, 36));
        if (Number.isNaN(expiresAt.getTime()) || now.getTime() >= expiresAt.getTime()) return undefined;
        return { orgId, employeeId, id, expiresAt, scope };
      } catch {
        return undefined;
      }
    },
    csrf: (id) => box.mac(CSRF, id),
    checkCsrf: (id, token) => typeof token === 'string' && token !== '' && box.verifyMac(CSRF, id, token),
  };
}
