// Where receipt files live: the port, and the local-disk store (the default). Keys are checked so that no key can
// leave the store's directory; files are written atomically (temp file + rename).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface StoredObject {
  key: string;
  size: number;
  sha256: string;
}

export interface ReceiptStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<StoredObject>;
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | undefined>;
  delete?(key: string): Promise<void>;
}

/** Keys are `<org>/<line>/<receipt>` style paths of safe characters; anything that could escape is refused. */
export function checkKey(key: string): string {
  if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(key) || key.split('/').some((p) => p === '.' || p === '..')) throw new Error(`unsafe storage key: ${JSON.stringify(key)}`);
  return key;
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function localReceiptStore(dir: string): ReceiptStore {
  const root = path.resolve(dir);
  const fileOf = (key: string) => path.join(root, ...checkKey(key).split('/'));
  return {
    async put(key, bytes, contentType) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(tmp, bytes);
      await writeFile(`${file}.meta.json`, JSON.stringify({ contentType }));
      await rename(tmp, file);
      return { key, size: bytes.length, sha256: sha256(bytes) };
    },
    async get(key) {
      const file = fileOf(key);
      try {
        const [bytes, meta] = await Promise.all([readFile(file), readFile(`${file}.meta.json`, 'utf8')]);
        return { bytes: new Uint8Array(bytes), contentType: (JSON.parse(meta) as { contentType: string }).contentType };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async delete(key) {
      const file = fileOf(key);
      await Promise.all([rm(file, { force: true }), rm(`${file}.meta.json`, { force: true })]);
    },
  };
}
