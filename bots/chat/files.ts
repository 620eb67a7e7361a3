// Fetching a file someone sent the bot (a receipt) through the platform's API: the port each platform implements, and
// the capped read every implementation uses, so a file larger than allowed is never held whole in memory.
import type { InboundAttachment, PlatformName } from './inbound.js';

/** The bytes of a fetched file and the type the platform served it as. */
export interface FetchedFile {
  readonly bytes: Uint8Array;
  readonly contentType?: string;
}

/** The file is larger than allowed (said by the platform's Content-Length, or found while reading). */
export class FileTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the file is larger than ${limit} bytes`);
    this.name = 'FileTooLarge';
  }
}

/** Retrying cannot help: the platform refused the file for good (gone, or a URL we may not fetch). */
export class FileRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileRefused';
  }
}

/** What fetching needs besides the attachment: whose it is (Slack picks the workspace's token by it) and the cap. */
export interface FetchContext {
  readonly orgId: string;
  readonly tenant?: string;
  readonly maxBytes: number;
}

/** One platform's way of fetching a file from a message. */
export interface PlatformFiles {
  fetch(attachment: InboundAttachment, ctx: FetchContext): Promise<FetchedFile>;
}

export type PlatformFilesMap = ReadonlyMap<PlatformName, PlatformFiles>;

/** A GET the caller may make (the URL guard applied by whoever supplies it), capped at `maxBytes`. */
export type GuardedGet = (url: string, o: { headers?: Record<string, string>; maxBytes: number }) => Promise<FetchedFile>;

/** Reads a byte stream (Node Readable or web ReadableStream) up to `maxBytes`; more throws FileTooLarge and stops reading. */
export async function readCapped(stream: AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>, maxBytes: number, onAbort?: () => void): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const iterable = Symbol.asyncIterator in stream ? (stream as AsyncIterable<Uint8Array | string>) : webIterable(stream as ReadableStream<Uint8Array>);
  for await (const c of iterable) {
    const chunk = typeof c === 'string' ? new TextEncoder().encode(c) : c;
    size += chunk.byteLength;
    if (size > maxBytes) {
      onAbort?.();
      throw new FileTooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

async function* webIterable(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** A declared Content-Length above the cap refuses the file before any byte is read. */
export function checkDeclaredLength(value: unknown, maxBytes: number): void {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : typeof value === 'number' ? value : undefined;
  if (n !== undefined && n > maxBytes) throw new FileTooLarge(maxBytes);
}
