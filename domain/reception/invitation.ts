// What a visitor's invitation code says, and whether it lets them in here and now. The code is compact (it goes in a
// QR code a phone camera must read at a gate), carries no personal data (a random invitation id, the site, the
// window), and is signed at the edge (src/usecases/reception/invitation-token.ts); this part is pure: the bytes, the
// window with its grace, and the site it is bound to.
import { domainError, err, ok, type Result } from '../shared/index.js';

/** What an invitation code carries. */
export interface InvitationClaims {
  /** 16 random bytes, base64url (22 characters): names the invitation, guesses nothing. */
  readonly invitationId: string;
  /** The site's tag (`siteTag`): a code for one site does not open another's gate. */
  readonly site: number;
  /** The visit's window, whole minutes (the code is valid from `notBefore - grace` to `notAfter + grace`). */
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Why a code does not let its bearer in (the page says so in words). */
export type InvitationRefusal = 'MALFORMED' | 'NOT_YET' | 'EXPIRED' | 'WRONG_SITE';

const VERSION = 1;
/** version (1) + invitation id (16) + site (4) + not before (4) + not after (4), minutes since the epoch as uint32. */
const LENGTH = 29;

/**
 * A site's tag: FNV-1a over its id, 32 bits. Not a secret (the signature protects the code); it only binds a code to
 * its site without writing the site's id into it.
 */
const utf8 = new TextEncoder();

export function siteTag(siteId: string): number {
  let h = 0x811c9dc5;
  for (const byte of utf8.encode(siteId)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const minutes = (d: Date) => Math.floor(d.getTime() / 60_000);

/** The claims as the code's bytes. */
export function encodeInvitation(c: InvitationClaims): Result<Uint8Array> {
  const id = base64urlBytes(c.invitationId);
  if (!id || id.length !== 16) return err(domainError('VALIDATION.INVALID', 'an invitation id is 16 bytes, base64url'));
  const from = minutes(c.notBefore);
  const until = Math.ceil(c.notAfter.getTime() / 60_000);
  if (!(from >= 0 && until <= 0xffffffff && until > from)) return err(domainError('VALIDATION.INVALID', 'an invitation window ends after it starts'));
  const out = new Uint8Array(LENGTH);
  const view = new DataView(out.buffer);
  out[0] = VERSION;
  out.set(id, 1);
  view.setUint32(17, c.site >>> 0);
  view.setUint32(21, from);
  view.setUint32(25, until);
  return ok(out);
}

/** The claims of a code's bytes; MALFORMED for anything else (another version, another length). */
export function decodeInvitation(bytes: Uint8Array): Result<InvitationClaims, InvitationRefusal> {
  if (bytes.length !== LENGTH || bytes[0] !== VERSION) return err('MALFORMED');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const from = view.getUint32(21);
  const until = view.getUint32(25);
  if (until <= from) return err('MALFORMED');
  return ok({ invitationId: bytesBase64url(bytes.subarray(1, 17)), site: view.getUint32(17), notBefore: new Date(from * 60_000), notAfter: new Date(until * 60_000) });
}

/**
 * Whether the code lets its bearer in at `site` at `now`: within the visit's window widened by `graceMinutes` on each
 * side (people come early and meetings run late), and only at its own site.
 */
export function admits(c: InvitationClaims, at: { site: number; now: Date; graceMinutes: number }): Result<true, InvitationRefusal> {
  if (c.site !== at.site >>> 0) return err('WRONG_SITE');
  const grace = at.graceMinutes * 60_000;
  if (at.now.getTime() < c.notBefore.getTime() - grace) return err('NOT_YET');
  if (at.now.getTime() > c.notAfter.getTime() + grace) return err('EXPIRED');
  return ok(true);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Bytes as base64url without padding (the domain has no Buffer). */
export function bytesBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** base64url (no padding) as bytes; undefined for anything that is not. */
export function base64urlBytes(s: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((s.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (const ch of s) {
    acc = (acc << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero: otherwise two strings would decode to the same bytes (a code with two spellings).
  if ((acc & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}
