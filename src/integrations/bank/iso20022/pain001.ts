// Writes pain.001 customer credit transfer files (versions 03 and 09) for a bank profile: Chinese domestic transfers
// (account in Othr/Id, bank by CNAPS code) and cross-border or SEPA transfers (IBAN, BIC). The XML is built with
// xmlbuilder2, which escapes every value; nothing is concatenated into markup.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { err, ok, type Result } from '../../../../domain/shared/index.js';
import type { BankProfile } from './bank-profile.js';
import { controlSum, instructedAmount } from './decimal-amount.js';
import { checkPaymentFile } from './pain001.check.js';
import type { AgentInput, BatchInput, Pain001Error, Pain001Format, PaymentFileInput, PaymentInput } from './pain001.types.js';
import { fitText } from './text-fit.js';
import { validateXml } from './xsd-validate.js';

/** The element names that differ between the two versions. */
interface Dialect {
  /** v03 `BIC`, v09 `BICFI` (FinancialInstitutionIdentification7 vs 18). */
  readonly bic: 'BIC' | 'BICFI';
  /** v09 wraps the execution date in a choice: `<ReqdExctnDt><Dt>…</Dt></ReqdExctnDt>`. */
  readonly wrappedDate: boolean;
  /** v09 has `PmtId/UETR`. */
  readonly uetr: boolean;
}

const DIALECTS: Readonly<Record<Pain001Format, Dialect>> = {
  'pain.001.001.03': { bic: 'BIC', wrappedDate: false, uetr: false },
  'pain.001.001.09': { bic: 'BICFI', wrappedDate: true, uetr: true },
};

/** CNAPS in ExternalClearingSystemIdentification1Code: China National Advanced Payment System. */
const CNAPS_CLEARING_SYSTEM = 'CNAPS';

const compact = (s: string): string => s.replace(/[\s-]+/g, '');

/** Appends `<name>text</name>`; the text is escaped by xmlbuilder2. */
function leaf(parent: XMLBuilder, name: string, text: string): void {
  parent.ele(name).txt(text);
}

/** `CreDtTm`: UTC to the second (ISODateTime; banks' own samples carry no milliseconds). */
const creationTime = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

function writeAccount(parent: XMLBuilder, name: string, account: { iban?: string; other?: string; currency?: string }): void {
  const acct = parent.ele(name);
  const id = acct.ele('Id');
  if (account.iban !== undefined) leaf(id, 'IBAN', compact(account.iban).toUpperCase());
  else leaf(id.ele('Othr'), 'Id', compact(account.other ?? ''));
  if (account.currency !== undefined) leaf(acct, 'Ccy', account.currency);
}

/**
 * `FinInstnId`: BIC (v03 `BIC`, v09 `BICFI`), then `ClrSysMmbId` with `ClrSysId/Cd` CNAPS and the 12-digit code as
 * `MmbId` (the same place in both versions: after the BIC, before the name), then the name.
 */
function writeAgent(parent: XMLBuilder, name: string, agent: AgentInput, d: Dialect, profile: BankProfile): void {
  const fin = parent.ele(name).ele('FinInstnId');
  if (agent.bic !== undefined) leaf(fin, d.bic, compact(agent.bic).toUpperCase());
  if (agent.cnaps !== undefined) {
    const mmb = fin.ele('ClrSysMmbId');
    leaf(mmb.ele('ClrSysId'), 'Cd', CNAPS_CLEARING_SYSTEM);
    leaf(mmb, 'MmbId', compact(agent.cnaps));
  }
  if (agent.name !== undefined) leaf(fin, 'Nm', fitText(agent.name, profile.charset, Math.min(profile.maxNameLength, 140)));
  if (agent.bic === undefined && agent.cnaps === undefined && agent.name === undefined) {
    // DbtrAgt is mandatory; without any identifier the EPC rule is Othr/Id "NOTPROVIDED" (the bank knows itself).
    leaf(fin.ele('Othr'), 'Id', 'NOTPROVIDED');
  }
}

function writeTransaction(pmtInf: XMLBuilder, pay: PaymentInput, d: Dialect, profile: BankProfile): void {
  const tx = pmtInf.ele('CdtTrfTxInf');
  const pmtId = tx.ele('PmtId');
  leaf(pmtId, 'EndToEndId', pay.endToEndId);
  if (d.uetr && pay.uetr !== undefined) leaf(pmtId, 'UETR', pay.uetr.toLowerCase());
  tx.ele('Amt').ele('InstdAmt', { Ccy: pay.amount.currency }).txt(instructedAmount(pay.amount));
  if (pay.creditor.agent) writeAgent(tx, 'CdtrAgt', pay.creditor.agent, d, profile);
  leaf(tx.ele('Cdtr'), 'Nm', fitText(pay.creditor.name, profile.charset, Math.min(profile.maxNameLength, 140)));
  writeAccount(tx, 'CdtrAcct', pay.creditor.account);
  if (pay.purpose !== undefined) leaf(tx.ele('Purp'), 'Cd', pay.purpose);
  if (pay.remittance !== undefined) {
    const text = fitText(pay.remittance, profile.charset, Math.min(profile.maxRemittanceLength, 140));
    if (text) leaf(tx.ele('RmtInf'), 'Ustrd', text);
  }
}

function writeBatch(root: XMLBuilder, batch: BatchInput, d: Dialect, profile: BankProfile): void {
  const pmtInf = root.ele('PmtInf');
  leaf(pmtInf, 'PmtInfId', batch.pmtInfId);
  leaf(pmtInf, 'PmtMtd', 'TRF');
  // Written even when false: some banks book a whole PmtInf as one statement line when the flag is absent.
  leaf(pmtInf, 'BtchBookg', String(batch.batchBooking ?? false));
  leaf(pmtInf, 'NbOfTxs', String(batch.payments.length));
  leaf(pmtInf, 'CtrlSum', controlSum(batch.payments.map((p) => p.amount)));
  if (profile.serviceLevel !== undefined || batch.categoryPurpose !== undefined) {
    const tp = pmtInf.ele('PmtTpInf');
    if (profile.serviceLevel !== undefined) leaf(tp.ele('SvcLvl'), 'Cd', profile.serviceLevel);
    if (batch.categoryPurpose !== undefined) leaf(tp.ele('CtgyPurp'), 'Cd', batch.categoryPurpose);
  }
  if (d.wrappedDate) leaf(pmtInf.ele('ReqdExctnDt'), 'Dt', batch.requestedExecutionDate);
  else leaf(pmtInf, 'ReqdExctnDt', batch.requestedExecutionDate);
  leaf(pmtInf.ele('Dbtr'), 'Nm', fitText(batch.debtor.name, profile.charset, Math.min(profile.maxNameLength, 140)));
  writeAccount(pmtInf, 'DbtrAcct', batch.debtor.account);
  writeAgent(pmtInf, 'DbtrAgt', batch.debtor.agent, d, profile);
  if (profile.chargeBearer !== undefined) leaf(pmtInf, 'ChrgBr', profile.chargeBearer);
  for (const pay of batch.payments) writeTransaction(pmtInf, pay, d, profile);
}

/** Serialises input already checked by `checkPaymentFile`. */
function write(input: PaymentFileInput, profile: BankProfile): string {
  const d = DIALECTS[input.format];
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(`urn:iso:std:iso:20022:tech:xsd:${input.format}`, 'Document').ele('CstmrCdtTrfInitn');
  const hdr = root.ele('GrpHdr');
  leaf(hdr, 'MsgId', input.msgId);
  leaf(hdr, 'CreDtTm', creationTime(input.createdAt));
  leaf(hdr, 'NbOfTxs', String(input.batches.reduce((n, b) => n + b.payments.length, 0)));
  leaf(hdr, 'CtrlSum', controlSum(input.batches.flatMap((b) => b.payments.map((p) => p.amount))));
  const initg = hdr.ele('InitgPty');
  leaf(initg, 'Nm', fitText(input.initiatingParty.name, profile.charset, Math.min(profile.maxNameLength, 140)));
  if (input.initiatingParty.id !== undefined) leaf(initg.ele('Id').ele('OrgId').ele('Othr'), 'Id', input.initiatingParty.id);
  for (const batch of input.batches) writeBatch(root, batch, d, profile);
  return doc.end({ prettyPrint: true });
}

/**
 * Builds a pain.001 file (version from `input.format`) for `profile`. The input is checked first and every problem is
 * returned with a code naming the batch or payment; nothing is written then. Names and remittance text are fitted to
 * the profile (EPC transliteration, length cuts). Ids, amounts and dates are written exactly as given.
 */
export function buildPain001(input: PaymentFileInput, profile: BankProfile): Result<string, Pain001Error[]> {
  const problems = checkPaymentFile(input, profile);
  return problems.length > 0 ? err(problems) : ok(write(input, profile));
}

/**
 * Builds the file and validates it against the official XSD of its version: ok(xml) only for a file that passed
 * both, so the caller never sends an invalid file. Schema errors come back as PAIN001.SCHEMA_INVALID, one per line.
 */
export async function buildAndValidate(input: PaymentFileInput, profile: BankProfile): Promise<Result<string, Pain001Error[]>> {
  const built = buildPain001(input, profile);
  if (!built.ok) return built;
  const v = await validateXml(input.format, built.value);
  if (v.ok) return built;
  return err(v.errors.map((message) => ({ code: 'PAIN001.SCHEMA_INVALID' as const, message, path: '' })));
}
