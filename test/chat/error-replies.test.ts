// Refusals in chat are said in the person's language by error code, never the engine's English sentence.
import { describe, expect, it } from 'vitest';
import { DOMAIN_ERROR_CODES, domainError } from '../../domain/shared/index.js';
import { errorReply } from '../../src/chat/texts.js';

const HAN = /[\u3400-\u9fff]/;

describe('errorReply', () => {
  it('has a Chinese and an English sentence for every error code, neither being the engine’s message', () => {
    for (const code of DOMAIN_ERROR_CODES) {
      const e = domainError(code, `engine says ${code}`);
      const zh = errorReply('zh', e);
      const en = errorReply('en', e);
      expect(zh, code).toMatch(HAN);
      expect(en, code).not.toMatch(HAN);
      expect(en, code).toMatch(/[a-z]{3}/);
      for (const s of [zh, en]) expect(s, code).not.toContain('engine says');
    }
  });

  it('lists a policy block’s own findings in the reader’s language', () => {
    const e = domainError('POLICY.BLOCKED', 'blocked', { violations: [{ severity: 'block', message: { zh: '不能报销未来日期的费用', en: 'Future-dated expenses cannot be claimed' } }, { severity: 'warn', message: { zh: '提醒', en: 'note' } }] });
    expect(errorReply('zh', e)).toBe('⛔ 不能报销未来日期的费用');
    expect(errorReply('en', e)).toBe('⛔ Future-dated expenses cannot be claimed');
  });

  it('gives the figures of a budget that is short', () => {
    const e = domainError('BUDGET.EXCEEDED', 'short', { availableMinor: 26_000, requestedMinor: 252_000, currency: 'CNY' });
    expect(errorReply('zh', e)).toBe('预算不足，未能批准：需要 ¥2,520.00，可用 ¥260.00。请调整预算或驳回。');
    expect(errorReply('en', e)).toContain('It needs ¥2,520.00 and has ¥260.00 left');
  });
});
