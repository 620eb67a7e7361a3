// Element names interned by their UTF-8 bytes, so the scanner compares tags as bytes and decodes each name once per file.
import * as nodeBuffer from 'node:buffer';
import { Buffer } from 'node:buffer';

const strict = new TextDecoder('utf-8', { fatal: true });
/** node:buffer's isUtf8 (Node 18.14+), else a strict decode (polyfilled Buffers). */
export const isUtf8: (bytes: Uint8Array) => boolean =
  typeof (nodeBuffer as { isUtf8?: unknown }).isUtf8 === 'function'
    ? (nodeBuffer as unknown as { isUtf8: (b: Uint8Array) => boolean }).isUtf8
    : (b) => {
        try {
          strict.decode(b);
          return true;
        } catch {
          return false;
        }
      };

/** Bytes allowed in a name after its first byte: ASCII letters, digits, `-` `.` `_` `:`, and any byte of a multibyte character. */
export const NAME_BYTE = new Uint8Array(256);
/** Bytes allowed as the first byte of a name: letters, `_` `:` and any multibyte lead byte. */
export const NAME_START_BYTE = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  const letter = (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
  const start = letter || b === 0x5f || b === 0x3a || b >= 0x80;
  NAME_START_BYTE[b] = start ? 1 : 0;
  NAME_BYTE[b] = start || (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2e ? 1 : 0;
}

/**
 * The same text as a string V8 keeps in its table of unique strings (property keys are). The mappers compare names
 * with literals ('Amt', 'Ntry') millions of times: two unique strings compare by pointer, a decoded one by content.
 */
function internalized(s: string): string {
  return Object.keys({ [s]: 0 })[0] ?? s;
}

/** FNV-1a offset basis; the scanner folds each name byte in with `nameHashStep`. */
export const NAME_HASH_SEED = 0x811c9dc5 | 0;

/** One step of FNV-1a over a name byte. */
export function nameHashStep(hash: number, byte: number): number {
  return Math.imul(hash ^ byte, 0x01000193);
}

/** What `intern` returns for a new name whose bytes are not UTF-8. */
export const NOT_UTF8 = -2;

/** More distinct names than any real ISO 20022 file has (a few hundred); beyond it a file is refused, not parsed at any memory cost. */
export const MAX_NAMES = 100_000;

/**
 * Open-addressing table from a qualified name's bytes to a small id. Per id it keeps the bytes (to match end tags
 * byte for byte), the qualified name and the local name (prefix dropped: namespaces vary between banks and versions).
 */
export class NameTable {
  private slots = new Int32Array(1024);
  private pool = new Uint8Array(4096);
  private poolUsed = 0;
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  /** Local names by id. */
  readonly locals: string[] = [];
  /** Qualified names (as written, with any prefix) by id. */
  readonly qualified: string[] = [];

  /**
   * The id of the name in `bytes[start, end)` whose FNV-1a hash is `hash`, added when new; -1 when the table is full,
   * NOT_UTF8 when a new name is not UTF-8 (checked once per name: later occurrences match these bytes exactly).
   */
  intern(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot] as number;
      if (entry === 0) break;
      const id = entry - 1;
      if (this.lengths[id] === length && this.same(id, bytes, start)) return id;
      slot = (slot + 1) & mask;
    }
    if (this.locals.length >= MAX_NAMES) return -1;
    const raw = Buffer.from(bytes.buffer, bytes.byteOffset + start, length);
    if (!isUtf8(raw)) return NOT_UTF8;
    const id = this.locals.length;
    if (this.poolUsed + length > this.pool.length) {
      const bigger = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + length));
      bigger.set(this.pool.subarray(0, this.poolUsed));
      this.pool = bigger;
    }
    this.pool.set(bytes.subarray(start, end), this.poolUsed);
    this.starts.push(this.poolUsed);
    this.lengths.push(length);
    this.poolUsed += length;
    const name = internalized(raw.toString('utf8'));
    const colon = name.indexOf(':');
    this.qualified.push(name);
    this.locals.push(colon < 0 ? name : internalized(name.slice(colon + 1)));
    this.slots[slot] = id + 1;
    if (this.locals.length * 2 > this.slots.length) this.grow();
    return id;
  }

  /** The byte length of name `id`. */
  length(id: number): number {
    return this.lengths[id] as number;
  }

  /** Whether `bytes` from `start` hold name `id` (the caller checks there are enough bytes). */
  same(id: number, bytes: Uint8Array, start: number): boolean {
    const pool = this.pool;
    let p = this.starts[id] as number;
    const end = p + (this.lengths[id] as number);
    let q = start;
    while (p < end) if (pool[p++] !== bytes[q++]) return false;
    return true;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.locals.length; id++) {
      let hash = NAME_HASH_SEED;
      const start = this.starts[id] as number;
      const end = start + (this.lengths[id] as number);
      for (let p = start; p < end; p++) hash = nameHashStep(hash, this.pool[p] as number);
      let slot = hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}
