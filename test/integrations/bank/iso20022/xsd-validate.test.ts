// XSD validation in process: a bank's published pain.001 passes, broken variants fail with readable, located errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXml } from '../../../../src/integrations/bank/iso20022/xsd-validate.js';

// ING's published pain.001.001.03 sample (jasperkrijgsman/dutch-sepa-iso20022, MIT), byte for byte.
const ing = readFileSync(new URL('../../../fixtures/iso20022/dutchsepa-ing-pain001v03.xml', import.meta.url), 'utf8');

describe('validateXml', () => {
  it('accepts a bank-published pain.001.001.03 file', async () => {
    expect(await validateXml('pain.001.001.03', ing)).toEqual({ ok: true });
  });

  it('refuses a file missing a required element and names the element with its line', async () => {
    const broken = ing.replace(/<PmtMtd>TRF<\/PmtMtd>\s*/, '');
    const r = await validateXml('pain.001.001.03', broken);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors.join('\n')).toMatch(/^line \d+: .*PmtMtd/m);
    // The namespace noise libxml2 adds is stripped from element names.
    expect(r.errors.join('\n')).not.toContain('{urn:iso');
  });

  it('refuses a value that breaks a facet (EndToEndId longer than 35 characters)', async () => {
    const r = await validateXml('pain.001.001.03', ing.replace('E2EID001', 'E'.repeat(36)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toContain('EndToEndId');
  });

  it('refuses a document of another version (the namespace decides)', async () => {
    const r = await validateXml('pain.001.001.09', ing);
    expect(r.ok).toBe(false);
  });

  it('reports malformed XML as errors instead of throwing', async () => {
    const r = await validateXml('pain.001.001.03', ing.slice(0, 400));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^line \d+: /);
  });

  it('accepts a file starting with a UTF-8 byte-order mark', async () => {
    expect(await validateXml('pain.001.001.03', `\uFEFF${ing}`)).toEqual({ ok: true });
  });

  it('loads every shipped schema', async () => {
    // A valid pain.001 is invalid against each camt schema, which proves each schema compiled and ran.
    for (const s of ['camt.053.001.02', 'camt.053.001.04', 'camt.053.001.08', 'camt.054.001.02', 'camt.054.001.08'] as const) {
      const r = await validateXml(s, ing);
      expect(r.ok, s).toBe(false);
    }
  });
});
