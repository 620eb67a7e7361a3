// Reception standards: a visit's estimate against the ceilings for its level, per person or per event, only for the
// types it chose.
import { describe, expect, it } from 'vitest';
import { checkReception, DEFAULT_RECEPTION_STANDARDS, ReceptionStandardsSchema } from '../../../domain/reception/index.js';

describe('checking a reception against the standards', () => {
  it('counts per-person ceilings for the whole party and per-event ones once, and names each excess', () => {
    // Standard visitors, 4 people: meals 4 × ¥200 = ¥800 allowed, transport ¥500 per event.
    const r = checkReception(DEFAULT_RECEPTION_STANDARDS, { meal: 96_000, transport: 30_000, visit: 0 }, 'standard', 4);
    expect(r).toEqual({ ok: true, value: { totalMinor: 126_000, currency: 'CNY', violations: [{ type: 'meal', basis: 'per_person', limitMinor: 80_000, estimateMinor: 96_000, overMinor: 16_000 }] } });
  });

  it('gives a VIP party more, and refuses alcohol for a standard one', () => {
    expect(checkReception(DEFAULT_RECEPTION_STANDARDS, { meal: 96_000 }, 'vip', 4)).toMatchObject({ ok: true, value: { violations: [] } });
    const r = checkReception(DEFAULT_RECEPTION_STANDARDS, { alcohol: 1 }, 'standard', 2);
    expect(r.ok && r.value.violations).toEqual([{ type: 'alcohol', basis: 'per_event', limitMinor: 0, estimateMinor: 1, overMinor: 1 }]);
  });

  it('refuses a negative or fractional estimate and a party of nobody', () => {
    expect(checkReception(DEFAULT_RECEPTION_STANDARDS, { meal: -1 }, 'standard', 1)).toMatchObject({ ok: false, error: { code: 'MONEY.INVALID_AMOUNT' } });
    expect(checkReception(DEFAULT_RECEPTION_STANDARDS, { gift: 10.5 }, 'standard', 1)).toMatchObject({ ok: false, error: { code: 'MONEY.INVALID_AMOUNT' } });
    expect(checkReception(DEFAULT_RECEPTION_STANDARDS, {}, 'standard', 0)).toMatchObject({ ok: false, error: { code: 'VALIDATION.INVALID' } });
  });

  it('reads a company’s own standards, refusing unknown types and levels', () => {
    expect(ReceptionStandardsSchema.safeParse(DEFAULT_RECEPTION_STANDARDS).success).toBe(true);
    expect(ReceptionStandardsSchema.safeParse({ currency: 'CNY', types: { karaoke: { basis: 'per_event', limits: { vip: 1, standard: 1 } } } }).success).toBe(false);
    expect(ReceptionStandardsSchema.safeParse({ currency: 'CNY', types: { meal: { basis: 'per_person', limits: { vip: 1, standard: 1, gold: 2 } } } }).success).toBe(false);
  });
});
