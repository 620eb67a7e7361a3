import { describe, expect, it } from 'vitest';
import { checkMobile, maskDigitRuns, maskMobile } from '../../../domain/reception/mobile-number.js';

describe('checkMobile', () => {
  it('accepts mainland mobiles and other E.164 numbers', () => {
    for (const n of ['+8613800138000', '+8619912345678', '+85261234567', '+14155550123']) expect(checkMobile(n)).toEqual({ ok: true, value: n });
  });

  it('refuses numbers without +, with spaces, mainland numbers that are not mobiles, and too long ones', () => {
    for (const n of ['13800138000', '+86 13800138000', '+8612800138000', '+861380013800', '+86138001380001', '+0123456789', '+1234567890123456', '']) {
      const r = checkMobile(n);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION.INVALID');
        if (n.length > 4) expect(r.error.message).not.toContain(n.slice(1));
      }
    }
  });
});

describe('maskMobile', () => {
  it('keeps +86 and the last four digits only', () => {
    expect(maskMobile('+8613800138000')).toBe('+86*******8000');
    expect(maskMobile('+14155550123')).toBe('+*******0123');
    expect(maskMobile('12')).toBe('****');
  });

  it('masks numbers quoted inside a provider message', () => {
    expect(maskDigitRuns('incorrect phone number +8613800138000, code 42')).toBe('incorrect phone number ****8000, code 42');
  });
});
