// The chat payee form and typed line: read tolerant of how people write, checked with the payee rules, a refusal
// naming the field; and masking what must be kept of such a message.
import { describe, expect, it } from 'vitest';
import { checkPayeeForm, maskAccountNumbers, parsePayeeLine, payeeFormValuesOf, proposeRun } from '../../../domain/payment/index.js';

describe('parsePayeeLine', () => {
  it('reads name, number, bank and CNAPS code in the order DingTalk users type them', () => {
    expect(parsePayeeLine('张三 6222021234567890128 招商银行 308584000013')).toEqual({ holderName: '张三', account: '6222021234567890128', bankName: '招商银行', bankCode: '308584000013' });
  });

  it('copes with no spaces, grouped digits, commas and the bank written first', () => {
    expect(parsePayeeLine('张三6222021234567890128招商银行308584000013')).toEqual({ holderName: '张三', account: '6222021234567890128', bankName: '招商银行', bankCode: '308584000013' });
    expect(parsePayeeLine('招商银行上海分行，张三，6222 0212 3456 7890 128，308584000013')).toEqual({ holderName: '张三', account: '6222021234567890128', bankName: '招商银行上海分行', bankCode: '308584000013' });
  });

  it('reads labels in any order', () => {
    expect(parsePayeeLine('开户行：工商银行 户名：李娜 联行号：102290002018 账号：6222 0202 0011 2230')).toEqual({ holderName: '李娜', account: '6222020200112230', bankName: '工商银行', bankCode: '102290002018' });
  });

  it('reads an IBAN, a BIC and a currency in English', () => {
    expect(parsePayeeLine('David Miller DE89 3704 0044 0532 0130 00 Commerzbank Berlin COBADEFFXXX EUR')).toEqual({ holderName: 'David Miller', account: 'DE89 3704 0044 0532 0130 00'.replace(/ /g, ''), bankName: 'Commerzbank Berlin', bankCode: 'COBADEFFXXX', currency: 'EUR' });
  });

  it('leaves out what is not there, for the check to ask for', () => {
    expect(parsePayeeLine('张三 6222021234567890128')).toEqual({ holderName: '张三', account: '6222021234567890128' });
    // A number typed in one piece is whole: digits typed after it are not taken into it.
    expect(parsePayeeLine('张三 6222021234567890 1234 招商银行 308584000013').account).toBe('6222021234567890');
    expect(parsePayeeLine('张三 6222 0212 3456 7890 1234 招商银行 308584000013').account).toBe('62220212345678901234');
  });
});

describe('checkPayeeForm', () => {
  const good = { holderName: '张三', account: '6222 0212 3456 7890 128', bankName: '招商银行', bankCode: '308584000013' };

  it('takes a domestic account with its CNAPS code, normalised', () => {
    const r = checkPayeeForm(good, 'CNY');
    expect(r).toEqual({ ok: true, value: { holderName: '张三', bankName: '招商银行', accountNumber: '6222021234567890128', cnaps: '308584000013', currency: 'CNY' } });
  });

  it('names the field at fault: missing, a bad card digit, a CNAPS code of 11 digits, a bad IBAN, an odd currency', () => {
    expect(checkPayeeForm({ ...good, holderName: ' ' }, 'CNY')).toEqual({ ok: false, error: { field: 'holderName', reason: 'MISSING' } });
    expect(checkPayeeForm({ ...good, account: '6222021234567890124' }, 'CNY')).toEqual({ ok: false, error: { field: 'account', reason: 'ACCOUNT.CARD_CHECKSUM' } });
    expect(checkPayeeForm({ ...good, bankCode: '30858400001' }, 'CNY')).toEqual({ ok: false, error: { field: 'bankCode', reason: 'ACCOUNT.CNAPS_FORMAT' } });
    expect(checkPayeeForm({ ...good, bankCode: undefined }, 'CNY')).toEqual({ ok: false, error: { field: 'bankCode', reason: 'ACCOUNT.CNAPS_MISSING' } });
    expect(checkPayeeForm({ holderName: 'D', bankName: 'B', account: 'DE89370400440532013001', bankCode: 'COBADEFFXXX' }, 'CNY')).toEqual({ ok: false, error: { field: 'account', reason: 'ACCOUNT.IBAN_CHECKSUM' } });
    expect(checkPayeeForm({ holderName: 'D', bankName: 'B', account: 'DE89370400440532013000', bankCode: 'COBA' }, 'CNY')).toEqual({ ok: false, error: { field: 'bankCode', reason: 'ACCOUNT.BIC_FORMAT' } });
    expect(checkPayeeForm({ ...good, currency: 'XYZ' }, 'CNY')).toEqual({ ok: false, error: { field: 'currency', reason: 'CURRENCY' } });
  });

  it('takes an IBAN with a BIC in its own currency', () => {
    const r = checkPayeeForm({ holderName: 'David Miller', bankName: 'Commerzbank', account: 'de89 3704 0044 0532 0130 00', bankCode: 'cobadeffxxx', currency: 'eur' }, 'CNY');
    expect(r.ok && r.value).toMatchObject({ iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', currency: 'EUR' });
  });

  it('picks only the form fields out of a platform payload', () => {
    expect(payeeFormValuesOf({ holderName: ' 张三 ', account: '', other: 'x', bankName: 5 })).toEqual({ holderName: '张三' });
  });
});

describe('maskAccountNumbers', () => {
  it('keeps only the last four of numbers and IBANs, grouped or not', () => {
    const masked = maskAccountNumbers('收款账户 张三 6222 0212 3456 7890 128 招商银行 308584000013 / DE89 3704 0044 0532 0130 00');
    expect(masked).toBe('收款账户 张三 尾号0128 招商银行 尾号0013 / 尾号3000');
    expect(maskAccountNumbers('payout account D DE89 3704 0044 0532 0130 00 Commerzbank COBADEFFXXX, or de89370400440532013000')).toBe('payout account D 尾号3000 Commerzbank COBADEFFXXX, or 尾号3000');
  });
});

describe('a returned payment waiting for the employee', () => {
  it('is held in a run proposal with AWAITING_PAYEE_CONFIRMATION', () => {
    const since = new Date('2026-11-20T00:00:00Z');
    const items = proposeRun(
      [{ id: 'p1', payeeType: 'employee', payeeId: 'e1', amount: { minor: 100, currency: 'CNY' }, dueOn: '2026-11-20', createdAt: since, awaitingPayeeSince: since }],
      new Map([['employee:e1', { payeeId: 'pye1', currency: 'CNY' }]]),
      [{ id: 'd1', currency: 'CNY' }],
      new Date('2026-11-21T00:00:00Z'),
      '2026-11-21',
    );
    expect(items[0]).toMatchObject({ state: 'held', payeeId: 'pye1', reason: { code: 'AWAITING_PAYEE_CONFIRMATION', since: since.toISOString() } });
  });
});
