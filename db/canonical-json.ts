// Canonical JSON (sorted keys, no undefined) so the audit hash of a row can be recomputed from its stored columns.

/** Serialises `value` with object keys sorted recursively; Dates become ISO strings, undefined fields are dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalise(v)));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = normalise(v);
    }
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}
