// An account an employee types in chat: the form's fields (or one typed line, where the platform has no form) read
// into an account as entered and checked with the payee rules, with the form field a refusal is about. Pure.
import { isSupportedCurrency } from '../money/index.js';
import { ok, err, type Result } from '../shared/index.js';
import { maskAccount } from './account.js';
import { normaliseAccount, readAccountInput, type BankAccountInput } from './payee.js';

/** The fields of the chat form, in the order they are asked. */
export const PAYEE_FORM_FIELDS = ['holderName', 'account', 'bankName', 'bankCode', 'currency'] as const;
export type PayeeFormField = (typeof PAYEE_FORM_FIELDS)[number];
/** What was typed, field by field (absent or empty: not given). */
export type PayeeFormValues = Partial<Record<PayeeFormField, string>>;

/** Why the form cannot be taken: the field, and the account rule it breaks (or `MISSING`, `TOO_LONG`, `CURRENCY`). */
export interface PayeeFormProblem {
  readonly field: PayeeFormField;
  readonly reason: string;
}

/** Digits and letters only, upper-case: an account or code as people group it on paper. */
const compact = (s: string): string => s.replace(/[\s-]+/g, '').toUpperCase();
const IBAN_SHAPE = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{6,}$/;

/** Picks out the form values from any record (a platform's form payload); unknown keys and non-strings are ignored. */
export function payeeFormValuesOf(raw: Readonly<Record<string, unknown>>): PayeeFormValues {
  const out: PayeeFormValues = {};
  for (const f of PAYEE_FORM_FIELDS) {
    const v = raw[f];
    if (typeof v === 'string' && v.trim() !== '') out[f] = v.trim().slice(0, 200);
  }
  return out;
}

/**
 * Reads and checks the form: an account starting with a country code and check digits is an IBAN (its bank code a
 * BIC); otherwise a domestic number, whose bank code is a CNAPS code when it is digits and a BIC when it has letters.
 * The currency defaults to the organisation's. Returns the account normalised, or the first field at fault.
 */
export function checkPayeeForm(v: PayeeFormValues, defaultCurrency: string): Result<BankAccountInput & { currency: string }, PayeeFormProblem> {
  for (const field of ['holderName', 'account', 'bankName'] as const) if (!v[field]?.trim()) return err({ field, reason: 'MISSING' });
  for (const field of ['holderName', 'bankName'] as const) if (v[field]!.trim().length > 140) return err({ field, reason: 'TOO_LONG' });
  const currency = v.currency ? v.currency.trim().toUpperCase() : undefined;
  if (currency !== undefined && !isSupportedCurrency(currency)) return err({ field: 'currency', reason: 'CURRENCY' });
  const account = compact(v.account!);
  const code = v.bankCode ? compact(v.bankCode) : undefined;
  const iban = IBAN_SHAPE.test(account);
  const raw: BankAccountInput = {
    holderName: v.holderName!.trim(),
    bankName: v.bankName!.trim(),
    ...(iban ? { iban: account } : { accountNumber: account }),
    ...(code === undefined ? {} : !iban && /^[0-9]+$/.test(code) ? { cnaps: code } : { bic: code }),
    ...(currency ? { currency } : {}),
  };
  const read = readAccountInput(raw);
  if (!read.ok) return err({ field: 'account', reason: 'ACCOUNT.CN_ACCOUNT_FORMAT' });
  const checked = normaliseAccount(read.value, defaultCurrency);
  if (checked.ok) return ok(checked.value);
  const d = checked.error.details as { field?: string; reason?: string } | undefined;
  const field: PayeeFormField = d?.field === 'cnaps' || d?.field === 'bic' ? 'bankCode' : 'account';
  return err({ field, reason: d?.reason ?? 'INVALID' });
}

/** Labels people put before a value in a typed line ("户名：张三 账号：6222…"), and the field each names. */
const LABELS: readonly (readonly [string, PayeeFormField])[] = [
  ['户名|姓名|收款人|开户名|account holder|holder name|holder|name', 'holderName'],
  ['银行卡号|卡号|账号|帐号|账户|帐户|account number|account no|account|iban', 'account'],
  ['开户银行|开户行|bank name|bank', 'bankName'],
  ['联行号|行号|银行代码|cnaps|bic|swift|bank code', 'bankCode'],
  ['币种|币别|currency', 'currency'],
];
const LABEL_RE = new RegExp(`(${LABELS.map(([l]) => l).join('|')})\\s*[:：]`, 'gi');
const fieldOfLabel = (label: string): PayeeFormField | undefined => LABELS.find(([l]) => new RegExp(`^(${l})$`, 'i').test(label))?.[1];

const BANKISH = /银行|信用社|农商|bank|banque|banco|sparkasse|credit\s*union/i;
const BRANCH = /分行|支行|营业部|分理处/;
const BIC_SHAPE = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;

/**
 * Reads one typed line, as on DingTalk where a card cannot take input: "张三 6222021234567890123 招商银行 308584000013",
 * in any order people write it, with or without labels ("户名：张三，账号：…"), spaces inside the number, and no
 * spaces between Chinese and digits. The first long run of digits (or an IBAN) is the account, a 12-digit run or
 * a BIC after it the bank code, a three-letter code the currency; of the words, the group naming a bank is the bank
 * and the other the holder (else holder first). What is not found is left out, for the check to ask for.
 */
export function parsePayeeLine(line: string): PayeeFormValues {
  const labelled = byLabels(line);
  if (labelled) return tidy(labelled);
  // Chinese and Latin/digits run together without spaces ("张三6222…招商银行"): split them apart first; punctuation
  // between parts ends a group of words.
  const spaced = line
    .replace(/([\u3400-\u9fff])(?=[A-Za-z0-9])/g, '$1 ')
    .replace(/([A-Za-z0-9])(?=[\u3400-\u9fff])/g, '$1 ')
    .replace(/[,，;；、|/:：]+/g, ' , ');
  const tokens = mergeGroups(spaced.split(/\s+/).filter(Boolean));
  const out: PayeeFormValues = {};
  const groups: string[] = [];
  let current: string[] = [];
  const endGroup = () => {
    if (current.length > 0) groups.push(current.join(' '));
    current = [];
  };
  for (const tok of tokens) {
    const up = tok.toUpperCase();
    if (tok === ',') {
      endGroup();
    } else if (/^[0-9]{8,}$/.test(tok) || IBAN_SHAPE.test(up)) {
      endGroup();
      if (!out.account) out.account = tok;
      else if (!out.bankCode) out.bankCode = tok;
    } else if (out.account && !out.bankCode && (/^[0-9]{12}$/.test(tok) || BIC_SHAPE.test(tok))) {
      endGroup();
      out.bankCode = tok;
    } else if (/^[A-Z]{3}$/.test(tok) && isSupportedCurrency(tok)) {
      endGroup();
      out.currency = tok;
    } else if (/[\u3400-\u9fff]/.test(tok)) {
      // Chinese names have no spaces: each Chinese word is a group of its own.
      endGroup();
      groups.push(tok);
    } else current.push(tok);
  }
  endGroup();
  // The bank is every group naming a bank or a branch ("招商银行 上海分行"); the holder the first other group.
  const bankish = groups.filter((g) => BANKISH.test(g) || BRANCH.test(g));
  const others = groups.filter((g) => !bankish.includes(g));
  if (bankish.length > 0) out.bankName = bankish.join(/[\u3400-\u9fff]/.test(bankish.join('')) ? '' : ' ');
  else if (others[1]) out.bankName = others[1];
  if (others[0]) out.holderName = others[0];
  return tidy(out);
}

/** Numbers and codes without the spaces they were typed with. */
const tidy = (v: PayeeFormValues): PayeeFormValues => ({ ...v, ...(v.account ? { account: compact(v.account) } : {}), ...(v.bankCode ? { bankCode: compact(v.bankCode) } : {}) });

/** "户名：张三 账号：6222 0212… 开户行：招商银行" → by label; undefined when the line has fewer than two labels. */
function byLabels(line: string): PayeeFormValues | undefined {
  const marks = [...line.matchAll(LABEL_RE)];
  if (marks.length < 2) return undefined;
  const out: PayeeFormValues = {};
  marks.forEach((m, i) => {
    const field = fieldOfLabel(m[1]!);
    const end = i + 1 < marks.length ? marks[i + 1]!.index : line.length;
    const value = line.slice(m.index + m[0].length, end).replace(/[\s,，;；、]+$/, '').trim();
    if (field && value && !out[field]) out[field] = value;
  });
  return out;
}

/**
 * "6222 0212 3456 7890 123" and "DE89 3704 0044 0532 0130 00" typed in groups → one token each; two full numbers
 * stay two. A number typed in groups starts with a group of four (four digits, or an IBAN's country and check digits);
 * a group of up to four digits, or four capitals and digits, continues it while its length so far is a multiple of
 * four. A number typed in one piece is whole: "6222021234567890 1234" stays two tokens.
 */
function mergeGroups(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let grouped = false;
  for (const tok of tokens) {
    const prev = out.at(-1);
    if (grouped && prev !== undefined && prev.length % 4 === 0 && (/^[0-9]{1,4}$/.test(tok) || /^[A-Z0-9]{4}$/.test(tok))) {
      out[out.length - 1] = prev + tok;
      continue;
    }
    out.push(tok);
    grouped = /^[0-9]{4}$/.test(tok) || /^[A-Z]{2}[0-9]{2}$/.test(tok);
  }
  return out;
}

/**
 * The same text with every account-like number masked (尾号1234): long digit runs (grouped or not) and IBANs. For
 * what must be kept of a message that carried an account (the console transcript), never the number itself.
 */
export function maskAccountNumbers(text: string): string {
  return text
    // An IBAN typed in groups is capitals and digits (so the bank name after it is not taken in); typed in one piece,
    // any case.
    .replace(/\b[A-Z]{2}[0-9]{2}(?:[ -]?[A-Z0-9]){6,30}\b/g, (m) => maskAccount(compact(m)))
    .replace(/\b[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]{6,30}\b/g, (m) => maskAccount(compact(m)))
    .replace(/[0-9](?:[ -]?[0-9]){7,}/g, (m) => maskAccount(compact(m)));
}
