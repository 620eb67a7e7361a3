// A visitor's invitation code as it travels (in the SMS link and the QR code): the claims' 29 bytes, base64url, and an
// HMAC-SHA256 under the service's key for this purpose only (rotated keys still verify). The signature is checked
// before anything is read from the code, so a forged or altered code learns nothing, not even whether it was close.
import { decodeInvitation, encodeInvitation, bytesBase64url, base64urlBytes, type InvitationClaims, type InvitationRefusal } from '../../../domain/reception/index.js';
import type { Result } from '../../../domain/shared/index.js';
import { err, ok } from '../../../domain/shared/index.js';
import type { SecretBox } from '../../secrets.js';

const PURPOSE = 'visit-invitation';
/** 39 characters of claims, a dot, 43 of signature. */
const TOKEN = /^[A-Za-z0-9_-]{39}\.[A-Za-z0-9_-]{43}$/;

/** `<claims>.<signature>`, 83 URL-safe characters. */
export function signInvitation(box: SecretBox, claims: InvitationClaims): Result<string> {
  const bytes = encodeInvitation(claims);
  if (!bytes.ok) return bytes;
  const body = bytesBase64url(bytes.value);
  return ok(`${body}.${box.mac(PURPOSE, body)}`);
}

/** The claims of a code signed by us; `FORGED` for one that is not (altered, made up, or signed with another key). */
export function verifyInvitation(box: SecretBox, token: string): Result<InvitationClaims, InvitationRefusal | 'FORGED'> {
  if (!TOKEN.test(token)) return err('FORGED');
  const [body, mac] = token.split('.') as [string, string];
  if (!box.verifyMac(PURPOSE, body, mac)) return err('FORGED');
  const bytes = base64urlBytes(body);
  return bytes ? decodeInvitation(bytes) : err('FORGED');
}
