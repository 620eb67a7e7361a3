// Lookups in small element trees by local names, trimming values the way banks need (padded ids, indented text).
import type { XmlNode } from './xml-tree.js';

/** The first descendant along `path` (each step the first child of that name), or undefined. */
export function child(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let at = node;
  for (const name of path) {
    if (!at) return undefined;
    const kids = at.children;
    at = undefined;
    // A plain loop: this runs for every field of every entry.
    for (let i = 0; i < kids.length; i++) {
      if (kids[i]?.name === name) {
        at = kids[i];
        break;
      }
    }
  }
  return at;
}

/** Every child of `node` named `name`. */
export function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Every node reached along `path`, following all children of each name (e.g. all NtryDtls/TxDtls). */
export function all(node: XmlNode | undefined, ...path: string[]): XmlNode[] {
  let level = node ? [node] : [];
  for (const name of path) {
    const next: XmlNode[] = [];
    for (const n of level) for (const c of n.children) if (c.name === name) next.push(c);
    level = next;
  }
  return level;
}

/**
 * A copy of `s` that does not share memory with the text it was cut from. saxes hands out slices of the 64 KB input
 * chunks, and V8 keeps a whole chunk alive for every slice of 13 characters or more that survives: a 100,000-entry
 * statement would keep the entire document in memory through its remittance lines.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : `${s} `.slice(0, -1);
}

/** The trimmed text of `node` itself, detached from the input; '' when blank. */
export function ownText(node: XmlNode): string {
  return detached(node.text.trim());
}

/** The trimmed text along `path`; undefined when the element is missing or blank. */
export function text(node: XmlNode | undefined, ...path: string[]): string | undefined {
  const target = child(node, ...path);
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
