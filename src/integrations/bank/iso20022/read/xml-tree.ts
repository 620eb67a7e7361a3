// Streams XML into small element trees: elements chosen by path are handed out whole and dropped, so memory stays flat.
import { SaxesParser } from 'saxes';
import { Iso20022ReadError } from './read-error.js';

/** An element by local name (prefix dropped: namespaces vary between banks and versions). */
export interface XmlNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlNode[];
  /** Concatenated character data directly inside the element (not trimmed). */
  text: string;
}

/** Bytes or text, e.g. a Node Readable, a web stream reader adapted to async iteration, or an array of chunks. */
export type XmlInput = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** What the streamer reports, in document order. */
export type XmlEvent =
  /** The root element and its first child opened (enough to know the message kind). */
  | { readonly type: 'start'; readonly root: XmlNode; readonly message: string }
  /** An element chosen by `detach` closed: it is not kept in its parent. */
  | { readonly type: 'element'; readonly path: readonly string[]; readonly node: XmlNode }
  /** The document ended well-formed; `root` holds whatever was not detached. */
  | { readonly type: 'end'; readonly root: XmlNode };

const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

function malformed(parser: SaxesParser, error: unknown): Iso20022ReadError {
  const raw = error instanceof Error ? error.message : String(error);
  // saxes prefixes "line:column: "; the position is restated in our own words.
  const detail = raw.replace(/^\d+:\d+:\s*/, '');
  const position = { line: parser.line, column: parser.column };
  return new Iso20022ReadError('MALFORMED_XML', `malformed XML at line ${position.line}, column ${position.column}: ${detail}`, position);
}

/**
 * Parses `input` with saxes and yields events. `detach(path)` is asked as each element closes (path = local names from
 * the root, the element last); when it says yes the element is yielded and not attached to its parent.
 * Throws Iso20022ReadError on malformed or truncated XML (with line and column) or undecodable UTF-8;
 * a UTF-8 byte order mark is skipped.
 */
export async function* streamXml(input: XmlInput, detach: (path: readonly string[]) => boolean): AsyncGenerator<XmlEvent> {
  const parser = new SaxesParser({ position: true });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stack: XmlNode[] = [];
  const path: string[] = [];
  const queue: XmlEvent[] = [];
  let root: XmlNode | undefined;
  let firstText = true;

  parser.on('opentag', (tag) => {
    // Most elements have no attributes: they share one empty record (millions of elements in a large statement).
    let attrs: Record<string, string> = NO_ATTRIBUTES;
    for (const name in tag.attributes) {
      if (attrs === NO_ATTRIBUTES) attrs = {};
      const value = tag.attributes[name];
      if (value !== undefined) attrs[name] = typeof value === 'string' ? value : value.value;
    }
    const node: XmlNode = { name: localName(tag.name), attrs, children: [], text: '' };
    stack.push(node);
    path.push(node.name);
    if (stack.length === 1) root = node;
    if (stack.length === 2 && root) queue.push({ type: 'start', root, message: node.name });
  });
  parser.on('text', (text) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  });
  parser.on('cdata', (text) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  });
  parser.on('closetag', () => {
    const node = stack.pop();
    if (!node) return;
    if (detach(path)) queue.push({ type: 'element', path: [...path], node });
    else {
      const parent = stack[stack.length - 1];
      // Whitespace between child elements is dropped from containers so large headers stay small.
      if (parent) parent.children.push(node.children.length > 0 && node.text.trim() === '' ? { ...node, text: '' } : node);
    }
    path.pop();
  });

  const feed = (text: string): void => {
    let chunk = text;
    if (firstText && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1); // a BOM in text input (bytes lose it in the decoder)
      firstText = false;
    }
    try {
      parser.write(chunk);
    } catch (error) {
      throw malformed(parser, error);
    }
  };

  for await (const chunk of input) {
    if (typeof chunk === 'string') feed(chunk);
    else {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new Iso20022ReadError('MALFORMED_XML', `the file is not valid UTF-8 (near line ${parser.line})`);
      }
      feed(text);
    }
    while (queue.length > 0) yield queue.shift() as XmlEvent;
  }
  try {
    feed(decoder.decode());
  } catch (error) {
    if (error instanceof Iso20022ReadError) throw error;
    throw new Iso20022ReadError('MALFORMED_XML', `the file ends inside a UTF-8 character (line ${parser.line})`);
  }
  try {
    parser.close();
  } catch (error) {
    // Errors at the end mean the text stopped early (a cut download) or there was no document at all.
    const e = malformed(parser, error);
    const at = `line ${parser.line}, column ${parser.column}`;
    if (!root) throw new Iso20022ReadError('MALFORMED_XML', `no XML document: the file ends at ${at} without a root element`, e.position);
    throw new Iso20022ReadError('MALFORMED_XML', `truncated XML: the file ends at ${at} before the document is complete (${e.message.replace(/^.*?: /, '')})`, e.position);
  }
  while (queue.length > 0) yield queue.shift() as XmlEvent;
  if (!root) throw new Iso20022ReadError('MALFORMED_XML', 'the file holds no XML element');
  yield { type: 'end', root };
}
