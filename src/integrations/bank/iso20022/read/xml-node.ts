// Lookups in small element trees by local names, trimming values the way banks need (padded ids, indented text).
import type { XmlNode } from './xml-tree.js';

/** The first child of `node` named `name`. A plain loop: this runs for every field of every entry. */
function firstChild(node: XmlNode, name: string): XmlNode | undefined {
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) {
    const kid = kids[i] as XmlNode;
    if (kid.name === name) return kid;
  }
  return undefined;
}

/**
 * The first descendant along the path `a`, `b`, `c`, `d` (each step the first child of that name), or undefined; no
 * step returns `node` itself. Fixed parameters, not a rest array: no allocation per lookup.
 */
export function child(node: XmlNode | undefined, a?: string, b?: string, c?: string, d?: string): XmlNode | undefined {
  let at = node;
  if (at === undefined || a === undefined) return at;
  at = firstChild(at, a);
  if (at === undefined || b === undefined) return at;
  at = firstChild(at, b);
  if (at === undefined || c === undefined) return at;
  at = firstChild(at, c);
  if (at === undefined || d === undefined) return at;
  return firstChild(at, d);
}

/** Every child of `node` named `name`. */
export function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Every node reached along `path`, following all children of each name (e.g. all NtryDtls/TxDtls), in document order. */
export function all(node: XmlNode | undefined, ...path: string[]): XmlNode[] {
  const out: XmlNode[] = [];
  if (node) collect(node, path, 0, out);
  return out;
}

function collect(node: XmlNode, path: readonly string[], step: number, out: XmlNode[]): void {
  if (step === path.length) {
    out.push(node);
    return;
  }
  const name = path[step];
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) {
    const kid = kids[i] as XmlNode;
    if (kid.name === name) collect(kid, path, step + 1, out);
  }
}

/** The first node `all(node, ...path)` would return, without building the list. */
export function first(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  return node ? firstFrom(node, path, 0) : undefined;
}

function firstFrom(node: XmlNode, path: readonly string[], step: number): XmlNode | undefined {
  if (step === path.length) return node;
  const name = path[step];
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) {
    const kid = kids[i] as XmlNode;
    if (kid.name === name) {
      const found = firstFrom(kid, path, step + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The trimmed text of `node` itself; '' when blank. (The scanner decodes each text on its own: no value holds on to an input chunk.) */
export function ownText(node: XmlNode): string {
  return node.text.trim();
}

/** The trimmed text along `path`; undefined when the element is missing or blank. */
export function text(node: XmlNode | undefined, a?: string, b?: string, c?: string, d?: string): string | undefined {
  const target = child(node, a, b, c, d);
  const value = target === undefined ? undefined : ownText(target);
  return value === undefined || value === '' ? undefined : value;
}

/** A code written either directly (`<Sts>INFO</Sts>`, v02 style) or wrapped (`<Sts><Cd>BOOK</Cd></Sts>`, v08+). */
export function codeOf(node: XmlNode | undefined): string | undefined {
  return text(node, 'Cd') ?? text(node, 'Prtry') ?? text(node);
}

/** `Dt` or `DtTm` inside a date choice (`BookgDt`, `ValDt`, `Bal/Dt`), as written. */
export function dateOf(node: XmlNode | undefined): string | undefined {
  return text(node, 'Dt') ?? text(node, 'DtTm');
}

/** An account id: IBAN, else `Othr/Id`. */
export function accountIdOf(acct: XmlNode | undefined): { iban?: string; other?: string } {
  const iban = text(acct, 'Id', 'IBAN');
  const other = text(acct, 'Id', 'Othr', 'Id');
  return { ...(iban !== undefined && { iban }), ...(other !== undefined && { other }) };
}
