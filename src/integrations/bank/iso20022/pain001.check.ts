// Checks a payment file's input before any XML is written, and lists every problem with a code and the batch or
// payment it concerns: ids, duplicates, amounts, currencies, accounts, banks, dates and codes.
import {
  validateBic,
  validateCnAccount,
  validateCnaps,
  validateIban,
  type AccountError,
} from '../../../../domain/payment/account.js';
import { isSupportedCurrency } from '../../../../domain/money/index.js';
import type { Result } from '../../../../domain/shared/index.js';
import type { BankProfile } from './bank-profile.js';
import { controlSum } from './decimal-amount.js';
import type { AgentInput, Pain001Error, Pain001ErrorCode, PaymentFileInput } from './pain001.types.js';
import { fitText, hasAlphanumeric } from './text-fit.js';

/** Where an error is, for its message and fields. */
interface At {
  readonly path: string;
  readonly pmtInfId?: string;
  readonly endToEndId?: string;
}

const V4_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** External code sets (category purpose, purpose): 1–4 upper-case letters or digits. */
const EXTERNAL_CODE = /^[A-Z0-9]{1,4}$/;
/** DecimalNumber allows 18 digits in all (totalDigits 18). */
const MAX_TOTAL_DIGITS = 18;

/** Collects errors; each message starts with the batch or payment it concerns, so a person can find it. */
class Problems {
  readonly list: Pain001Error[] = [];
  add(code: Pain001ErrorCode, at: At, message: string, cause?: string): void {
    const who = at.endToEndId !== undefined ? `payment ${JSON.stringify(at.endToEndId)}` : at.pmtInfId !== undefined ? `batch ${JSON.stringify(at.pmtInfId)}` : 'file';
    this.list.push({ code, message: `${who}: ${message}`, ...at, ...(cause !== undefined ? { cause } : {}) });
  }
}

/** Control characters and unpaired surrogates: XML 1.0 cannot carry them, and an id must reach the bank unchanged. */
const XML_UNSAFE = /[\u0000-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/; // eslint-disable-line no-control-regex

/** EPC identifiers: the Latin subset, and no leading '/' or '//' anywhere (EPC implementation guidelines). */
const EPC_ID = /^(?!\/)(?!.*\/\/)[A-Za-z0-9/\-?:().,'+ ]+$/;

/**
 * A Max35Text identifier given by the caller: 1–35 characters without surrounding spaces; under an EPC profile also
 * EPC characters only. Ids are never transliterated: they are idempotency keys and must reach the bank unchanged.
 */
function checkId(p: Problems, label: string, id: string, at: At, profile: BankProfile): void {
  if (typeof id !== 'string' || id.length === 0 || Array.from(id).length > 35 || id.trim() !== id || XML_UNSAFE.test(id)) {
    p.add('PAIN001.INVALID_ID', at, `${label} must be 1 to 35 characters without surrounding spaces or control characters, got ${JSON.stringify(id)}`);
  } else if (profile.charset === 'epc' && !EPC_ID.test(id)) {
    p.add('PAIN001.INVALID_ID', at, `${label} may hold only a-z A-Z 0-9 / - ? : ( ) . , ' + and space, and no leading or double '/', for this bank, got ${JSON.stringify(id)}`);
  }
}

function fromAccountCheck(p: Problems, code: 'PAIN001.INVALID_ACCOUNT' | 'PAIN001.INVALID_AGENT', at: At, r: Result<string, AccountError>): void {
  if (!r.ok) p.add(code, at, r.error.message, r.error.code);
}

/** A non-IBAN account id (`Othr/Id`, Max34Text); Chinese domestic numbers get the full Chinese check. */
function checkOtherAccount(p: Problems, other: string, chinese: boolean, at: At): void {
  if (chinese) return fromAccountCheck(p, 'PAIN001.INVALID_ACCOUNT', at, validateCnAccount(other));
  const compact = other.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length > 34) p.add('PAIN001.INVALID_ACCOUNT', at, 'an account number has 1 to 34 characters');
}

function checkAccount(p: Problems, account: { iban?: string; other?: string }, chinese: boolean, at: At): void {
  if (account.iban !== undefined && account.other !== undefined) {
    p.add('PAIN001.INVALID_ACCOUNT', at, 'give either an IBAN or another account number, not both');
  } else if (account.iban !== undefined) {
    fromAccountCheck(p, 'PAIN001.INVALID_ACCOUNT', at, validateIban(account.iban));
  } else if (account.other !== undefined) {
    checkOtherAccount(p, account.other, chinese, at);
  } else {
    p.add('PAIN001.INVALID_ACCOUNT', at, 'an account (IBAN or account number) is required');
  }
}

function checkAgent(p: Problems, agent: AgentInput, at: At): void {
  if (agent.bic !== undefined) fromAccountCheck(p, 'PAIN001.INVALID_AGENT', at, validateBic(agent.bic));
  if (agent.cnaps !== undefined) fromAccountCheck(p, 'PAIN001.INVALID_AGENT', at, validateCnaps(agent.cnaps));
}

function checkName(p: Problems, label: string, name: string, profile: BankProfile, at: At): void {
  if (typeof name !== 'string' || !hasAlphanumeric(fitText(name, profile.charset, profile.maxNameLength))) {
    const hint = profile.charset === 'epc' ? ' in Latin letters (this bank takes only the EPC character set; give the name in pinyin)' : '';
    p.add('PAIN001.INVALID_NAME', at, `${label} needs a name${hint}`);
  }
}

function checkCode(p: Problems, label: string, code: string | undefined, at: At): void {
  if (code !== undefined && !EXTERNAL_CODE.test(code)) p.add('PAIN001.INVALID_CODE', at, `${label} must be 1 to 4 upper-case letters or digits, got ${JSON.stringify(code)}`);
}

/** True for a real calendar date written YYYY-MM-DD. */
function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Every problem with `input` for `profile`, empty when the file can be written. The checks are those the XSD cannot
 * make (checksums, duplicates, a UETR's version, names a bank's character set cannot carry) plus the XSD facets we
 * can name precisely, so that the caller gets "payment X: …" rather than a schema line number.
 */
export function checkPaymentFile(input: PaymentFileInput, profile: BankProfile): Pain001Error[] {
  const p = new Problems();
  const file: At = { path: '' };
  checkId(p, 'MsgId', input.msgId, { path: 'msgId' }, profile);
  if (!(input.createdAt instanceof Date) || Number.isNaN(input.createdAt.getTime())) p.add('PAIN001.INVALID_DATE', { path: 'createdAt' }, 'createdAt is not a valid time');
  checkName(p, 'the initiating party', input.initiatingParty.name, profile, { path: 'initiatingParty.name' });
  if (input.initiatingParty.id !== undefined) checkId(p, 'the initiating party id', input.initiatingParty.id, { path: 'initiatingParty.id' }, profile);
  if (input.batches.length === 0) p.add('PAIN001.EMPTY', file, 'a payment file needs at least one batch');

  const pmtInfIds = new Set<string>();
  const endToEndIds = new Set<string>();
  const uetrs = new Set<string>();
  const amounts: { minor: number; currency: string }[] = [];
  input.batches.forEach((batch, b) => {
    const bat: At = { path: `batches[${b}]`, pmtInfId: batch.pmtInfId };
    checkId(p, 'PmtInfId', batch.pmtInfId, { ...bat, path: `${bat.path}.pmtInfId` }, profile);
    if (pmtInfIds.has(batch.pmtInfId)) p.add('PAIN001.DUPLICATE_ID', bat, 'PmtInfId is used by another batch of this file');
    pmtInfIds.add(batch.pmtInfId);
    if (batch.payments.length === 0) p.add('PAIN001.EMPTY', bat, 'a batch needs at least one payment');
    checkName(p, 'the debtor', batch.debtor.name, profile, { ...bat, path: `${bat.path}.debtor.name` });
    if (!isSupportedCurrency(batch.debtor.account.currency)) {
      p.add('PAIN001.UNSUPPORTED_CURRENCY', { ...bat, path: `${bat.path}.debtor.account.currency` }, `currency ${JSON.stringify(batch.debtor.account.currency)} is not supported`);
    }
    checkAccount(p, batch.debtor.account, batch.debtor.agent.cnaps !== undefined, { ...bat, path: `${bat.path}.debtor.account` });
    checkAgent(p, batch.debtor.agent, { ...bat, path: `${bat.path}.debtor.agent` });
    if (!isIsoDate(batch.requestedExecutionDate)) p.add('PAIN001.INVALID_DATE', { ...bat, path: `${bat.path}.requestedExecutionDate` }, `requestedExecutionDate must be a date written YYYY-MM-DD, got ${JSON.stringify(batch.requestedExecutionDate)}`);
    checkCode(p, 'the category purpose', batch.categoryPurpose, { ...bat, path: `${bat.path}.categoryPurpose` });

    batch.payments.forEach((pay, i) => {
      const at: At = { path: `${bat.path}.payments[${i}]`, pmtInfId: batch.pmtInfId, endToEndId: pay.endToEndId };
      const sub = (field: string): At => ({ ...at, path: `${at.path}.${field}` });
      checkId(p, 'EndToEndId', pay.endToEndId, sub('endToEndId'), profile);
      if (endToEndIds.has(pay.endToEndId)) p.add('PAIN001.DUPLICATE_ID', sub('endToEndId'), 'EndToEndId is used by another payment of this file');
      endToEndIds.add(pay.endToEndId);
      const { minor, currency } = pay.amount;
      const currencyOk = isSupportedCurrency(currency);
      if (!currencyOk) p.add('PAIN001.UNSUPPORTED_CURRENCY', sub('amount.currency'), `currency ${JSON.stringify(currency)} is not supported`);
      if (!Number.isSafeInteger(minor) || minor <= 0) p.add('PAIN001.INVALID_AMOUNT', sub('amount.minor'), `the amount must be a positive integer of minor units, got ${String(minor)}`);
      else if (currencyOk) amounts.push(pay.amount);
      if (pay.uetr !== undefined) {
        if (input.format === 'pain.001.001.03') p.add('PAIN001.INVALID_UETR', sub('uetr'), 'pain.001.001.03 has no UETR field: use pain.001.001.09 or leave it out');
        else if (!V4_UUID.test(pay.uetr.toLowerCase())) p.add('PAIN001.INVALID_UETR', sub('uetr'), `UETR must be a version-4 UUID, got ${JSON.stringify(pay.uetr)}`);
        else if (uetrs.has(pay.uetr.toLowerCase())) p.add('PAIN001.DUPLICATE_ID', sub('uetr'), 'UETR is used by another payment of this file');
        uetrs.add(pay.uetr.toLowerCase());
      }
      checkName(p, 'the creditor', pay.creditor.name, profile, sub('creditor.name'));
      // A transfer routed by CNAPS code is domestic Chinese: the account gets the Chinese check (card Luhn included).
      checkAccount(p, pay.creditor.account, pay.creditor.agent?.cnaps !== undefined, sub('creditor.account'));
      const agent = pay.creditor.agent;
      if (agent) checkAgent(p, agent, sub('creditor.agent'));
      if (pay.creditor.account.other !== undefined && agent?.bic === undefined && agent?.cnaps === undefined) {
        // Without an IBAN the account number alone does not say which bank holds it.
        p.add('PAIN001.INVALID_AGENT', sub('creditor.agent'), 'a payment to a non-IBAN account needs the creditor bank (BIC or CNAPS code)');
      }
      checkCode(p, 'the purpose', pay.purpose, sub('purpose'));
      if (profile.serviceLevel === 'SEPA' && (currency !== 'EUR' || pay.creditor.account.iban === undefined)) {
        // SEPA credit transfers are euro payments to an IBAN; the bank refuses anything else under SvcLvl SEPA.
        p.add('PAIN001.PROFILE_MISMATCH', sub('amount'), `profile ${profile.id} sends SEPA transfers: euro to an IBAN only`);
      }
    });
  });

  if (amounts.length > 0 && controlSum(amounts).replace(/[^0-9]/g, '').replace(/^0+/, '').length > MAX_TOTAL_DIGITS) {
    p.add('PAIN001.TOO_LARGE', file, `the control sum has more than ${MAX_TOTAL_DIGITS} digits: split the file`);
  }
  return p.list;
}
