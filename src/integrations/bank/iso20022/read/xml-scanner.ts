// A streaming XML scanner over raw UTF-8 bytes: tags are found and matched as bytes, and only the text and attributes
// of elements the sink keeps are decoded. Built for 70 MB bank statements, where libxml2 sets the pace.
import { Buffer } from 'node:buffer';
import { Iso20022ReadError } from './read-error.js';
import { isUtf8, NAME_BYTE, NAME_HASH_SEED, NAME_START_BYTE, NameTable, NOT_UTF8, nameHashStep } from './xml-names.js';

/** Receives the elements the scanner reads, in document order. */
export interface XmlSink {
  /**
   * An element opened (local name, attributes by qualified name). Return false to skip it: nothing inside it reaches the
   * sink and its `close` is not called, but it is still checked for well-formedness.
   */
  open(name: string, attrs: Readonly<Record<string, string>>): boolean;
  /** Character data (entities resolved, line ends normalised) directly inside the innermost kept element, in pieces. */
  text(text: string): void;
  /** The innermost kept element closed. */
  close(): void;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const AMP = 0x26;
const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;
const SPACE = 0x20;
const EQUALS = 0x3d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const DASH = 0x2d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/** Text flags gathered while scanning character data. */
const NOT_BLANK = 1;
const HAS_AMP = 2;
const HAS_CR = 4;
const NOT_ASCII = 8;

/** How much of a new chunk is joined to the bytes carried over from the last one. */
const JOIN_BYTES = 1024;

const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const COMMENT_END = Buffer.from('-->');
const CDATA_START = Buffer.from('<![CDATA[');
const CDATA_END = Buffer.from(']]>');
const PI_END = Buffer.from('?>');
const DOCTYPE = Buffer.from('<!DOCTYPE');

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Resolves one entity or character reference body (between `&` and `;`); undefined when it is not one. */
function entity(body: string): string | undefined {
  const named = PREDEFINED[body];
  if (named !== undefined) return named;
  let cp = NaN;
  if (/^#x[0-9a-fA-F]{1,6}$/.test(body)) cp = parseInt(body.slice(2), 16);
  else if (/^#[0-9]{1,7}$/.test(body)) cp = parseInt(body.slice(1), 10);
  return isXmlChar(cp) ? String.fromCodePoint(cp) : undefined;
}

/**
 * Scans XML fed as byte chunks (`write`, then `end`) and reports elements to a sink. Chunks may split anything: tags,
 * entities, UTF-8 characters, the byte order mark. Errors are Iso20022ReadError MALFORMED_XML with line and column.
 * Not supported: DTD entity declarations (a DOCTYPE is skipped), encodings other than UTF-8.
 */
export class XmlScanner {
  private readonly names = new NameTable();
  /** Name ids of the open elements, innermost last. */
  private open = new Int32Array(64);
  private depth = 0;
  /** How many of the innermost open elements are skipped (0: the innermost is kept or there is none). */
  private skipped = 0;
  private rootSeen = false;
  private rootClosed = false;
  private started = false;
  /** Unscanned bytes from earlier chunks (a construct cut by a chunk edge), and chunks waiting to join them. */
  private carry: Buffer | null = null;
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  /** A high surrogate ending the last text chunk. */
  private surrogate = '';
  /** Line (1-based) and characters before the first unscanned byte on that line. */
  private line = 1;
  private column = 0;
  private attrNames: string[] = [];
  /** Where the current scan started in its buffer (line and column are those of this byte). */
  private from = 0;
  /** Name id of the last start tag, and by name id the start tag that followed it last time. */
  private previous = 0;
  private readonly follows: number[] = [];
  private tagAttrs: Record<string, string> = NO_ATTRIBUTES;
  private tagEmpty = false;
  /** Short attribute values (currency codes) are interned: the same string each time makes the lookups keyed by them fast. */
  private readonly values = new NameTable();

  constructor(private readonly sink: XmlSink) {}

  /** Feeds UTF-8 bytes. */
  write(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.feed(bytes);
  }

  /** Feeds text (already decoded): encoded back to UTF-8, a surrogate pair cut by the chunk edge joined first. */
  writeText(chunk: string): void {
    let text = this.surrogate + chunk;
    this.surrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.surrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text.length > 0) this.feed(Buffer.from(text, 'utf8'));
  }

  /** Ends the input: throws when the document is incomplete or there was none. */
  end(): void {
    if (this.surrogate !== '') this.feed(Buffer.from(this.surrogate, 'utf8'));
    const data = this.takeCarry();
    let cut = false;
    if (data !== null) {
      const stop = this.scan(data, 0, true);
      this.advance(data, 0, data.length);
      cut = stop < data.length;
    }
    const at = `line ${this.line}, column ${this.column + 1}`;
    const position = { line: this.line, column: this.column + 1 };
    if (!this.rootSeen && !cut) throw new Iso20022ReadError('MALFORMED_XML', `no XML document: the file ends at ${at} without a root element`, position);
    if (this.depth > 0 || cut) {
      const unclosed = this.depth > 0 ? `<${this.names.qualified[this.open[this.depth - 1] as number]}> is not closed` : undefined;
      const detail = [cut ? 'it stops inside a tag, comment or CDATA section' : undefined, unclosed].filter((s) => s !== undefined).join('; ');
      throw new Iso20022ReadError('MALFORMED_XML', `truncated XML: the file ends at ${at} before the document is complete (${detail})`, position);
    }
  }

  /** Refuses `data[start, end)` unless it is UTF-8. Only ranges holding bytes above 0x7F are checked, once, when scanned. */
  private checkUtf8(data: Buffer, start: number, end: number): void {
    if (isUtf8(data.subarray(start, end))) return;
    // Finds the first character that is not UTF-8, for the position in the message.
    let p = start;
    while (p < end) {
      const b = data[p] as number;
      const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
      if (length === 0 || p + length > end || !isUtf8(data.subarray(p, p + length))) break;
      p += length;
    }
    this.fail(data, p, 'the file is not valid UTF-8 here');
  }

  private feed(bytes: Buffer): void {
    let data: Buffer;
    if (this.carry === null) data = bytes;
    else {
      const carry = this.carry;
      if (this.waiting.length === 0) {
        // The construct cut by the last edge usually ends within a few bytes: it is finished on a small join of the
        // carried bytes and the start of this chunk, and the rest of the chunk is scanned in place, not copied.
        const joined = Buffer.concat([carry, bytes.subarray(0, Math.min(bytes.length, JOIN_BYTES))]);
        this.carry = null;
        const stop = this.scan(joined, 0, false);
        // Anything scanned is done (the sink has seen it): never scanned again.
        if (stop > 0) this.advance(joined, 0, stop);
        if (stop >= carry.length) {
          this.scanFrom(bytes, stop - carry.length);
          return;
        }
        this.carry = stop > 0 ? Buffer.from(carry.subarray(stop)) : carry;
      }
      // A construct longer than what has come so far is retried only once the input doubled: linear, not quadratic.
      this.waiting.push(bytes);
      this.waitingBytes += bytes.length;
      if (this.waitingBytes < this.carry.length) return;
      data = this.takeCarry() as Buffer;
    }
    this.scanFrom(data, 0);
  }

  /** Scans `data` from `from`, keeping what a chunk edge cut for the next chunk. */
  private scanFrom(data: Buffer, from: number): void {
    const stop = this.scan(data, from, false);
    this.advance(data, from, stop);
    // Copied: a few bytes, and the chunk they came from can be collected.
    if (stop < data.length) this.carry = Buffer.from(data.subarray(stop));
  }

  private takeCarry(): Buffer | null {
    const carry = this.carry;
    if (carry === null) return null;
    const data = this.waiting.length === 0 ? carry : Buffer.concat([carry, ...this.waiting]);
    this.carry = null;
    this.waiting = [];
    this.waitingBytes = 0;
    return data;
  }

  /** Moves the line and column past `data[from, to)`. */
  private advance(data: Buffer, from: number, to: number): void {
    let lastLf = -1;
    let lf = data.indexOf(LF, from);
    while (lf !== -1 && lf < to) {
      this.line += 1;
      lastLf = lf;
      lf = data.indexOf(LF, lf + 1);
    }
    this.column = lastLf < 0 ? this.column + characters(data, from, to) : characters(data, lastLf + 1, to);
  }

  /** Throws MALFORMED_XML for `data[at]`; the line and column count from where the current scan started. */
  private fail(data: Buffer, at: number, message: string): never {
    let line = this.line;
    let lastLf = -1;
    const end = Math.min(at, data.length);
    for (let p = this.from; p < end; p++) {
      if (data[p] === LF) {
        line += 1;
        lastLf = p;
      }
    }
    const column = (lastLf < 0 ? this.column + characters(data, this.from, end) : characters(data, lastLf + 1, end)) + 1;
    throw new Iso20022ReadError('MALFORMED_XML', `malformed XML at line ${line}, column ${column}: ${message}`, { line, column });
  }

  /** Scans `data` and returns where it stopped: its length, or the start of a construct that continues in the next chunk. */
  private scan(data: Buffer, from: number, final: boolean): number {
    const n = data.length;
    let i = from;
    this.from = from;
    if (!this.started) {
      if (n < 3 && !final && data[0] === 0xef && (n < 2 || data[1] === 0xbb)) return 0;
      this.started = true;
      if (n >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) i = 3;
    }
    while (i < n) {
      if (data[i] !== LT) {
        // Character data up to the next '<'.
        let j = i;
        let flags = 0;
        while (j < n) {
          const c = data[j] as number;
          if (c > SPACE) {
            if (c === LT) break;
            flags |= c < 0x80 ? (c === AMP ? NOT_BLANK | HAS_AMP : NOT_BLANK) : NOT_BLANK | NOT_ASCII;
          } else if (c === CR) flags |= HAS_CR;
          else if (c !== LF && c !== SPACE && c !== TAB) this.fail(data, j, `character U+${c.toString(16).padStart(4, '0')} is not allowed in XML`);
          j++;
        }
        if (j === n && !final && (flags & (HAS_AMP | NOT_ASCII) || (this.skipped === 0 && this.depth > 0))) return i; // the rest comes later
        this.characters(data, i, j, flags);
        i = j;
        continue;
      }
      if (i + 1 >= n) return i;
      const next = data[i + 1] as number;
      if (next === SLASH) {
        const after = this.endTag(data, i);
        if (after < 0) return i;
        i = after;
      } else if (next === BANG || next === QUESTION) {
        const after = this.markup(data, i, next);
        if (after < 0) return i;
        i = after;
      } else {
        const after = this.startTag(data, i);
        if (after < 0) return i;
        i = after;
      }
    }
    return n;
  }

  /** Character data in `data[start, end)`: handed to the sink inside a kept element, checked elsewhere. */
  private characters(data: Buffer, start: number, end: number, flags: number): void {
    if (this.depth === 0) {
      if (flags & NOT_BLANK) {
        let at = start;
        while (data[at] === SPACE || data[at] === LF || data[at] === TAB || data[at] === CR) at++;
        this.fail(data, at, this.rootSeen ? 'text after the root element' : 'text before the root element');
      }
      return;
    }
    if (flags & NOT_ASCII) this.checkUtf8(data, start, end);
    if (this.skipped > 0) {
      if (flags & HAS_AMP) this.checkReferences(data, start, end);
      return;
    }
    // ASCII (most values: ids, amounts, codes, dates) decodes faster as Latin-1, to the same string.
    let text = flags & NOT_ASCII ? data.toString('utf8', start, end) : HAS_LATIN1_SLICE ? (data as unknown as Latin1Slicer).latin1Slice(start, end) : data.toString('latin1', start, end);
    if (flags & HAS_CR) text = text.replace(/\r\n?/g, '\n');
    if (flags & HAS_AMP) text = this.resolve(text, data, start);
    this.sink.text(text);
  }

  /** Replaces references in `text` (decoded from `data` at `start`); an unknown or unterminated one is an error. */
  private resolve(text: string, data: Buffer, start: number): string {
    let out = '';
    let from = 0;
    let amp = text.indexOf('&');
    while (amp >= 0) {
      const semi = text.indexOf(';', amp + 1);
      const value = semi < 0 || semi - amp > 12 ? undefined : entity(text.slice(amp + 1, semi));
      if (value === undefined) {
        const where = start + Buffer.byteLength(text.slice(0, amp));
        this.fail(data, where, `"${text.slice(amp, semi < 0 || semi - amp > 12 ? amp + 1 : semi + 1)}" is not a known entity or character reference (write & as &amp;)`);
      }
      out += text.slice(from, amp) + value;
      from = semi + 1;
      amp = text.indexOf('&', from);
    }
    return out + text.slice(from);
  }

  /** Checks references in skipped text without decoding it. */
  private checkReferences(data: Buffer, start: number, end: number): void {
    let amp = data.indexOf(AMP, start);
    while (amp >= 0 && amp < end) {
      const semi = data.indexOf(0x3b, amp + 1);
      if (semi < 0 || semi >= end || semi - amp > 12 || entity(data.toString('latin1', amp + 1, semi)) === undefined) {
        this.fail(data, amp, 'an "&" that is not a known entity or character reference (write & as &amp;)');
      }
      amp = data.indexOf(AMP, semi + 1);
    }
  }

  /** `</name>` at `lt`; returns the index after it, or -1 when it continues in the next chunk. */
  private endTag(data: Buffer, lt: number): number {
    const n = data.length;
    // Errors wait for the whole tag, so the message is the same however the input is cut.
    const complete = (): boolean => data.indexOf(GT, lt) >= 0;
    if (this.depth === 0) {
      if (!complete()) return -1;
      this.fail(data, lt, `closing tag ${this.tagText(data, lt)} without an open element`);
    }
    const id = this.open[this.depth - 1] as number;
    const length = this.names.length(id);
    let k = lt + 2 + length;
    if (k >= n) return -1;
    if (!this.names.same(id, data, lt + 2) || NAME_BYTE[data[k] as number] === 1) {
      if (!complete()) return -1;
      this.fail(data, lt, `closing tag ${this.tagText(data, lt)} does not match <${this.names.qualified[id]}>`);
    }
    let c = data[k] as number;
    while (c === SPACE || c === LF || c === TAB || c === CR) {
      if (++k >= n) return -1;
      c = data[k] as number;
    }
    if (c !== GT) this.fail(data, k, `unexpected character in closing tag </${this.names.qualified[id]}>`);
    this.depth -= 1;
    if (this.skipped > 0) this.skipped -= 1;
    else this.sink.close();
    if (this.depth === 0) this.rootClosed = true;
    return k + 1;
  }

  /** The tag at `lt` as written, for error messages. */
  private tagText(data: Buffer, lt: number): string {
    let k = lt + 1;
    while (k < data.length && k - lt < 80 && data[k] !== GT && data[k] !== LT) k++;
    return data.toString('utf8', lt, Math.min(k + 1, data.length));
  }

  /** A start or empty-element tag at `lt`; returns the index after it, or -1 when it continues in the next chunk. */
  private startTag(data: Buffer, lt: number): number {
    const n = data.length;
    let k = lt + 1;
    if (NAME_START_BYTE[data[k] as number] !== 1) this.fail(data, lt, `"<" not followed by an element name (write < as &lt;)`);
    // Documents repeat their tag sequences: the name that followed the previous start tag last time is tried first,
    // byte for byte, before hashing.
    let id = this.follows[this.previous] ?? -1;
    if (id >= 0) {
      const end = k + this.names.length(id);
      if (end < n && NAME_BYTE[data[end] as number] !== 1 && this.names.same(id, data, k)) k = end;
      else id = -1;
    }
    let hash = NAME_HASH_SEED;
    if (id < 0) {
      while (k < n && NAME_BYTE[data[k] as number] === 1) hash = nameHashStep(hash, data[k++] as number);
      if (k >= n) return -1;
    }
    const nameEnd = k;
    let attrs = NO_ATTRIBUTES;
    let empty = false;
    // Most tags are a bare name: attributes, white space and "/>" take the slower path.
    if (data[k] === GT) k += 1;
    else {
      k = this.attributes(data, k);
      if (k < 0) return -1;
      attrs = this.tagAttrs;
      empty = this.tagEmpty;
    }
    // The tag is complete: only now does it change any state.
    if (this.depth === 0 && this.rootClosed) this.fail(data, lt, 'a second root element (a document has exactly one)');
    if (id < 0) {
      id = this.names.intern(data, lt + 1, nameEnd, hash);
      if (id < 0) this.fail(data, lt, id === NOT_UTF8 ? 'the file is not valid UTF-8 here' : 'too many distinct element names');
      this.follows[this.previous] = id;
    }
    this.previous = id;
    this.rootSeen = true;
    if (this.skipped === 0) {
      const kept = this.sink.open(this.names.locals[id] as string, attrs);
      if (empty) {
        if (kept) this.sink.close();
      } else this.push(id, kept);
    } else if (!empty) this.push(id, false);
    if (empty && this.depth === 0) this.rootClosed = true;
    return k;
  }

  /**
   * The attributes and end of a start tag from `k` (just after the name): sets tagAttrs (built only for kept elements)
   * and tagEmpty, returns the index after the tag, or -1 when it continues in the next chunk.
   */
  private attributes(data: Buffer, k: number): number {
    const n = data.length;
    const keep = this.skipped === 0;
    let attrs = NO_ATTRIBUTES;
    let named = 0;
    this.tagEmpty = false;
    for (;;) {
      let c = data[k] as number;
      let spaced = false;
      while (c === SPACE || c === LF || c === TAB || c === CR) {
        spaced = true;
        if (++k >= n) return -1;
        c = data[k] as number;
      }
      if (c === GT) {
        k += 1;
        break;
      }
      if (c === SLASH) {
        if (k + 1 >= n) return -1;
        if (data[k + 1] !== GT) this.fail(data, k, 'expected "/>"');
        this.tagEmpty = true;
        k += 2;
        break;
      }
      // An attribute: name = "value" or 'value'.
      if (!spaced || NAME_START_BYTE[c] !== 1) this.fail(data, k, 'malformed attribute');
      const attrStart = k;
      while (k < n && NAME_BYTE[data[k] as number] === 1) k++;
      const attrEnd = k;
      while (k < n && (data[k] === SPACE || data[k] === LF || data[k] === TAB || data[k] === CR)) k++;
      if (k >= n) return -1;
      if (data[k] !== EQUALS) this.fail(data, k, `attribute ${data.toString('utf8', attrStart, attrEnd)} without "="`);
      k += 1;
      while (k < n && (data[k] === SPACE || data[k] === LF || data[k] === TAB || data[k] === CR)) k++;
      if (k >= n) return -1;
      const quote = data[k] as number;
      if (quote !== DQUOTE && quote !== SQUOTE) this.fail(data, k, `attribute ${data.toString('utf8', attrStart, attrEnd)} value without quotes`);
      // Values are short: one pass finds the closing quote and any '<' or '&'.
      let close = k + 1;
      let amp = false;
      let high = false;
      for (;;) {
        if (close >= n) return -1;
        const v = data[close] as number;
        if (v === quote) break;
        if (v === LT) this.fail(data, close, '"<" inside an attribute value');
        if (v === AMP) amp = true;
        else if (v >= 0x80) high = true;
        close++;
      }
      if (high) this.checkUtf8(data, k + 1, close);
      if (!keep) {
        // An attribute name in a skipped element is not interned; its bytes still have to be UTF-8.
        for (let p = attrStart; p < attrEnd; p++) if ((data[p] as number) >= 0x80) this.checkUtf8(data, attrStart, attrEnd);
      }
      if (keep) {
        if (attrs === NO_ATTRIBUTES) attrs = {};
        let hash = NAME_HASH_SEED;
        for (let p = attrStart; p < attrEnd; p++) hash = nameHashStep(hash, data[p] as number);
        const nameId = this.names.intern(data, attrStart, attrEnd, hash);
        if (nameId < 0) this.fail(data, attrStart, nameId === NOT_UTF8 ? 'the file is not valid UTF-8 here' : 'too many distinct names');
        const name = this.names.qualified[nameId] as string;
        // The names so far, in a scratch list that is overwritten, not emptied (emptying dropped its storage every tag).
        const names = this.attrNames;
        for (let a = 0; a < named; a++) if (names[a] === name) this.fail(data, attrStart, `duplicate attribute ${name}`);
        names[named++] = name;
        attrs[name] = this.attributeValue(data, k + 1, close);
      } else if (amp) this.checkReferences(data, k + 1, close);
      k = close + 1;
      if (k >= n) return -1;
      c = data[k] as number;
      if (c !== SPACE && c !== LF && c !== TAB && c !== CR && c !== GT && c !== SLASH) this.fail(data, k, 'attributes must be separated by white space');
    }
    this.tagAttrs = attrs;
    return k;
  }

  private push(id: number, kept: boolean): void {
    if (this.depth === this.open.length) {
      const bigger = new Int32Array(this.open.length * 2);
      bigger.set(this.open);
      this.open = bigger;
    }
    this.open[this.depth++] = id;
    if (!kept) this.skipped += 1;
  }

  /** An attribute value between its quotes: line ends and white space normalised to spaces, references resolved. */
  private attributeValue(data: Buffer, start: number, end: number): string {
    if (end - start <= 8) {
      let hash = NAME_HASH_SEED;
      let plain = true;
      for (let p = start; p < end; p++) {
        const c = data[p] as number;
        if (c === AMP || c < SPACE || c >= 0x80) plain = false;
        hash = nameHashStep(hash, c);
      }
      const id = plain ? this.values.intern(data, start, end, hash) : -1;
      if (id >= 0) return this.values.qualified[id] as string;
    }
    let value = data.toString('utf8', start, end);
    if (/[\r\n\t]/.test(value)) value = value.replace(/\r\n?|[\n\t]/g, ' ');
    return value.includes('&') ? this.resolve(value, data, start) : value;
  }

  /** Comments, CDATA sections, a DOCTYPE and processing instructions at `lt`; -1 when they continue in the next chunk. */
  private markup(data: Buffer, lt: number, kind: number): number {
    const n = data.length;
    const truncated = -1;
    if (kind === QUESTION) {
      const end = data.indexOf(PI_END, lt + 2);
      if (end < 0) return truncated;
      this.checkUtf8(data, lt, end);
      return end + 2;
    }
    if (lt + 3 >= n) return truncated;
    if (data[lt + 2] === DASH) {
      if (data[lt + 3] !== DASH) this.fail(data, lt, 'malformed comment');
      const end = data.indexOf(COMMENT_END, lt + 4);
      if (end < 0) return truncated;
      this.checkUtf8(data, lt, end);
      return end + 3;
    }
    if (data[lt + 2] === LBRACKET) {
      if (lt + CDATA_START.length > n) return truncated;
      if (!CDATA_START.equals(data.subarray(lt, lt + CDATA_START.length))) this.fail(data, lt, 'malformed CDATA section');
      if (this.depth === 0) this.fail(data, lt, 'a CDATA section outside the root element');
      const end = data.indexOf(CDATA_END, lt + CDATA_START.length);
      if (end < 0) return truncated;
      this.checkUtf8(data, lt, end);
      if (this.skipped === 0) {
        const text = data.toString('utf8', lt + CDATA_START.length, end);
        this.sink.text(text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
      }
      return end + 3;
    }
    if (lt + DOCTYPE.length > n) return truncated;
    if (!DOCTYPE.equals(data.subarray(lt, lt + DOCTYPE.length)) || this.rootSeen) this.fail(data, lt, 'unexpected markup "<!"');
    // Skips the DOCTYPE, its internal subset in brackets, and quoted strings that may hold '>' or ']'.
    let k = lt + DOCTYPE.length;
    let inSubset = false;
    while (k < n) {
      const c = data[k] as number;
      if (c === DQUOTE || c === SQUOTE) {
        const close = data.indexOf(c, k + 1);
        if (close < 0) break;
        k = close;
      } else if (c === LBRACKET) inSubset = true;
      else if (c === RBRACKET) inSubset = false;
      else if (c === GT && !inSubset) {
        this.checkUtf8(data, lt, k);
        return k + 1;
      }
      k++;
    }
    return truncated;
  }
}

type Latin1Slicer = { latin1Slice(start: number, end: number): string };
/** Node's Buffer has latin1Slice (toString('latin1') without the argument checks, a third of the cost on short values); polyfills may not. */
const HAS_LATIN1_SLICE = typeof (Buffer.prototype as unknown as Partial<Latin1Slicer>).latin1Slice === 'function';

/** Characters (not bytes) in `data[start, end)` of UTF-8: every byte that does not continue a multibyte character. */
function characters(data: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let p = start; p < end; p++) if (((data[p] as number) & 0xc0) !== 0x80) count++;
  return count;
}
