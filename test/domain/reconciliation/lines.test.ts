// Statement lines as the import holds them: built with repeated days, names and amounts shared, they are the same
// lines (and reconcile the same) as built one by one; the shared values are one object each, and only so many are kept.
import { describe, expect, it } from 'vitest';
import { entryLines, reconcile, sharedValues, statementLines, type OpenPayment } from '../../../domain/reconciliation/index.js';
import { readStatements } from '../../../src/integrations/bank/iso20022/read/index.js';
import type { BankStatement } from '../../../domain/payment/index.js';
import { generateScenario } from '../../fakes/bank/recon-scenario.js';

const statementOf = async (xml: string): Promise<BankStatement> => {
  for await (const s of readStatements([xml])) return s;
  throw new Error('no statement');
};

describe('statement lines', () => {
  it('are the same lines with shared values as without, and reconcile the same', async () => {
    const s = generateScenario({ payments: 600, seed: 9 });
    const stmt = await statementOf(s.xml);
    const alone = stmt.entries.flatMap((e, i) => entryLines(e, i));
    const shared = statementLines(stmt);
    expect(shared).toEqual(alone);
    const payments: OpenPayment[] = s.payments.map((p) => ({ id: p.id, endToEndId: p.endToEndId, reference: p.endToEndId, amount: { minor: p.amountMinor, currency: p.currency }, date: p.date, counterparty: { name: p.name }, batchRefs: ['MSG-SCENARIO', `PMI-${p.id}`] }));
    expect(reconcile(shared, payments)).toEqual(reconcile(alone, payments));
    // Repeated days, names and amounts are one value for all the lines that carry them.
    const byDay = new Map(shared.filter((l) => l.date).map((l) => [l.date, l]));
    for (const l of shared) if (l.date) expect(l.date).toBe(byDay.get(l.date)!.date);
    const sameAmount = shared.filter((l) => l.amount?.minor === shared[0]!.amount!.minor && l.amount.currency === shared[0]!.amount!.currency);
    expect(sameAmount.length).toBeGreaterThan(1);
    for (const l of sameAmount) expect(l.amount).toBe(shared[0]!.amount);
  });

  it('share texts and amounts up to the limit, then keep the values as given', () => {
    const share = sharedValues(2);
    const a = share.text(['2026', '11', '20'].join('-'));
    expect(share.text(['2026', '11', '20'].join('-'))).toBe(a);
    const m = { minor: 100, currency: 'EUR' };
    expect(share.money({ minor: 100, currency: 'EUR' })).toBe(share.money(m));
    expect(share.money({ minor: 100, currency: 'USD' })).not.toBe(m);
    share.text('b');
    share.text('c');
    const late = { minor: 300, currency: 'EUR' };
    expect(share.money(late)).toBe(late);
    expect(share.money({ minor: 300, currency: 'EUR' })).not.toBe(late);
    expect(share.text('c')).toBe('c');
  });
});
