// Dates derived from a clock are the organisation's dates: at 23:30 and 00:30 Beijing time the UTC date is the same,
// but the Beijing date is not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../db/repos/org.js';
import { localDate, orgDate, orgTimeZone } from '../../src/usecases/org-time.js';
import { testApp, type TestApp } from '../helpers/app.js';


let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('the organisation calendar', () => {
  it('gives the Beijing date on both sides of midnight, where the UTC date does not change', () => {
    const before = new Date('2026-11-30T15:30:00Z'); // 23:30 in Beijing
    const after = new Date('2026-11-30T16:30:00Z'); // 00:30 on 1 December in Beijing
    expect(before.toISOString().slice(0, 10)).toBe(after.toISOString().slice(0, 10));
    expect(localDate(before, 'Asia/Shanghai')).toBe('2026-11-30');
    expect(localDate(after, 'Asia/Shanghai')).toBe('2026-12-01');
    expect(localDate(after, 'Europe/London')).toBe('2026-11-30');
  });

  it('reads each organisation’s own zone', async () => {
    await createOrganisation(t.database.db, { id: 'london', name: 'London Ltd', timeZone: 'Europe/London', defaultCurrency: 'GBP' });
    const at = new Date('2026-11-30T16:30:00Z');
    expect(await orgTimeZone(t.database.db, 'demo')).toBe('Asia/Shanghai');
    expect(await orgDate(t.database.db, 'demo', at)).toBe('2026-12-01');
    expect(await orgTimeZone(t.database.db, 'london')).toBe('Europe/London');
    expect(await orgDate(t.database.db, 'london', at)).toBe('2026-11-30');
    expect(await orgTimeZone(t.database.db, 'no-such-org')).toBe('Asia/Shanghai');
  });
});
