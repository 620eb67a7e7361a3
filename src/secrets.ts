// AES-256-GCM for secrets at rest (webhook signing secrets now, bank accounts later); the key id travels with the cipher text.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(box: string): string;
}

/** A box over one 32-byte key; the key id is the first 8 hex chars of its sha256, so rotated keys can coexist. */
export function createSecretBox(keys: Buffer[]): SecretBox {
  if (keys.length === 0 || keys.some((k) => k.length !== 32)) throw new Error('secret box needs 32-byte keys');
  const byId = new Map(keys.map((k) => [createHash('sha256').update(k).digest('hex').slice(0, 8), k]));
  const [currentId] = byId.keys() as IterableIterator<string>;
  const current = byId.get(currentId!)!;
  return {
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
