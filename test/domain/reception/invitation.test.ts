// Invitation codes as bytes: a round trip for any claims, nothing else decodes, and the window with its grace and the
// site decide whether the bearer gets in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admits, base64urlBytes, bytesBase64url, decodeInvitation, encodeInvitation, siteTag, type InvitationClaims } from '../../../domain/reception/index.js';

const claims = (over: Partial<InvitationClaims> = {}): InvitationClaims => ({
  invitationId: 'AAECAwQFBgcICQoLDA0ODw',
  site: siteTag('site_shanghai_hq'),
  notBefore: new Date('2026-12-08T06:00:00Z'),
  notAfter: new Date('2026-12-08T08:00:00Z'),
  ...over,
});

describe('an invitation code', () => {
  it('is 29 bytes for any claims and reads back as written (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 30_000_000 }), fc.integer({ min: 1, max: 100_000 }), (id, site, start, length) => {
        const c = claims({ invitationId: bytesBase64url(id), site, notBefore: new Date(start * 60_000), notAfter: new Date((start + length) * 60_000) });
        const bytes = encodeInvitation(c);
        expect(bytes.ok).toBe(true);
        if (!bytes.ok) return;
        expect(bytes.value.length).toBe(29);
        expect(decodeInvitation(bytes.value)).toEqual({ ok: true, value: c });
      }),
    );
  });

  it('holds no personal data: only the random id, the site tag and the window', () => {
    const bytes = encodeInvitation(claims());
    expect(bytes.ok && Buffer.from(bytes.value).toString('latin1')).not.toMatch(/site_shanghai|[a-z]{4,}/);
  });

  it('refuses bytes of another length or version, and a window that ends before it starts', () => {
    const bytes = encodeInvitation(claims());
    if (!bytes.ok) throw new Error('encode failed');
    expect(decodeInvitation(bytes.value.subarray(0, 28))).toEqual({ ok: false, error: 'MALFORMED' });
    const other = Uint8Array.from(bytes.value);
    other[0] = 2;
    expect(decodeInvitation(other)).toEqual({ ok: false, error: 'MALFORMED' });
    expect(encodeInvitation(claims({ notAfter: new Date('2026-12-08T05:00:00Z') })).ok).toBe(false);
    expect(encodeInvitation(claims({ invitationId: 'short' })).ok).toBe(false);
  });

  it('admits its bearer at its site in the window widened by the grace, and says why not otherwise', () => {
    const c = claims();
    const at = (iso: string, site = c.site) => admits(c, { site, now: new Date(iso), graceMinutes: 30 });
    expect(at('2026-12-08T05:30:00Z')).toEqual({ ok: true, value: true });
    expect(at('2026-12-08T08:30:00Z')).toEqual({ ok: true, value: true });
    expect(at('2026-12-08T05:29:59Z')).toEqual({ ok: false, error: 'NOT_YET' });
    expect(at('2026-12-08T08:30:01Z')).toEqual({ ok: false, error: 'EXPIRED' });
    expect(at('2026-12-08T07:00:00Z', siteTag('site_beijing'))).toEqual({ ok: false, error: 'WRONG_SITE' });
  });
});

describe('base64url', () => {
  it('round-trips any bytes and matches Node’s encoding (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const s = bytesBase64url(b);
        expect(s).toBe(Buffer.from(b).toString('base64url'));
        expect(base64urlBytes(s)).toEqual(b);
      }),
    );
  });

  it('refuses other characters and a second spelling of the same bytes', () => {
    expect(base64urlBytes('AB+/')).toBeUndefined();
    expect(base64urlBytes('A')).toBeUndefined();
    // "AB" and "AC" would both decode to 0x00 if the leftover bits were ignored.
    expect(base64urlBytes('AA')).toEqual(Uint8Array.of(0));
    expect(base64urlBytes('AB')).toBeUndefined();
  });
});
