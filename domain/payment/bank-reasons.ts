// What the bank's reason codes (ISO 20022 ExternalStatusReason1Code / ExternalReturnReason1Code) mean to the employee
// who was not paid, in their language, with what to do about it.

type Bi = { readonly zh: string; readonly en: string };

/** The codes banks use most for rejected and returned credit transfers. */
const REASONS: Readonly<Record<string, Bi>> = {
  AC01: { zh: '收款账号有误', en: 'the account number is wrong' },
  AC03: { zh: '收款账号无效', en: 'the account number is not valid' },
  AC04: { zh: '收款账户已销户', en: 'the account is closed' },
  AC06: { zh: '收款账户已冻结', en: 'the account is blocked' },
  AG01: { zh: '该账户不允许此类交易', en: 'the account does not accept this kind of payment' },
  AM04: { zh: '付款账户余额不足（公司将重新安排付款）', en: 'the company account had insufficient funds (finance will pay again)' },
  AM05: { zh: '重复付款，已被银行拦截', en: 'a duplicate payment, stopped by the bank' },
  BE01: { zh: '收款人户名与账号不符', en: 'the account holder name does not match the account' },
  BE04: { zh: '收款人地址缺失或有误', en: 'the payee address is missing or wrong' },
  DU01: { zh: '银行认为这是重复的付款文件', en: 'the bank saw this payment file before' },
  FF01: { zh: '付款文件格式有误', en: 'the payment file format was invalid' },
  MS03: { zh: '银行未说明原因', en: 'the bank gave no reason' },
  NARR: { zh: '银行附注说明', en: 'see the bank\'s note' },
  RC01: { zh: '收款银行代码（联行号/BIC）有误', en: 'the bank code (CNAPS/BIC) is wrong' },
  /** Ours, not ISO's: finance withdrew a payment the bank took and never booked (see giveUpPayment). */
  MANUAL: { zh: '银行迟迟未入账，财务已撤回该笔付款', en: 'the bank never booked it, so finance withdrew it' },
};

/** Codes where the employee's own account details are at fault: they are asked to check or change them. */
const ACCOUNT_AT_FAULT = new Set(['AC01', 'AC03', 'AC04', 'AC06', 'AG01', 'BE01', 'BE04', 'RC01']);

/** The reason as the employee reads it ("收款账户已销户"), or the code itself with the bank's text when unknown. */
export function reasonText(code: string | undefined, bankText?: string): Bi {
  const known = code ? REASONS[code] : undefined;
  if (known) return bankText && code === 'NARR' ? { zh: `${known.zh}：${bankText}`, en: `${known.en}: ${bankText}` } : known;
  const shown = [code, bankText].filter(Boolean).join(' ');
  return { zh: `银行退回原因：${shown || '未说明'}`, en: `bank reason: ${shown || 'none given'}` };
}

/** True when the employee should check or change their account before the next payment. */
export const accountAtFault = (code: string | undefined): boolean => code !== undefined && ACCOUNT_AT_FAULT.has(code);
