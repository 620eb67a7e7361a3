// Reads one camt `Ntry` straight from the scanner into EntryFields, following the NTRY steps: no element tree is built.
import {
  BATCH, ENTRY, KEEP_LIST, KEEP_NODE, KEEP_NOTHING, NTRY, OPEN_BATCH, OPEN_TX, TX,
  type EntryFields, type Step, type TxFields,
} from './camt-entry-fields.js';
import type { ElementReader, XmlNode } from './xml-tree.js';

/** Amount nodes have no children: one shared empty list (never appended to). */
const NO_CHILDREN: XmlNode[] = [];

/**
 * Receives the `Ntry` element (its own `open` first) and everything inside it, and fills EntryFields the way the
 * lookups of `readEntry` would read the element tree: a step that is not `many` is followed only at its first
 * occurrence under its parent, a name with no step is skipped whole. A new reader per entry.
 */
export class EntryReader implements ElementReader<EntryFields> {
  private readonly fields: EntryFields = { values: [], batch: undefined, transactions: [] };
  /** By depth (the `Ntry` at 0): the step, the child steps already seen (bits), the text and attributes so far. */
  private readonly steps: Step[] = [];
  private readonly seen: number[] = [];
  private readonly texts: string[] = [];
  private readonly attrs: Readonly<Record<string, string>>[] = [];
  private depth = -1;
  private tx: TxFields | undefined;

  open(name: string, attrs: Readonly<Record<string, string>>): boolean {
    const depth = this.depth;
    let step: Step | undefined;
    if (depth < 0) step = NTRY;
    else {
      step = (this.steps[depth] as Step).children[name];
      if (step === undefined) return false;
      const seen = this.seen[depth] as number;
      if (!step.many && (seen & step.bit) !== 0) return false;
      this.seen[depth] = seen | step.bit;
      if (step.open === OPEN_TX) {
        this.tx = { values: [], unstructured: [], references: [] };
        this.fields.transactions.push(this.tx);
      } else if (step.open === OPEN_BATCH) {
        if (this.fields.batch !== undefined) return false;
        this.fields.batch = [];
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
