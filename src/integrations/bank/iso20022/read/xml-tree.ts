// Streams XML into small element trees: elements chosen by path are handed out whole and dropped, so memory stays flat.
import { Iso20022ReadError } from './read-error.js';
import { inputChunks, type XmlInput } from './xml-input.js';
import { XmlScanner, type XmlSink } from './xml-scanner.js';

/** An element by local name (prefix dropped: namespaces vary between banks and versions). */
export interface XmlNode {
  readonly name: string;
  /** Attributes by qualified name (`Ccy`, `xmlns`, `xmlns:ns`). */
  readonly attrs: Readonly<Record<string, string>>;
  /** Child elements in document order (one shared empty array until the first child). */
  children: XmlNode[];
  /** Concatenated character data directly inside the element (not trimmed; blank runs before any other text dropped). */
  text: string;
}

export type { XmlInput };

/** Reads one element chosen by `StreamOptions.read` from scanner callbacks (its own `open` first), instead of a tree. */
export interface ElementReader<R> extends XmlSink {
  /** The element closed: what was read. */
  finish(): R;
}

/** What the streamer reports, in document order (`R`: what element readers return). */
export type XmlEvent<R = never> =
  /** The root element and its first child opened (enough to know the message kind). */
  | { readonly type: 'start'; readonly root: XmlNode; readonly message: string }
  /** An element chosen by `detach` closed: it is not kept in its parent. */
  | { readonly type: 'element'; readonly path: readonly string[]; readonly node: XmlNode }
  /** An element chosen by `read` closed: what its reader returned. */
  | { readonly type: 'read'; readonly path: readonly string[]; readonly value: R }
  /** The document ended well-formed; `root` holds whatever was not detached. */
  | { readonly type: 'end'; readonly root: XmlNode };

/** How the streamer chooses what to hand out and what to build. */
export interface StreamOptions<R = never> {
  /** Asked as each built element closes (path = local names from the root, the element last): yes hands it out alone. */
  detach(path: readonly string[]): boolean;
  /**
   * Asked as each element opens outside a pruned subtree: a set of local names means only descendants with those
   * names are built (the rest are scanned, checked and skipped whole). Lets a reader build just the fields it maps.
   */
  prune?(path: readonly string[]): ReadonlySet<string> | undefined;
  /**
   * Asked as each element below the message element opens outside a pruned or read subtree: a reader receives that
   * element and everything in it (nothing is built), and what it returns is handed out when the element closes.
   */
  read?(path: readonly string[]): ElementReader<R> | undefined;
}

const NO_CHILDREN: XmlNode[] = [];

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/** Builds the element trees from scanner callbacks and queues the events. */
class TreeBuilder<R> implements XmlSink {
  readonly stack: XmlNode[] = [];
  readonly path: string[] = [];
  queue: XmlEvent<R>[] = [];
  root: XmlNode | undefined;
  /** Names built inside the pruned subtree, and the depth of its top element (-1: not inside one). */
  private keep: ReadonlySet<string> | undefined;
  private prunedAt = -1;
  /** The reader of the element being read, and how many of its elements are open (0: none is being read). */
  private reader: ElementReader<R> | undefined;
  private readDepth = 0;
  private lastReadPath: readonly string[] = [];

  constructor(private readonly options: StreamOptions<R>) {}

  /** Small, so the scanner's call inlines it: most elements of a large file are inside a read element. */
  open(name: string, attrs: Readonly<Record<string, string>>): boolean {
    if (this.readDepth === 0) return this.build(name, attrs);
    if (!(this.reader as ElementReader<R>).open(name, attrs)) return false;
    this.readDepth += 1;
    return true;
  }

  private build(name: string, attrs: Readonly<Record<string, string>>): boolean {
    if (this.keep !== undefined && !this.keep.has(name)) return false;
    if (this.keep === undefined && this.options.read && this.stack.length > 1) {
      this.path.push(name);
      const reader = this.options.read(this.path);
      if (reader !== undefined && reader.open(name, attrs)) {
        this.reader = reader;
        this.readDepth = 1;
        return true;
      }
      this.path.pop();
    }
    const node: XmlNode = { name, attrs, children: NO_CHILDREN, text: '' };
    this.stack.push(node);
    this.path.push(name);
    const depth = this.stack.length;
    if (depth === 1) this.root = node;
    else if (depth === 2 && this.root) this.queue.push({ type: 'start', root: this.root, message: name });
    if (this.keep === undefined && this.options.prune) {
      const keep = this.options.prune(this.path);
      if (keep !== undefined) {
        this.keep = keep;
        this.prunedAt = depth;
      }
    }
    return true;
  }

  text(text: string): void {
    if (this.readDepth > 0) {
      (this.reader as ElementReader<R>).text(text);
      return;
    }
    const top = this.stack[this.stack.length - 1];
    // Blank runs before any text are dropped (values are trimmed, and containers stay small).
    if (top !== undefined && (top.text !== '' || !isBlank(text))) top.text += text;
  }

  close(): void {
    if (this.readDepth === 0) this.closeBuilt();
    else {
      (this.reader as ElementReader<R>).close();
      this.readDepth -= 1;
      if (this.readDepth === 0) this.readDone();
    }
  }

  private readDone(): void {
    this.queue.push({ type: 'read', path: this.readPath(), value: (this.reader as ElementReader<R>).finish() });
    this.reader = undefined;
    this.path.pop();
  }

  /** A copy of the path, shared with the last read element when it is the same (every entry of a statement). */
  private readPath(): readonly string[] {
    const path = this.path;
    const last = this.lastReadPath;
    let same = last.length === path.length;
    for (let i = 0; same && i < path.length; i++) same = last[i] === path[i];
    if (same) return last;
    this.lastReadPath = Object.freeze([...path]);
    return this.lastReadPath;
  }

  private closeBuilt(): void {
    const path = this.path;
    const node = this.stack.pop() as XmlNode;
    if (this.prunedAt === path.length) {
      this.keep = undefined;
      this.prunedAt = -1;
    }
    if (this.options.detach(path)) this.queue.push({ type: 'element', path: [...path], node });
    else {
      const parent = this.stack[this.stack.length - 1];
      if (parent !== undefined) {
        // Whitespace between child elements is dropped from containers so large headers stay small.
        if (node.children.length > 0 && node.text !== '' && isBlank(node.text)) node.text = '';
        if (parent.children === NO_CHILDREN) parent.children = [node];
        else parent.children.push(node);
      }
    }
    path.pop();
  }
}

/**
 * Scans `input` (bytes or text) and yields the events of each chunk together, in document order (one await per chunk,
 * not per event); see StreamOptions for what is built and handed out. The last batch ends with the `end` event.
 * Throws Iso20022ReadError on malformed or truncated XML (with line and column) or bytes that are not UTF-8;
 * a UTF-8 byte order mark is skipped.
 */
export async function* streamXmlBatches<R = never>(input: XmlInput, options: StreamOptions<R>): AsyncGenerator<readonly XmlEvent<R>[]> {
  const builder = new TreeBuilder(options);
  const scanner = new XmlScanner(builder);
  for await (const chunk of inputChunks(input)) {
    if (typeof chunk === 'string') scanner.writeText(chunk);
    else scanner.write(chunk);
    if (builder.queue.length > 0) {
      const events = builder.queue;
      builder.queue = [];
      yield events;
    }
  }
  scanner.end();
  if (!builder.root) throw new Iso20022ReadError('MALFORMED_XML', 'the file holds no XML element');
  const last = builder.queue;
  last.push({ type: 'end', root: builder.root });
  yield last;
}

/** The events of `streamXmlBatches` one by one. */
export async function* streamXml<R = never>(input: XmlInput, options: StreamOptions<R>): AsyncGenerator<XmlEvent<R>> {
  for await (const events of streamXmlBatches(input, options)) yield* events;
}
