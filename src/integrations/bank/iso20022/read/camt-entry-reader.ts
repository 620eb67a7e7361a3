// Reads one camt `Ntry` straight from the scanner into EntryFields, following the NTRY steps: no element tree is built.
import {
  B, BATCH, E, ENTRY, KEEP_LIST, KEEP_NODE, KEEP_NOTHING, NTRY, OPEN_BATCH, OPEN_TX, T, TX,
  type EntryFields, type Step, type TxFields,
} from './camt-entry-fields.js';
import type { ElementReader, XmlNode } from './xml-tree.js';

/** Value arrays are made at their full length: filled out of order, they would otherwise grow several times. */
const ENTRY_VALUES = Object.keys(E).length;
const BATCH_VALUES = Object.keys(B).length;
const TX_VALUES = Object.keys(T).length;

function newEntry(): EntryFields {
  return { values: new Array<undefined>(ENTRY_VALUES), batch: undefined, transactions: [] };
}

/** Amount nodes have no children: one shared empty list (never appended to). */
const NO_CHILDREN: XmlNode[] = [];
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

/** Deeper than the deepest step (`Ntry/NtryDtls/TxDtls/RltdPties/DbtrAcct/Id/Othr/Id`): unknown names are skipped, so no deeper. */
const MAX_DEPTH = 12;

/**
 * Receives the `Ntry` element (its own `open` first) and everything inside it, and fills EntryFields the way the
 * lookups of `readEntry` would read the element tree: a step that is not `many` is followed only at its first
 * occurrence under its parent, a name with no step is skipped whole. One reader per parse, `start`ed for each entry.
 */
export class EntryReader implements ElementReader<EntryFields> {
  private fields: EntryFields = newEntry();
  /** By depth (the `Ntry` at 0): the step, the child steps already seen (bits), the text and attributes so far. */
  private readonly steps: Step[] = new Array<Step>(MAX_DEPTH).fill(NTRY);
  private readonly seen: number[] = new Array<number>(MAX_DEPTH).fill(0);
  private readonly texts: string[] = new Array<string>(MAX_DEPTH).fill('');
  private readonly attrs: Readonly<Record<string, string>>[] = new Array<Readonly<Record<string, string>>>(MAX_DEPTH).fill(NO_ATTRIBUTES);
  private depth = -1;
  private tx: TxFields | undefined;

  /** Ready for the next entry (the fields of the last one are handed out, not reused). */
  start(): this {
    this.fields = newEntry();
    this.depth = -1;
    this.tx = undefined;
    return this;
  }

  open(name: string, attrs: Readonly<Record<string, string>>): boolean {
    const depth = this.depth;
    let step: Step | undefined;
    if (depth < 0) step = NTRY;
    else {
      step = (this.steps[depth] as Step).children.get(name);
      if (step === undefined) return false;
      const seen = this.seen[depth] as number;
      if (!step.many && (seen & step.bit) !== 0) return false;
      this.seen[depth] = seen | step.bit;
      if (step.open === OPEN_TX) {
        this.tx = { values: new Array<undefined>(TX_VALUES), unstructured: [], references: [] };
        this.fields.transactions.push(this.tx);
      } else if (step.open === OPEN_BATCH) {
        if (this.fields.batch !== undefined) return false;
        this.fields.batch = new Array<undefined>(BATCH_VALUES);
      }
    }
    const at = depth + 1;
    this.depth = at;
    this.steps[at] = step;
    this.seen[at] = 0;
    this.texts[at] = '';
    this.attrs[at] = attrs;
    return true;
  }

  text(text: string): void {
    const at = this.depth;
    if ((this.steps[at] as Step).keep !== KEEP_NOTHING) this.texts[at] += text;
  }

  close(): void {
    const at = this.depth;
    const step = this.steps[at] as Step;
    this.depth = at - 1;
    if (step.keep === KEEP_NOTHING) return;
    const text = this.texts[at] as string;
    this.texts[at] = '';
    if (step.keep === KEEP_LIST) {
      const tx = this.tx as TxFields;
      (step.field === 0 ? tx.unstructured : tx.references).push(text);
      return;
    }
    const value: string | XmlNode =
      step.keep === KEEP_NODE ? { name: 'Amt', attrs: this.attrs[at] as Readonly<Record<string, string>>, children: NO_CHILDREN, text } : text;
    if (step.record === ENTRY) this.fields.values[step.field] = value;
    else if (step.record === TX) (this.tx as TxFields).values[step.field] = value;
    else if (step.record === BATCH && typeof value === 'string') (this.fields.batch as (string | undefined)[])[step.field] = value;
  }

  finish(): EntryFields {
    return this.fields;
  }
}
