// The pain.001 writer: schema-valid v03 and v09 files for Chinese domestic and cross-border transfers, exact control
// sums, bank character sets, and refusals that name the payment.
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { SEPA_PROFILE, UTF8_PROFILE, type BankProfile } from '../../../../src/integrations/bank/iso20022/bank-profile.js';
import { buildAndValidate, buildPain001 } from '../../../../src/integrations/bank/iso20022/pain001.js';
import {
  REIMBURSEMENT_CATEGORY_PURPOSE,
  REIMBURSEMENT_PURPOSE,
  type BatchInput,
  type Pain001Format,
  type PaymentFileInput,
  type PaymentInput,
} from '../../../../src/integrations/bank/iso20022/pain001.types.js';
import { validateXml } from '../../../../src/integrations/bank/iso20022/xsd-validate.js';

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['PmtInf', 'CdtTrfTxInf'].includes(name) });

interface Tx {
  PmtId: { EndToEndId: string; UETR?: string };
  Amt: { InstdAmt: { '#text': string; '@_Ccy': string } };
  CdtrAgt?: { FinInstnId: Record<string, unknown> };
  Cdtr: { Nm: string };
  CdtrAcct: { Id: { IBAN?: string; Othr?: { Id: string } } };
  Purp?: { Cd: string };
  RmtInf?: { Ustrd: string };
}
interface Parsed {
  Document: {
    '@_xmlns': string;
    CstmrCdtTrfInitn: {
      GrpHdr: { MsgId: string; NbOfTxs: string; CtrlSum: string; InitgPty: { Nm: string } };
      PmtInf: { PmtInfId: string; NbOfTxs: string; CtrlSum: string; BtchBookg: string; PmtTpInf?: { CtgyPurp?: { Cd: string } }; ReqdExctnDt: unknown; CdtTrfTxInf: Tx[] }[];
    };
  };
}
const parse = (xml: string): Parsed['Document']['CstmrCdtTrfInitn'] => (parser.parse(xml) as Parsed).Document.CstmrCdtTrfInitn;

const employee = (n: number, name: string, account: string, cnaps: string, minor: number): PaymentInput => ({
  endToEndId: `RMB-2026-12-${String(n).padStart(4, '0')}`,
  amount: { minor, currency: 'CNY' },
  creditor: { name, account: { other: account }, agent: { cnaps } },
  remittance: `报销单 EXP-${n} 差旅费`,
  purpose: REIMBURSEMENT_PURPOSE,
});

/** A domestic CNY batch: three employees, one paid to a UnionPay card. */
const cnyBatch: BatchInput = {
  pmtInfId: 'RUN-2026-12-06-CNY',
  debtor: { name: '上海示例科技有限公司', account: { other: '31001520313050012345', currency: 'CNY' }, agent: { cnaps: '105290036005' } },
  requestedExecutionDate: '2026-12-07',
  categoryPurpose: REIMBURSEMENT_CATEGORY_PURPOSE,
  payments: [
    employee(1, '张伟', '6222020200112345679', '102100099996', 128_050),
    employee(2, '李娜', '110060149018001234567', '103100000026', 36_000),
    employee(3, '王芳', '621483012345678902', '308584000013', 1),
  ],
};

/** A cross-border EUR payment with BIC and IBAN. */
const eurBatch: BatchInput = {
  pmtInfId: 'RUN-2026-12-06-EUR',
  debtor: { name: 'Example Trading GmbH', account: { iban: 'DE89370400440532013000', currency: 'EUR' }, agent: { bic: 'COBADEFFXXX' } },
  requestedExecutionDate: '2026-12-08',
  categoryPurpose: REIMBURSEMENT_CATEGORY_PURPOSE,
  payments: [
    {
      endToEndId: 'RMB-2026-12-0100',
      uetr: '9b2f1a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b',
      amount: { minor: 45_678, currency: 'EUR' },
      creditor: { name: 'Jürgen Müller', account: { iban: 'NL91 ABNA 0417 1643 00' }, agent: { bic: 'ABNANL2A' } },
      remittance: 'Expense claim EXP-100 Berlin trip',
      purpose: REIMBURSEMENT_PURPOSE,
    },
  ],
};

const file = (format: Pain001Format, batches: BatchInput[], overrides: Partial<PaymentFileInput> = {}): PaymentFileInput => ({
  format,
  msgId: 'MSG-2026-12-06-0001',
  createdAt: new Date('2026-12-06T08:30:00.123Z'),
  initiatingParty: { name: 'Example Trading', id: '91310000MA1FL0000X' },
  batches,
  ...overrides,
});

const okXml = async (input: PaymentFileInput, profile: BankProfile): Promise<string> => {
  const r = await buildAndValidate(input, profile);
  if (!r.ok) throw new Error(JSON.stringify(r.error, null, 2));
  return r.value;
};

describe('buildAndValidate', () => {
  it.each(['pain.001.001.03', 'pain.001.001.09'] as const)('writes a schema-valid %s with a CNY domestic batch and a EUR cross-border payment', async (format) => {
    const input = file(format, [cnyBatch, { ...eurBatch, payments: eurBatch.payments.map((p) => (format === 'pain.001.001.03' ? { ...p, uetr: undefined } : p)) }]);
    const xml = await okXml(input, UTF8_PROFILE);
    expect(await validateXml(format, xml)).toEqual({ ok: true });
    const doc = parse(xml);
    expect(doc.GrpHdr).toMatchObject({ MsgId: 'MSG-2026-12-06-0001', NbOfTxs: '4', CtrlSum: '2097.29' });
    const [cny, eur] = doc.PmtInf;
    expect(cny).toMatchObject({ PmtInfId: 'RUN-2026-12-06-CNY', NbOfTxs: '3', CtrlSum: '1640.51', BtchBookg: 'false', PmtTpInf: { CtgyPurp: { Cd: 'OTHR' } } });
    expect(eur).toMatchObject({ NbOfTxs: '1', CtrlSum: '456.78' });
    // Domestic: account in Othr/Id, bank by CNAPS code in ClrSysMmbId.
    const zhang = cny!.CdtTrfTxInf[0]!;
    expect(zhang.CdtrAcct.Id.Othr?.Id).toBe('6222020200112345679');
    expect(zhang.CdtrAgt?.FinInstnId).toEqual({ ClrSysMmbId: { ClrSysId: { Cd: 'CNAPS' }, MmbId: '102100099996' } });
    expect(zhang.Amt.InstdAmt).toEqual({ '#text': '1280.50', '@_Ccy': 'CNY' });
    expect(zhang.Purp?.Cd).toBe('BEXP');
    // Cross-border: BIC (v03 `BIC`, v09 `BICFI`) and IBAN in electronic form.
    const jurgen = eur!.CdtTrfTxInf[0]!;
    expect(jurgen.CdtrAgt?.FinInstnId).toEqual(format === 'pain.001.001.03' ? { BIC: 'ABNANL2A' } : { BICFI: 'ABNANL2A' });
    expect(jurgen.CdtrAcct.Id.IBAN).toBe('NL91ABNA0417164300');
    expect(jurgen.PmtId.UETR).toBe(format === 'pain.001.001.09' ? '9b2f1a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b' : undefined);
    expect(eur!.ReqdExctnDt).toEqual(format === 'pain.001.001.09' ? { Dt: '2026-12-08' } : '2026-12-08');
    expect(xml).toContain('<CreDtTm>2026-12-06T08:30:00Z</CreDtTm>');
  });

  it('writes CtrlSum and InstdAmt with each currency exponent: JPY 0, CNY 2, BHD 3 decimals', async () => {
    const pay = (id: string, minor: number, currency: string): PaymentInput => ({
      endToEndId: id,
      amount: { minor, currency },
      creditor: { name: 'Tanaka Taro', account: { iban: 'GB82WEST12345698765432' }, agent: { bic: 'NWBKGB2L' } },
    });
    const batch = (id: string, payments: PaymentInput[]): BatchInput => ({ ...eurBatch, pmtInfId: id, payments });
    const xml = await okXml(
      file('pain.001.001.09', [
        batch('JPY', [pay('J1', 18_500, 'JPY'), pay('J2', 7, 'JPY')]),
        batch('CNY', [pay('C1', 5, 'CNY'), pay('C2', 1_000_000, 'CNY')]),
        batch('BHD', [pay('B1', 1_234, 'BHD'), pay('B2', 5, 'BHD')]),
      ]),
      UTF8_PROFILE,
    );
    const doc = parse(xml);
    expect(doc.PmtInf.map((b) => [b.NbOfTxs, b.CtrlSum])).toEqual([
      ['2', '18507'],
      ['2', '10000.05'],
      ['2', '1.239'],
    ]);
    expect(doc.PmtInf.flatMap((b) => b.CdtTrfTxInf.map((t) => t.Amt.InstdAmt['#text']))).toEqual(['18500', '7', '0.05', '10000.00', '1.234', '0.005']);
    // The group sum adds the amounts "irrespective of currencies", with decimal arithmetic: 18507 + 10000.05 + 1.239.
    expect(doc.GrpHdr).toMatchObject({ NbOfTxs: '6', CtrlSum: '28508.289' });
  });

  it('transliterates to the EPC character set and cuts names to 70 characters under the SEPA profile', async () => {
    const long = 'Société Générale Ærøskøbing Straße Ünïcödé Łódź Œuvre & Partner — Immobilienverwaltungsgesellschaft mbH';
    const input = file('pain.001.001.03', [
      { ...eurBatch, payments: [{ ...eurBatch.payments[0]!, uetr: undefined, creditor: { ...eurBatch.payments[0]!.creditor, name: long }, remittance: '报销 Berlin trip（12月）: 45,678€' }] },
    ]);
    const doc = parse(await okXml(input, SEPA_PROFILE));
    const tx = doc.PmtInf[0]!.CdtTrfTxInf[0]!;
    expect(tx.Cdtr.Nm).toBe('Societe Generale AEroskobing Strasse Unicode Lodz OEuvre + Partner - I');
    expect(Array.from(tx.Cdtr.Nm)).toHaveLength(70);
    expect(tx.Cdtr.Nm).toMatch(/^[A-Za-z0-9/\-?:().,'+ ]+$/);
    expect(tx.RmtInf?.Ustrd).toBe('? Berlin trip(12?): 45,678EUR');
  });

  it('cuts the remittance to 140 characters', async () => {
    const input = file('pain.001.001.09', [{ ...eurBatch, payments: [{ ...eurBatch.payments[0]!, remittance: 'x'.repeat(200) }] }]);
    expect(parse(await okXml(input, SEPA_PROFILE)).PmtInf[0]!.CdtTrfTxInf[0]!.RmtInf?.Ustrd).toBe('x'.repeat(140));
  });

  it('keeps Chinese names and remittance text under the UTF-8 profile', async () => {
    const doc = parse(await okXml(file('pain.001.001.09', [cnyBatch]), UTF8_PROFILE));
    const tx = doc.PmtInf[0]!.CdtTrfTxInf[0]!;
    expect(tx.Cdtr.Nm).toBe('张伟');
    expect(tx.RmtInf?.Ustrd).toBe('报销单 EXP-1 差旅费');
  });

  it.each(['pain.001.001.03', 'pain.001.001.09'] as const)('writes Othr/Id NOTPROVIDED for a debtor bank given without identifier (%s)', async (format) => {
    const batch = { ...eurBatch, debtor: { ...eurBatch.debtor, agent: {} }, payments: [{ ...eurBatch.payments[0]!, uetr: undefined }] };
    const xml = await okXml(file(format, [batch]), SEPA_PROFILE);
    expect(xml).toMatch(/<DbtrAgt>\s*<FinInstnId>\s*<Othr>\s*<Id>NOTPROVIDED<\/Id>/);
  });

  it('returns schema errors instead of a file when the profile breaks the XSD (a 6-letter service level)', async () => {
    const r = await buildAndValidate(file('pain.001.001.09', [eurBatch]), { ...SEPA_PROFILE, serviceLevel: 'SEPAXX' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((e) => e.code)).toEqual(['PAIN001.SCHEMA_INVALID']);
    expect(r.error[0]!.message).toMatch(/^line \d+: Element 'Cd'.*maxLength/);
  });

  it('escapes markup characters in names through the XML library', async () => {
    const input = file('pain.001.001.09', [{ ...cnyBatch, payments: [{ ...cnyBatch.payments[0]!, creditor: { ...cnyBatch.payments[0]!.creditor, name: '张伟 <b>&"R&D"</b>' } }] }]);
    const xml = await okXml(input, UTF8_PROFILE);
    expect(xml).toContain('<Nm>张伟 &lt;b&gt;&amp;&quot;R&amp;D&quot;&lt;/b&gt;</Nm>');
    expect(parse(xml).PmtInf[0]!.CdtTrfTxInf[0]!.Cdtr.Nm).toBe('张伟 <b>&"R&D"</b>');
  });
});

describe('refusals', () => {
  const codes = (r: { ok: boolean; error?: { code: string }[] }): string[] => (r.ok ? [] : (r.error ?? []).map((e) => e.code));

  it('refuses an invalid IBAN and names the payment', () => {
    const bad = { ...eurBatch.payments[0]!, creditor: { ...eurBatch.payments[0]!.creditor, account: { iban: 'NL91ABNA0417164301' } } };
    const r = buildPain001(file('pain.001.001.09', [{ ...eurBatch, payments: [bad] }]), SEPA_PROFILE);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual([
      expect.objectContaining({ code: 'PAIN001.INVALID_ACCOUNT', cause: 'ACCOUNT.IBAN_CHECKSUM', endToEndId: 'RMB-2026-12-0100', path: 'batches[0].payments[0].creditor.account' }),
    ]);
    expect(r.error[0]!.message).toContain('RMB-2026-12-0100');
  });

  it('refuses a duplicate EndToEndId within the file, even across batches', () => {
    const dup = { ...eurBatch, payments: [{ ...eurBatch.payments[0]!, endToEndId: cnyBatch.payments[1]!.endToEndId }] };
    const r = buildPain001(file('pain.001.001.09', [cnyBatch, dup]), UTF8_PROFILE);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual([expect.objectContaining({ code: 'PAIN001.DUPLICATE_ID', endToEndId: 'RMB-2026-12-0002', pmtInfId: 'RUN-2026-12-06-EUR' })]);
  });

  it('refuses the same UETR on two payments, whatever its case', () => {
    const p = eurBatch.payments[0]!;
    const payments = [p, { ...p, endToEndId: 'OTHER', uetr: p.uetr!.toUpperCase() }];
    const r = buildPain001(file('pain.001.001.09', [{ ...eurBatch, payments }]), SEPA_PROFILE);
    expect(r.ok ? [] : r.error.map((e) => [e.code, e.path])).toEqual([['PAIN001.DUPLICATE_ID', 'batches[0].payments[1].uetr']]);
  });

  it('refuses a UnionPay card number with a wrong digit', () => {
    const bad = employee(9, '赵敏', '6222020200112345678', '102100099996', 100);
    const r = buildPain001(file('pain.001.001.09', [{ ...cnyBatch, payments: [bad] }]), UTF8_PROFILE);
    expect(r.ok ? undefined : r.error[0]).toMatchObject({ code: 'PAIN001.INVALID_ACCOUNT', cause: 'ACCOUNT.CARD_CHECKSUM', endToEndId: 'RMB-2026-12-0009' });
  });

  it('refuses zero, negative and fractional amounts and unknown currencies', () => {
    const p = { ...eurBatch.payments[0]!, uetr: undefined };
    const payments = [
      { ...p, endToEndId: 'A', amount: { minor: 0, currency: 'EUR' } },
      { ...p, endToEndId: 'B', amount: { minor: -5, currency: 'EUR' } },
      { ...p, endToEndId: 'C', amount: { minor: 1.5, currency: 'EUR' } },
      { ...p, endToEndId: 'D', amount: { minor: 100, currency: 'XYZ' } },
    ];
    expect(codes(buildPain001(file('pain.001.001.09', [{ ...eurBatch, payments }]), UTF8_PROFILE))).toEqual([
      'PAIN001.INVALID_AMOUNT',
      'PAIN001.INVALID_AMOUNT',
      'PAIN001.INVALID_AMOUNT',
      'PAIN001.UNSUPPORTED_CURRENCY',
    ]);
  });

  it('refuses ids that are empty, longer than 35 characters, padded or holding control characters', () => {
    const payments = [
      { ...eurBatch.payments[0]!, endToEndId: '' },
      { ...eurBatch.payments[0]!, endToEndId: 'TAB\tID', uetr: undefined },
    ];
    const r = buildPain001(file('pain.001.001.09', [{ ...eurBatch, pmtInfId: 'P'.repeat(36), payments }], { msgId: ' M' }), UTF8_PROFILE);
    expect(r.ok ? [] : r.error.map((e) => [e.code, e.path])).toEqual([
      ['PAIN001.INVALID_ID', 'msgId'],
      ['PAIN001.INVALID_ID', 'batches[0].pmtInfId'],
      ['PAIN001.INVALID_ID', 'batches[0].payments[0].endToEndId'],
      ['PAIN001.INVALID_ID', 'batches[0].payments[1].endToEndId'],
    ]);
  });

  it('refuses a UETR that is not a version-4 UUID, and any UETR in pain.001.001.03', () => {
    const p = eurBatch.payments[0]!;
    const v5 = { ...p, uetr: 'eb6305c9-1f7f-59a7-8b4c-2f5b0a9d3e11' };
    expect(codes(buildPain001(file('pain.001.001.09', [{ ...eurBatch, payments: [v5] }]), SEPA_PROFILE))).toEqual(['PAIN001.INVALID_UETR']);
    expect(codes(buildPain001(file('pain.001.001.03', [eurBatch]), SEPA_PROFILE))).toEqual(['PAIN001.INVALID_UETR']);
  });

  it('refuses a name the EPC character set cannot carry at all instead of sending "?"', () => {
    const r = buildPain001(file('pain.001.001.09', [cnyBatch]), SEPA_PROFILE);
    expect(codes(r)).toContain('PAIN001.INVALID_NAME');
    expect(r.ok ? '' : r.error.find((e) => e.endToEndId === 'RMB-2026-12-0001')?.message).toMatch(/pinyin/);
  });

  it('refuses a payment to a non-IBAN account without a creditor bank, and a bad CNAPS code', () => {
    const p = cnyBatch.payments[0]!;
    const payments = [
      { ...p, endToEndId: 'NOBANK', creditor: { ...p.creditor, agent: undefined } },
      { ...p, endToEndId: 'BADCNAPS', creditor: { ...p.creditor, agent: { cnaps: '10210009999' } } },
    ];
    const r = buildPain001(file('pain.001.001.09', [{ ...cnyBatch, payments }]), UTF8_PROFILE);
    expect(r.ok ? [] : r.error.map((e) => [e.code, e.endToEndId, e.cause])).toEqual([
      ['PAIN001.INVALID_AGENT', 'NOBANK', undefined],
      ['PAIN001.INVALID_AGENT', 'BADCNAPS', 'ACCOUNT.CNAPS_FORMAT'],
    ]);
  });

  it('refuses ids outside the EPC set for an EPC bank, and keeps them as given for a UTF-8 bank', () => {
    const input = file('pain.001.001.09', [{ ...eurBatch, payments: [{ ...eurBatch.payments[0]!, endToEndId: '报销-1' }] }], { msgId: '/MSG1' });
    const r = buildPain001(input, SEPA_PROFILE);
    expect(r.ok ? [] : r.error.map((e) => [e.code, e.path])).toEqual([
      ['PAIN001.INVALID_ID', 'msgId'],
      ['PAIN001.INVALID_ID', 'batches[0].payments[0].endToEndId'],
    ]);
    const utf8 = buildPain001(input, UTF8_PROFILE);
    expect(utf8.ok && parse(utf8.value).PmtInf[0]!.CdtTrfTxInf[0]!.PmtId.EndToEndId).toBe('报销-1');
  });

  it('refuses a non-euro or non-IBAN payment under the SEPA profile', () => {
    const p = { ...eurBatch.payments[0]!, uetr: undefined };
    const payments = [
      { ...p, endToEndId: 'USD', amount: { minor: 100, currency: 'USD' } },
      { ...p, endToEndId: 'OTHR', creditor: { ...p.creditor, account: { other: '123456789' } } },
    ];
    const r = buildPain001(file('pain.001.001.09', [{ ...eurBatch, payments }]), SEPA_PROFILE);
    expect(r.ok ? [] : r.error.map((e) => [e.code, e.endToEndId])).toEqual([
      ['PAIN001.PROFILE_MISMATCH', 'USD'],
      ['PAIN001.PROFILE_MISMATCH', 'OTHR'],
    ]);
  });

  it('refuses an impossible execution date and a malformed purpose code', () => {
    const r = buildPain001(file('pain.001.001.09', [{ ...eurBatch, requestedExecutionDate: '2026-02-30', categoryPurpose: 'sala' }]), SEPA_PROFILE);
    expect(codes(r)).toEqual(['PAIN001.INVALID_DATE', 'PAIN001.INVALID_CODE']);
  });
});

describe('control sums (property)', () => {
  it('CtrlSum equals the sum of the amounts, at batch and group level, for random inputs', () => {
    const currencies = ['CNY', 'JPY', 'BHD', 'EUR'] as const;
    const exp: Record<(typeof currencies)[number], number> = { CNY: 2, JPY: 0, BHD: 3, EUR: 2 };
    const toMilli = (s: string): bigint => {
      const [w = '0', f = ''] = s.split('.');
      return BigInt(w) * 1000n + BigInt(f.padEnd(3, '0'));
    };
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.record({ minor: fc.integer({ min: 1, max: 2 ** 40 }), currency: fc.constantFrom(...currencies) }), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }),
        (batches) => {
          let n = 0;
          const input = file(
            'pain.001.001.09',
            batches.map((amounts, b) => ({
              ...eurBatch,
              pmtInfId: `B${b}`,
              payments: amounts.map((amount) => ({ ...eurBatch.payments[0]!, uetr: undefined, endToEndId: `E${n++}`, amount })),
            })),
          );
          const r = buildPain001(input, UTF8_PROFILE);
          if (!r.ok) throw new Error(JSON.stringify(r.error));
          const doc = parse(r.value);
          let total = 0n;
          doc.PmtInf.forEach((pmtInf, b) => {
            const expected = batches[b]!.reduce((s, a) => s + BigInt(a.minor) * 10n ** BigInt(3 - exp[a.currency]), 0n);
            expect(toMilli(pmtInf.CtrlSum)).toBe(expected);
            expect(pmtInf.CtrlSum).toMatch(/^\d+(\.\d{1,3})?$/);
            // The written amounts add up to the batch sum too: the file is consistent with itself.
            expect(pmtInf.CdtTrfTxInf.reduce((s, t) => s + toMilli(t.Amt.InstdAmt['#text']), 0n)).toBe(expected);
            expect(Number(pmtInf.NbOfTxs)).toBe(batches[b]!.length);
            total += expected;
          });
          expect(toMilli(doc.GrpHdr.CtrlSum)).toBe(total);
          expect(Number(doc.GrpHdr.NbOfTxs)).toBe(n);
        },
      ),
      { numRuns: 200 },
    );
  });
});
