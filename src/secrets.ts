// AES-256-GCM for secrets at rest (webhook signing secrets now, bank accounts later); the key id travels with the cipher text.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(box: string): string;
  /** HMAC-SHA256 of `data` under a subkey for `purpose` (base64url), with the current key. */
  mac(purpose: string, data: string): string;
  /** True when `mac` was made by `mac(purpose, data)` with any of the box's keys (constant-time compare). */
  verifyMac(purpose: string, data: string, mac: string): boolean;
}

/** A box over one 32-byte key; the key id is the first 8 hex chars of its sha256, so rotated keys can coexist. */
export function createSecretBox(keys: Buffer[]): SecretBox {
  if (keys.length === 0 || keys.some((k) => k.length !== 32)) throw new Error('secret box needs 32-byte keys');
  const byId = new Map(keys.map((k) => [createHash('sha256').update(k).digest('hex').slice(0, 8), k]));
  const [currentId] = byId.keys() as IterableIterator<string>;
  const current = byId.get(currentId!)!;
  // One subkey per purpose, so a MAC made for card buttons can never pass as anything else.
  const subkeys = new Map<string, Buffer[]>();
  const subkeysFor = (purpose: string) => {
    let list = subkeys.get(purpose);
    if (!list) {
      list = [current, ...[...byId.values()].filter((k) => k !== current)].map((k) => Buffer.from(hkdfSync('sha256', k, Buffer.alloc(0), `spendbot:${purpose}`, 32)));
      subkeys.set(purpose, list);
    }
    return list;
  };
  const macWith = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest('base64url');
  return {
    mac: (purpose, data) => macWith(subkeysFor(purpose)[0]!, data),
    verifyMac(purpose, data, mac) {
      const given = Buffer.from(mac);
      return subkeysFor(purpose).some((k) => {
        const want = Buffer.from(macWith(k, data));
        return want.length === given.length && timingSafeEqual(want, given);
      });
    },
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', current, iv);
      const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', currentId, iv.toString('base64'), c.getAuthTag().toString('base64'), data.toString('base64')].join(':');
    },
    decrypt(box) {
      const [v, keyId, iv, tag, data] = box.split(':');
      const key = keyId ? byId.get(keyId) : undefined;
      if (v !== 'v1' || !key || !iv || !tag || data === undefined) throw new Error('cannot decrypt: unknown key or format');
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      d.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(data, 'base64')), d.final()]).toString('utf8');
    },
  };
}

/** Shows the last four characters only: for logs and cards. */
export function mask(value: string, visible = 4): string {
  if (value.length <= visible) return '*'.repeat(value.length);
  return `${'*'.repeat(Math.min(8, value.length - visible))}${value.slice(-visible)}`;
}
