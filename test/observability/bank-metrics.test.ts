// The bank side of /metrics: a statement imported is counted once, with its transactions left open (nothing in this
// fixture pays one of our payments); importing it again counts nothing.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStatements } from '../../src/integrations/bank/iso20022/read/index.js';
import { importStatement } from '../../src/usecases/payments/statement-import.js';
import type { BankStatement } from '../../domain/payment/index.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { parseExposition, valueOf } from './obs-app.js';

let t: TestApp;
let metrics: Metrics;
beforeAll(async () => {
  t = await testApp();
  metrics = createMetrics({ processMetrics: false });
});
afterAll(() => t.close());

const FILE = readFileSync(new URL('../fixtures/iso20022/camt053_v04_CH_PostFinance.xml', import.meta.url), 'utf8');
const first = async (xml: string): Promise<BankStatement> => {
  for await (const s of readStatements([xml])) return s;
  throw new Error('no statement');
};

describe('bank statements in /metrics', () => {
  it('counts a statement imported and its transactions matched or left open, once', async () => {
    const s = await first(FILE);
    const r = await importStatement({ ...t.deps, metrics }, 'demo', 'dac_pf', s, 'pf-85.xml');
    expect(r.ok).toBe(true);
    const imported = r.ok ? r.value : undefined;
    await importStatement({ ...t.deps, metrics }, 'demo', 'dac_pf', s, 'pf-85-again.xml');
    const x = parseExposition((await metrics.render()).body);
    expect(valueOf(x, 'spendbot_bank_statements_imported_total')).toBe(1);
    expect(valueOf(x, 'spendbot_reconciliation_lines_total', { result: 'open' }) ?? 0).toBe(imported!.open);
    expect(valueOf(x, 'spendbot_reconciliation_lines_total', { result: 'matched' }) ?? 0).toBe(imported!.settled + imported!.returned);
    expect(imported!.open).toBeGreaterThan(0);
  });
});
