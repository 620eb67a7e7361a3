// Streaming camt.053 / camt.054 reader: entries are handed out as they close, so a 100,000-entry file stays small in memory.
import type { BankStatement, Entry, StatementHeader, StatementKind } from '../../../../../domain/payment/statement.js';
import { readEntry } from './camt-entry.js';
import type { EntryFields } from './camt-entry-fields.js';
import { EntryReader } from './camt-entry-reader.js';
import { readStatementHeader } from './camt-statement.js';
import { identifyMessage } from './message-kind.js';
import { Iso20022ReadError } from './read-error.js';
import { text } from './xml-node.js';
import { streamXmlBatches, type StreamOptions, type XmlInput } from './xml-tree.js';

/** What `readStatementEvents` yields: each entry as soon as it is read, then its statement's header when the statement closes. */
export type StatementEvent =
  | { readonly type: 'entry'; readonly statementIndex: number; readonly entry: Entry }
  | { readonly type: 'statement'; readonly statementIndex: number; readonly header: StatementHeader; readonly entryCount: number };

/** Statement blocks: `Stmt` in camt.053, `Ntfctn` in camt.054 (path Document/<message>/<block>). */
const BLOCKS = new Set(['Stmt', 'Ntfctn']);

function isEntry(path: readonly string[]): boolean {
  return path.length === 4 && path[3] === 'Ntry' && BLOCKS.has(path[2] ?? '');
}

/**
 * Statement blocks and the group header are handed out as element trees when they close; entries are read straight
 * from the scanner into the fields readEntry maps (no tree: 100,000 entries are most of a large file's work).
 */
function statementStream(): StreamOptions<EntryFields> {
  const entries = new EntryReader();
  return {
    detach: (path) => path.length === 3 && (BLOCKS.has(path[2] ?? '') || path[2] === 'GrpHdr'),
    read: (path) => (isEntry(path) ? entries.start() : undefined),
  };
}

/**
 * Reads a camt.053 or camt.054 document as a stream of events, holding at most one entry tree at a time.
 * Elements are matched by local name, so any namespace (none, ISO, Swiss SIX) and versions .02 to .10 are read.
 * Throws Iso20022ReadError for malformed or truncated XML (line and column), another kind of document,
 * or an entry whose amount or direction cannot be read; nothing is yielded after an error.
 */
export async function* readStatementEvents(input: XmlInput): AsyncGenerator<StatementEvent> {
  let kind: StatementKind | undefined;
  let version = '';
  let messageId = '';
  let statementIndex = 0;
  let entryCount = 0;
  for await (const events of streamXmlBatches(input, statementStream())) {
    for (const event of events) {
      if (event.type === 'start') {
        const found = identifyMessage(event.root, event.message, ['camt.053', 'camt.054']);
        kind = found.kind === 'camt.054' ? 'camt.054' : 'camt.053';
        version = found.version;
      } else if (event.type === 'read' && kind !== undefined) {
        entryCount += 1;
        const statement = statementIndex + 1;
        const number = entryCount;
        const entry = readEntry(event.value, () => `statement ${statement}, entry ${number}`);
        yield { type: 'entry', statementIndex, entry };
      } else if (event.type === 'element' && kind !== undefined) {
        const name = event.path[event.path.length - 1];
        if (name === 'GrpHdr') messageId = text(event.node, 'MsgId') ?? '';
        else {
          const header = readStatementHeader(event.node, kind, version, messageId, `statement ${statementIndex + 1}`);
          yield { type: 'statement', statementIndex, header, entryCount };
          statementIndex += 1;
          entryCount = 0;
        }
      } else if (event.type === 'end' && kind === undefined) {
        throw new Iso20022ReadError('WRONG_DOCUMENT', `not an ISO 20022 camt.053 or camt.054 document: <${event.root.name}> has no message element`);
      }
    }
  }
}

/**
 * Reads a camt.053 or camt.054 document and yields each statement (or notification) with its entries, one at a time.
 * Only one statement's entries are held; for very large statements prefer `readStatementEvents`.
 * Same errors as `readStatementEvents`.
 */
export async function* readStatements(input: XmlInput): AsyncGenerator<BankStatement> {
  let entries: Entry[] = [];
  for await (const event of readStatementEvents(input)) {
    if (event.type === 'entry') entries.push(event.entry);
    else {
      yield { ...event.header, entries };
      entries = [];
    }
  }
}
