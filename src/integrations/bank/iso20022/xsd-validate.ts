// Validates ISO 20022 documents against the official XSDs beside this file, in process (libxml2 compiled to
// WebAssembly: no xmllint or system package needed). Each schema is compiled once and kept for the process lifetime.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ErrorDetail, XmlDocument, XsdValidator } from 'libxml2-wasm';

/** The ISO 20022 messages whose schemas ship in `./xsd/` (file name = schema name + `.xsd`). */
export type IsoSchema =
  | 'pain.001.001.03'
  | 'pain.001.001.09'
  | 'camt.053.001.02'
  | 'camt.053.001.04'
  | 'camt.053.001.08'
  | 'camt.054.001.02'
  | 'camt.054.001.08';

type Libxml = typeof import('libxml2-wasm');

/** One compiled schema. The schema document stays alive with its validator: libxml2 may point into it. */
interface Compiled {
  readonly validator: XsdValidator;
  readonly schemaDoc: XmlDocument;
}

// The wasm module is loaded on first use, not at import, so that code importing this file (the writer, routes)
// does not pay for instantiating libxml2 until a file is actually validated.
let libxmlPromise: Promise<Libxml> | undefined;
const loadLibxml = (): Promise<Libxml> => (libxmlPromise ??= import('libxml2-wasm'));

const compiled = new Map<IsoSchema, Promise<Compiled>>();

/** Compiles `schema` once; a failed compilation is not cached so that a fixed file can be retried. */
function compiledSchema(schema: IsoSchema): Promise<Compiled> {
  let p = compiled.get(schema);
  if (!p) {
    p = (async () => {
      const lib = await loadLibxml();
      // Resolved beside this module: the XSDs are data files next to the code, not a shared folder.
      const bytes = await readFile(fileURLToPath(new URL(`./xsd/${schema}.xsd`, import.meta.url)));
      const schemaDoc = lib.XmlDocument.fromBuffer(bytes);
      try {
        return { validator: lib.XsdValidator.fromDoc(schemaDoc), schemaDoc };
      } catch (e) {
        schemaDoc.dispose();
        throw e;
      }
    })();
    compiled.set(schema, p);
    p.catch(() => compiled.delete(schema));
  }
  return p;
}

/** Drops the `{urn:iso:std:iso:20022:tech:xsd:…}` prefix libxml2 puts before every element name: noise to a reader. */
const stripNamespaces = (message: string): string => message.replace(/\{urn:iso:std:iso:20022:tech:xsd:[^}]*\}/g, '');

/** One readable line per libxml2 diagnostic: `line 12: Element 'Cdtr': Missing child element(s)…`. */
function formatDetails(details: readonly ErrorDetail[], fallback: string): string[] {
  const lines = details.map((d) => `line ${d.line}: ${stripNamespaces(d.message.trim())}`);
  return lines.length > 0 ? lines : [stripNamespaces(fallback)];
}

/**
 * Validates `xml` against the official XSD of `schema`. Never throws for a bad document: malformed XML and schema
 * violations come back as `{ ok: false, errors }` with one line per problem (line number + message). Throws only
 * when the schema itself cannot be loaded (a packaging bug).
 */
export async function validateXml(schema: IsoSchema, xml: string): Promise<{ ok: true } | { ok: false; errors: string[] }> {
  const { validator } = await compiledSchema(schema);
  const lib = await loadLibxml();
  let doc: XmlDocument;
  try {
    // From bytes rather than a string: libxml2-wasm's fromString refuses an encoding declaration other than UTF-8
    // spelled its way, and bytes also keep a leading BOM harmless.
    doc = lib.XmlDocument.fromBuffer(Buffer.from(xml, 'utf8'));
  } catch (e) {
    if (e instanceof lib.XmlLibError) return { ok: false, errors: formatDetails(e.details, e.message) };
    return { ok: false, errors: [e instanceof Error ? e.message : String(e)] };
  }
  try {
    validator.validate(doc);
    return { ok: true };
  } catch (e) {
    if (e instanceof lib.XmlLibError) return { ok: false, errors: formatDetails(e.details, e.message) };
    throw e;
  } finally {
    doc.dispose();
  }
}
