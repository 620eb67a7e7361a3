// Writes pain.001 customer credit transfer files (versions 03 and 09) for a bank profile: Chinese domestic transfers
// (account in Othr/Id, bank by CNAPS code) and cross-border or SEPA transfers (IBAN, BIC). The document is a plain
// object tree serialised by fast-xml-builder, which escapes every text and attribute value; nothing is concatenated
// into markup. (xmlbuilder2 was tried first: 5x slower on a 10,000-payment file, and a new dependency, where
// fast-xml-builder already ships with fast-xml-parser.)
import XMLBuilder from 'fast-xml-builder';
import { err, ok, type Result } from '../../../../domain/shared/index.js';
import type { BankProfile } from './bank-profile.js';
import { controlSum, instructedAmount } from './decimal-amount.js';
import { checkPaymentFile } from './pain001.check.js';
import type { AgentInput, BatchInput, Pain001Error, Pain001Format, PaymentFileInput, PaymentInput } from './pain001.types.js';
import { fitText } from './text-fit.js';
import { validateXml } from './xsd-validate.js';

/** An element's content: text, child elements in order (keys), or a repeated element (array). `@_` keys are attributes. */
type XmlValue = string | XmlTree | XmlTree[];
interface XmlTree {
  [name: string]: XmlValue;
}

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

// processEntities escapes & < > ' " in every text and attribute value (the library's default, stated for the reader).
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', textNodeName: '#text', processEntities: true, format: true, indentBy: '  ', suppressEmptyNode: false });

const compact = (s: string): string => s.replace(/[\s-]+/g, '');

/** `{ name: value }` when value is defined, else nothing: spread into a tree to keep optional elements out. */
const opt = (name: string, value: XmlValue | undefined): XmlTree => (value === undefined ? {} : { [name]: value });

/** `CreDtTm`: UTC to the second (ISODateTime; banks' own samples carry no milliseconds). */
const creationTime = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

const nameFit = (name: string, profile: BankProfile): string => fitText(name, profile.charset, Math.min(profile.maxNameLength, 140));

function account(a: { iban?: string; other?: string; currency?: string }): XmlTree {
  const id: XmlTree = a.iban !== undefined ? { IBAN: compact(a.iban).toUpperCase() } : { Othr: { Id: compact(a.other ?? '') } };
  return { Id: id, ...opt('Ccy', a.currency) };
}

/**
 * `FinInstnId`: BIC (v03 `BIC`, v09 `BICFI`), then `ClrSysMmbId` with `ClrSysId/Cd` CNAPS and the 12-digit code as
 * `MmbId` (the same place in both versions: after the BIC, before the name), then the name.
 */
function agent(a: AgentInput, d: Dialect, profile: BankProfile): XmlTree {
  const fin: XmlTree = {
    ...opt(d.bic, a.bic === undefined ? undefined : compact(a.bic).toUpperCase()),
    ...opt('ClrSysMmbId', a.cnaps === undefined ? undefined : { ClrSysId: { Cd: CNAPS_CLEARING_SYSTEM }, MmbId: compact(a.cnaps) }),
    ...opt('Nm', a.name === undefined ? undefined : nameFit(a.name, profile)),
  };
  // DbtrAgt is mandatory; without any identifier the EPC rule is Othr/Id "NOTPROVIDED" (the bank knows itself).
  return { FinInstnId: Object.keys(fin).length > 0 ? fin : { Othr: { Id: 'NOTPROVIDED' } } };
}

function transaction(pay: PaymentInput, d: Dialect, profile: BankProfile): XmlTree {
  const remittance = pay.remittance === undefined ? '' : fitText(pay.remittance, profile.charset, Math.min(profile.maxRemittanceLength, 140));
  return {
    PmtId: { EndToEndId: pay.endToEndId, ...opt('UETR', d.uetr ? pay.uetr?.toLowerCase() : undefined) },
    Amt: { InstdAmt: { '@_Ccy': pay.amount.currency, '#text': instructedAmount(pay.amount) } },
    ...opt('CdtrAgt', pay.creditor.agent ? agent(pay.creditor.agent, d, profile) : undefined),
    Cdtr: { Nm: nameFit(pay.creditor.name, profile) },
    CdtrAcct: account(pay.creditor.account),
    ...opt('Purp', pay.purpose === undefined ? undefined : { Cd: pay.purpose }),
    ...opt('RmtInf', remittance ? { Ustrd: remittance } : undefined),
  };
}

function paymentInformation(batch: BatchInput, d: Dialect, profile: BankProfile): XmlTree {
  const typeInfo: XmlTree = {
    ...opt('SvcLvl', profile.serviceLevel === undefined ? undefined : { Cd: profile.serviceLevel }),
    ...opt('CtgyPurp', batch.categoryPurpose === undefined ? undefined : { Cd: batch.categoryPurpose }),
  };
  return {
    PmtInfId: batch.pmtInfId,
    PmtMtd: 'TRF',
    // Written even when false: some banks book a whole PmtInf as one statement line when the flag is absent.
    BtchBookg: String(batch.batchBooking ?? false),
    NbOfTxs: String(batch.payments.length),
    CtrlSum: controlSum(batch.payments.map((p) => p.amount)),
    ...opt('PmtTpInf', Object.keys(typeInfo).length > 0 ? typeInfo : undefined),
    ReqdExctnDt: d.wrappedDate ? { Dt: batch.requestedExecutionDate } : batch.requestedExecutionDate,
    Dbtr: { Nm: nameFit(batch.debtor.name, profile) },
    DbtrAcct: account(batch.debtor.account),
    DbtrAgt: agent(batch.debtor.agent, d, profile),
    ...opt('ChrgBr', profile.chargeBearer),
    CdtTrfTxInf: batch.payments.map((p) => transaction(p, d, profile)),
  };
}

/** Serialises input already checked by `checkPaymentFile`. */
function write(input: PaymentFileInput, profile: BankProfile): string {
  const d = DIALECTS[input.format];
  const id = input.initiatingParty.id;
  const doc: XmlTree = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    Document: {
      '@_xmlns': `urn:iso:std:iso:20022:tech:xsd:${input.format}`,
      CstmrCdtTrfInitn: {
        GrpHdr: {
          MsgId: input.msgId,
          CreDtTm: creationTime(input.createdAt),
          NbOfTxs: String(input.batches.reduce((n, b) => n + b.payments.length, 0)),
          CtrlSum: controlSum(input.batches.flatMap((b) => b.payments.map((p) => p.amount))),
          InitgPty: { Nm: nameFit(input.initiatingParty.name, profile), ...opt('Id', id === undefined ? undefined : { OrgId: { Othr: { Id: id } } }) },
        },
        PmtInf: input.batches.map((b) => paymentInformation(b, d, profile)),
      },
    },
  };
  return builder.build(doc) as string;
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
