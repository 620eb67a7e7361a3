// Signed invitation codes: what we signed verifies (also after a key rotation), anything altered or signed by another
// key is FORGED before a byte of it is read, and the code stays short enough for a small QR code.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { siteTag, type InvitationClaims } from '../../../domain/reception/index.js';
import { signInvitation, verifyInvitation } from '../../../src/usecases/reception/invitation-token.js';
import { createSecretBox } from '../../../src/secrets.js';

const key = randomBytes(32);
const box = createSecretBox([key]);
const claims: InvitationClaims = { invitationId: randomBytes(16).toString('base64url'), site: siteTag('site_hq'), notBefore: new Date('2026-12-08T06:00:00Z'), notAfter: new Date('2026-12-08T08:00:00Z') };

describe('a signed invitation code', () => {
  it('is 83 URL-safe characters and verifies to what was signed, also under a rotated key list', () => {
    const t = signInvitation(box, claims);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.value).toMatch(/^[A-Za-z0-9_-]{39}\.[A-Za-z0-9_-]{43}$/);
    expect(verifyInvitation(box, t.value)).toEqual({ ok: true, value: claims });
    expect(verifyInvitation(createSecretBox([randomBytes(32), key]), t.value)).toEqual({ ok: true, value: claims });
  });

  it('is FORGED when any character is changed, or when another key signed it (property)', () => {
    const t = signInvitation(box, claims);
    if (!t.ok) throw new Error('sign failed');
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: t.value.length - 1 }), fc.constantFrom(...chars), (i, ch) => {
        fc.pre(t.value[i] !== '.' && t.value[i] !== ch);
        const altered = t.value.slice(0, i) + ch + t.value.slice(i + 1);
        expect(verifyInvitation(box, altered).ok).toBe(false);
      }),
    );
    const theirs = signInvitation(createSecretBox([randomBytes(32)]), claims);
    expect(theirs.ok && verifyInvitation(box, theirs.value)).toEqual({ ok: false, error: 'FORGED' });
    for (const junk of ['', '.', 'x'.repeat(83), `${'A'.repeat(39)}.${'A'.repeat(43)}`, `${t.value}=`]) expect(verifyInvitation(box, junk)).toEqual({ ok: false, error: 'FORGED' });
  });
});
