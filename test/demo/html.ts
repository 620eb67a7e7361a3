// The one way the demo report builds HTML: a tagged template that escapes every interpolated value unless it is
// already Html, so no string reaches the page unescaped by accident.

/** A fragment of HTML that is safe to place as is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values. */
export const escapeText = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

function piece(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(piece).join('');
  if (v === undefined || v === null || v === false) return '';
  return escapeText(String(v));
}

/** `h\`<p>${text}</p>\``: interpolations are escaped, Html passes through, arrays are joined, empty values vanish. */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += piece(v) + strings[i + 1]!));
  return new Html(out);
}

/**
 * Marks markup as safe without escaping. Only for HTML the product itself escaped (the console's served card, the
 * product's HTML renderer) and for the report's own constant stylesheet.
 */
export const trusted = (markup: string): Html => new Html(markup);

/**
 * A small inline Markdown subset used by the transcripts (`code`, **bold**, *italic*): the text is escaped first and
 * the markers become tags afterwards, so markers cannot smuggle markup in.
 */
export function inlineMarkdown(text: string): Html {
  const escaped = escapeText(text);
  const out = escaped
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?!\w)/g, '$1<em>$2</em>');
  return new Html(out);
}
