// CSV as spreadsheets and importers read it (RFC 4180): fields with a comma, a quote or a line break are quoted and
// their quotes doubled, records end in CRLF. Text that a spreadsheet would run as a formula (a leading =, +, -, @, or
// a tab or carriage return that some programs skip before one) is neutralised with a leading apostrophe, so a
// visitor who calls their company "=HYPERLINK(…)" exports as text. Numbers are written as they are.

/** One cell: text (neutralised and quoted as needed), a number (written as is), or empty. */
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe for spreadsheets: a leading apostrophe before what would start a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field as RFC 4180 writes it. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new Error(`a CSV number must be finite, got ${cell}`);
    return String(cell);
  }
  const safe = neutraliseFormula(cell);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * A whole document: the header row, then one record per row, each ended by CRLF. `forSpreadsheet` starts it with a
 * byte order mark: Excel reads a UTF-8 file without one in the system's code page, and Chinese names come out garbled.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], opts: { forSpreadsheet?: boolean } = {}): string {
  return (opts.forSpreadsheet ? '\uFEFF' : '') + [header, ...rows].map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}
