// Signed Slack install links: only this service can say which organisation an install is for, and only until expiry.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signInstallLink, verifyInstallLink } from '../../bots/slack/slack.install-link.js';

const SECRET = 'state-secret-state-secret-state-secret';
const now = new Date('2026-11-18T02:00:00Z');
const exp = Math.floor(now.getTime() / 1000) + 3600;
const query = (qs: string) => Object.fromEntries(new URLSearchParams(qs));

describe('Slack install links', () => {
  it('accepts a link it signed and names the organisation', () => {
    expect(verifyInstallLink(SECRET, query(signInstallLink(SECRET, 'acme', exp)), now)).toEqual({ ok: true, value: { org: 'acme' } });
  });

  it('matches an HMAC-SHA256 computed independently over purpose, organisation and expiry', () => {
    const sig = createHmac('sha256', SECRET).update(`slack-install\nacme\n${exp}`).digest('base64url');
    expect(query(signInstallLink(SECRET, 'acme', exp)).sig).toBe(sig);
  });

  it('refuses a link whose organisation was changed, one signed with another secret, and an incomplete one', () => {
    const changed = { ...query(signInstallLink(SECRET, 'acme', exp)), org: 'demo' };
    const r1 = verifyInstallLink(SECRET, changed, now);
    expect(!r1.ok && r1.error.code).toBe('AUTH.BAD_SIGNATURE');
    const r2 = verifyInstallLink(SECRET, query(signInstallLink('another-secret-another-secret-another', 'acme', exp)), now);
    expect(!r2.ok && r2.error.code).toBe('AUTH.BAD_SIGNATURE');
    const r3 = verifyInstallLink(SECRET, { org: 'acme', exp: String(exp) }, now);
    expect(!r3.ok && r3.error.code).toBe('AUTH.BAD_SIGNATURE');
  });

  it('refuses an expired link', () => {
    const r = verifyInstallLink(SECRET, query(signInstallLink(SECRET, 'acme', exp)), new Date((exp + 1) * 1000));
    expect(!r.ok && r.error.code).toBe('AUTH.STALE');
  });
});
