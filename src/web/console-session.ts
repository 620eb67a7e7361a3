// Console sessions and CSRF tokens, made with the service's SecretBox: a session is a random id in a signed cookie;
// a form's CSRF token is an HMAC of that id, so a token from one session is worthless in another.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../secrets.js';

export const SESSION_COOKIE = 'console_session';
/** Password sessions end after this; open (loopback) sessions last as long as the browser keeps the cookie. */
export const PASSWORD_SESSION_MS = 12 * 3_600_000;

export interface ConsoleSessions {
  /** A new session: its id and the cookie value that proves it. */
  start(now: Date): { id: string; cookie: string };
  /** The session id behind a cookie value, or undefined if it is forged, from another mode or password, or expired. */
  read(cookie: string | undefined, now: Date): string | undefined;
  /** The CSRF token for forms of session `id`. */
  csrfToken(id: string): string;
  /** True when `token` is session `id`'s CSRF token (constant-time). */
  checkCsrf(id: string, token: string | undefined): boolean;
  /** True when `given` is the console password (constant-time; false when no password is set). */
  checkPassword(given: string): boolean;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/**
 * Sessions for a console with `password` (or none: loopback mode). The password's hash is part of what is signed, so
 * setting or changing CONSOLE_PASSWORD ends every earlier session.
 */
export function consoleSessions(box: SecretBox, password: string | undefined): ConsoleSessions {
  const mode = password === undefined ? 'open' : `pw:${sha256(password).toString('hex')}`;
  const signed = (id: string, issued: string) => `${mode}|${id}|${issued}`;
  return {
    start(now) {
      const id = randomBytes(18).toString('base64url');
      const issued = now.getTime().toString(36);
      return { id, cookie: `${id}.${issued}.${box.mac('console-session', signed(id, issued))}` };
    },
    read(cookie, now) {
      const [id, issued, mac, extra] = (cookie ?? '').split('.');
      if (!id || !issued || !mac || extra !== undefined) return undefined;
      if (!box.verifyMac('console-session', signed(id, issued), mac)) return undefined;
      if (password !== undefined && now.getTime() - parseInt(issued, 36) > PASSWORD_SESSION_MS) return undefined;
      return id;
    },
    csrfToken: (id) => box.mac('console-csrf', id),
    checkCsrf: (id, token) => token !== undefined && token !== '' && box.verifyMac('console-csrf', id, token),
    checkPassword(given) {
      if (password === undefined) return false;
      // Hashing both sides first keeps the compare constant-time whatever the lengths.
      return timingSafeEqual(sha256(given), sha256(password));
    },
  };
}

/**
 * True for a loopback peer: 127.0.0.0/8, ::1, or IPv4-mapped 127.x. An unknown address (no socket, as on Workers or
 * in `app.request()` without bindings) is not loopback.
 */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase();
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(a);
}
