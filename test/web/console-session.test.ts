import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../src/secrets.js';
import { consoleSessions, isLoopback, PASSWORD_SESSION_MS } from '../../src/web/console-session.js';

const box = createSecretBox([randomBytes(32)]);
const now = new Date('2026-12-02T08:00:00Z');

describe('console sessions', () => {
  it('reads back the session it started and refuses a changed cookie', () => {
    const s = consoleSessions(box, undefined);
    const { id, cookie } = s.start(now);
    expect(s.read(cookie, now)).toBe(id);
    const [sid, issued, mac] = cookie.split('.');
    expect(s.read(`${sid}x.${issued}.${mac}`, now)).toBeUndefined();
    const other = mac!.endsWith('A') ? 'B' : 'A';
    expect(s.read(`${sid}.${issued}.${mac!.slice(0, -1)}${other}`, now)).toBeUndefined();
    expect(s.read(undefined, now)).toBeUndefined();
  });

  it('ends password sessions after 12 hours and when the password changes', () => {
    const s = consoleSessions(box, 'first password');
    const { id, cookie } = s.start(now);
    expect(s.read(cookie, new Date(now.getTime() + PASSWORD_SESSION_MS - 1000))).toBe(id);
    expect(s.read(cookie, new Date(now.getTime() + PASSWORD_SESSION_MS + 1000))).toBeUndefined();
    expect(consoleSessions(box, 'second password').read(cookie, now)).toBeUndefined();
  });

  it('binds CSRF tokens to one session', () => {
    const s = consoleSessions(box, undefined);
    const a = s.start(now);
    const b = s.start(now);
    expect(s.checkCsrf(a.id, s.csrfToken(a.id))).toBe(true);
    expect(s.checkCsrf(a.id, s.csrfToken(b.id))).toBe(false);
    expect(s.checkCsrf(a.id, '')).toBe(false);
    expect(s.checkCsrf(a.id, undefined)).toBe(false);
  });

  it('checks the password, and has none to check without one', () => {
    expect(consoleSessions(box, 'secret words').checkPassword('secret words')).toBe(true);
    expect(consoleSessions(box, 'secret words').checkPassword('secret word')).toBe(false);
    expect(consoleSessions(box, undefined).checkPassword('')).toBe(false);
  });

  it('counts only loopback addresses as this machine', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '1127.0.0.1', '', undefined].map(isLoopback)).toEqual([false, false, false, false, false]);
  });
});
