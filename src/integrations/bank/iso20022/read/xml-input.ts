// The chunks the XML scanner reads: a file stream that has not started is read with synchronous reads instead.
import { Buffer } from 'node:buffer';
import { closeSync, openSync, readSync, ReadStream } from 'node:fs';

/** Bytes or text, e.g. a Node Readable, a web stream reader adapted to async iteration, or an array of chunks. */
export type XmlInput = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** Bytes per synchronous read: the size of a file stream's chunk, small enough for each batch of events to die young. */
const READ_BYTES = 64 * 1024;

/** Bytes read synchronously before the event loop gets a turn, so a server parsing a large file still answers. */
const BYTES_PER_TURN = 1024 * 1024;

/** ReadStream fields Node sets from the `start` / `end` options (not in its typings). */
interface FileRange {
  start?: number;
  end?: number;
}

/**
 * The file behind `input` when it is an `fs.createReadStream(path)` still opening and nobody has read from (bytes, no
 * encoding set): it can be read directly. A stream given an `fd`, already open, or read from is read through its
 * own iterator.
 */
function untouchedFile(input: XmlInput): { path: string; start: number; end: number } | undefined {
  if (!(input instanceof ReadStream)) return undefined;
  const range = input as unknown as FileRange;
  const path = input.path;
  const untouched =
    typeof path === 'string' && input.pending && input.bytesRead === 0 && input.readableLength === 0 && input.readableFlowing === null &&
    input.readableEncoding === null && !input.destroyed && !input.readableEnded;
  if (!untouched || typeof path !== 'string') return undefined;
  return { path, start: range.start ?? 0, end: range.end ?? Infinity };
}

/**
 * A file read in 64 KB chunks with `readSync`. Streaming a file through `createReadStream` costs a thread-pool round
 * trip per chunk: for a 70 MB statement that was a fifth of the parse time spent waiting, for reads that take
 * milliseconds in all when synchronous. Still streaming: one chunk at a time, never the whole file.
 */
async function* readFileChunks(file: { path: string; start: number; end: number }): AsyncGenerator<Uint8Array> {
  const fd = openSync(file.path, 'r');
  try {
    let position = file.start;
    let sinceTurn = 0;
    while (position <= file.end) {
      // A fresh buffer per chunk: the scanner may keep a chunk while a construct spans several.
      const buffer = Buffer.allocUnsafe(Math.min(READ_BYTES, file.end - position + 1));
      const n = readSync(fd, buffer, 0, buffer.length, position);
      if (n === 0) return;
      position += n;
      yield n === buffer.length ? buffer : buffer.subarray(0, n);
      sinceTurn += n;
      if (sinceTurn >= BYTES_PER_TURN) {
        sinceTurn = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The chunks of `input`, asking for the next one before handing out the current one: a stream reads the next chunk
 * while this one is scanned, instead of the scanner waiting for each read in turn.
 */
async function* readAhead(input: XmlInput): AsyncGenerator<Uint8Array | string> {
  const iterator: AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string> =
    Symbol.asyncIterator in input ? input[Symbol.asyncIterator]() : input[Symbol.iterator]();
  let done = false;
  try {
    let next = iterator.next();
    for (;;) {
      const result = await next;
      if (result.done) {
        done = true;
        return;
      }
      next = iterator.next();
      // A read that fails while this chunk is scanned is reported when awaited, not as an unhandled rejection.
      if (next instanceof Promise) next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    if (!done) {
      try {
        await iterator.return?.();
      } catch {
        // Closing the input after an error or an early stop: the error that stopped the scan is the one to report.
      }
    }
  }
}

/** The chunks of `input` in order: a file stream not yet read from is read synchronously (and the stream closed), the rest as given. */
export function inputChunks(input: XmlInput): AsyncIterable<Uint8Array | string> {
  const file = untouchedFile(input);
  if (file === undefined) return readAhead(input);
  // The stream opened its own descriptor (or is opening it): closed unread, its open error (if any) is ours to report.
  (input as ReadStream).on('error', () => undefined).destroy();
  return readFileChunks(file);
}
