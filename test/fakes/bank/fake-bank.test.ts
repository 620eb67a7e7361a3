// The fake bank's books: camt.054 per booked batch, camt.053 statements that reconcile day after day, returns booked
// days later, insufficient funds, and every camt it writes valid against the official XSDs.
import { describe, expect, it } from 'vitest';
import { validateXml } from '../../../src/integrations/bank/iso20022/xsd-validate.js';
import { FakeBankCore } from './bank-core.js';
import { peekCamt053, peekCamt054, peekPain002 } from './iso-peek.js';
import { samplePain001, type SampleBatch, type SampleTx } from './sample-pain001.js';

const DEBTOR = '755912345610801';
const DAY = 86_400_000;

function bankAt(startMs: number, openingMinor = 1_000_000) {
  const clock = { now: startMs };
  const bank = new FakeBankCore({ accounts: { [DEBTOR]: { currency: 'CNY', openingMinor } }, now: () => clock.now });
  return { bank, clock };
}

const tx = (id: string, amountMinor: number, creditorAccount: string): SampleTx => ({ endToEndId: id, amountMinor, creditorName: `Payee ${id}`, creditorAccount, remittance: `claim ${id}` });

async function send(bank: FakeBankCore, msgId: string, batches: SampleBatch[]) {
  return bank.submit({ msgId, format: 'pain.001.001.03', xml: samplePain001({ msgId, debtorAccount: DEBTOR, batches }) });
}

const filesOf = (bank: FakeBankCore, kind: string) => bank.state.files.filter((f) => f.kind === kind);

// 2026-12-07 10:00 in Shanghai.
const MON = Date.UTC(2026, 11, 7, 2);

describe('fake bank: notifications and statements', () => {
  it('sends one camt.054 entry per PmtInf, with Btch and one TxDtls per payment, valid against the XSD', async () => {
    const { bank } = bankAt(MON);
    const r = await send(bank, 'MSG-N', [
      { pmtInfId: 'B1', requestedDate: '2026-12-07', txs: [tx('E1', 10_000, '6222000000000001'), tx('E2', 20_000, '6222000000000002')] },
      { pmtInfId: 'B2', requestedDate: '2026-12-07', txs: [tx('E3', 30_000, '6222000000000003')] },
    ]);
    expect(r.status).toBe(201);
    const [ntf] = filesOf(bank, 'camt.054');
    expect(await validateXml('camt.054.001.02', ntf!.xml)).toEqual({ ok: true });
    const entries = peekCamt054(ntf!.xml);
    expect(entries.map((e) => ({ amount: e.amountMinor, cdtDbt: e.cdtDbt, status: e.status, batch: e.batch }))).toEqual([
      { amount: 30_000, cdtDbt: 'DBIT', status: 'BOOK', batch: { msgId: 'MSG-N', pmtInfId: 'B1', nbOfTxs: 2 } },
      { amount: 30_000, cdtDbt: 'DBIT', status: 'BOOK', batch: { msgId: 'MSG-N', pmtInfId: 'B2', nbOfTxs: 1 } },
    ]);
    expect(entries[0]!.txs).toEqual([
      { endToEndId: 'E1', msgId: 'MSG-N', pmtInfId: 'B1', amountMinor: 10_000, returnReason: undefined },
      { endToEndId: 'E2', msgId: 'MSG-N', pmtInfId: 'B1', amountMinor: 20_000, returnReason: undefined },
    ]);
    expect(new Set(entries.map((e) => e.acctSvcrRef)).size).toBe(2);
  });

  it('closes days with statements whose balances reconcile and whose sequence numbers follow on', async () => {
    const { bank, clock } = bankAt(MON);
    bank.scenario.set('6222000000000009', 'AC04');
    await send(bank, 'MSG-D1', [{ pmtInfId: 'B1', requestedDate: '2026-12-07', txs: [tx('E1', 12_345, '6222000000000001'), tx('E9', 999, '6222000000000009')] }]);
    await send(bank, 'MSG-D1B', [{ pmtInfId: 'B1', requestedDate: '2026-12-07', txs: [tx('E2', 50_000, '6222000000000002')] }]);
    bank.closeDay('2026-12-07');
    clock.now += DAY;
    await send(bank, 'MSG-D2', [{ pmtInfId: 'B1', requestedDate: '2026-12-08', txs: [tx('E3', 7_000, '6222000000000003')] }]);
    bank.closeDay('2026-12-08');
    clock.now += DAY;
    bank.closeDay('2026-12-09'); // a day without movements still gets its statement

    const statements = filesOf(bank, 'camt.053');
    for (const s of statements) expect(await validateXml('camt.053.001.02', s.xml)).toEqual({ ok: true });
    const [d1, d2, d3] = statements.map((s) => peekCamt053(s.xml)[0]!);
    expect([d1!.seq, d2!.seq, d3!.seq]).toEqual([1, 2, 3]);
    expect(d1!.opening).toBe(1_000_000);
    expect(d1!.entries.map((e) => e.amountMinor)).toEqual([12_345, 50_000]);
    expect(d2!.opening).toBe(d1!.closing);
    expect(d3!.opening).toBe(d2!.closing);
    for (const s of [d1!, d2!, d3!]) {
      const net = s.entries.reduce((n, e) => n + (e.cdtDbt === 'CRDT' ? e.amountMinor : -e.amountMinor), 0);
      expect(s.opening + net).toBe(s.closing);
    }
    expect(d3!.closing).toBe(1_000_000 - 12_345 - 50_000 - 7_000);
    expect(d3!.entries).toEqual([]);
  });

  it('books a return days later as a credit with RtrInf AC04, and not before it is due', async () => {
    const { bank } = bankAt(MON);
    bank.scenario.set('6222000000000002', 'return');
    bank.returnAfterDays = 3;
    await send(bank, 'MSG-R', [{ pmtInfId: 'B1', requestedDate: '2026-12-07', txs: [tx('E1', 10_000, '6222000000000001'), tx('E2', 25_000, '6222000000000002')] }]);
    expect(peekPain002(filesOf(bank, 'pain.002')[0]!.xml).groupStatus).toBe('ACCP');
    bank.closeDay('2026-12-07');
    bank.closeDay('2026-12-09');
    expect(filesOf(bank, 'camt.054')).toHaveLength(1);
    bank.closeDay('2026-12-10');

    const notices = filesOf(bank, 'camt.054');
    expect(notices).toHaveLength(2);
    expect(await validateXml('camt.054.001.02', notices[1]!.xml)).toEqual({ ok: true });
    const [credit] = peekCamt054(notices[1]!.xml);
    expect(credit).toMatchObject({ cdtDbt: 'CRDT', amountMinor: 25_000, reversal: false, bookingDate: '2026-12-10', batch: undefined });
    expect(credit!.txs).toEqual([{ endToEndId: 'E2', msgId: 'MSG-R', pmtInfId: 'B1', amountMinor: 25_000, returnReason: 'AC04' }]);

    const last = peekCamt053(filesOf(bank, 'camt.053').at(-1)!.xml)[0]!;
    expect(last.entries.map((e) => [e.cdtDbt, e.amountMinor])).toEqual([['CRDT', 25_000]]);
    expect(last.closing).toBe(1_000_000 - 10_000);
    expect(bank.bookedTx('E2')?.returned).toEqual({ date: '2026-12-10', reason: 'AC04' });
  });

  it('can book the return as a reversal of the debit (RvslInd)', async () => {
    const { bank } = bankAt(MON);
    bank.scenario.set('6222000000000002', 'return');
    bank.returnAsReversal = true;
    await send(bank, 'MSG-RV', [{ pmtInfId: 'B1', requestedDate: '2026-12-07', txs: [tx('E2', 25_000, '6222000000000002')] }]);
    bank.closeDay('2026-12-09');
    const [credit] = peekCamt054(filesOf(bank, 'camt.054').at(-1)!.xml);
    expect(credit).toMatchObject({ cdtDbt: 'CRDT', reversal: true });
    expect(await validateXml('camt.054.001.02', filesOf(bank, 'camt.054').at(-1)!.xml)).toEqual({ ok: true });
  });

  it('rejects with AM04 the payments the balance no longer covers, and RJCT when none is paid', async () => {
    const { bank } = bankAt(MON, 15_000);
    await send(bank, 'MSG-AM', [{ pmtInfId: 'B1', requestedDate: '2026-12-07', txs: [tx('E1', 10_000, '6222000000000001'), tx('E2', 10_000, '6222000000000002'), tx('E3', 5_000, '6222000000000003')] }]);
    expect(peekPain002(filesOf(bank, 'pain.002')[0]!.xml)).toMatchObject({ groupStatus: 'PART', rejected: [{ endToEndId: 'E2', code: 'AM04' }] });
    await send(bank, 'MSG-AM2', [{ pmtInfId: 'B1', requestedDate: '2026-12-07', txs: [tx('E4', 1, '6222000000000004')] }]);
    expect(peekPain002(filesOf(bank, 'pain.002')[1]!.xml)).toMatchObject({ groupStatus: 'RJCT', rejected: [{ endToEndId: 'E4', code: 'AM04' }] });
    expect(bank.bookedPayments().map((t) => t.endToEndId)).toEqual(['E1', 'E3']);
    expect(bank.receipt('E2')).toBeUndefined();
    expect(bank.receipt('E1')?.data).toBeInstanceOf(Uint8Array);
  });

  it('refuses a file whose NbOfTxs does not match its transactions (beyond what the XSD checks)', async () => {
    const { bank } = bankAt(MON);
    const xml = samplePain001({ msgId: 'MSG-NB', debtorAccount: DEBTOR, batches: [{ pmtInfId: 'B1', requestedDate: '2026-12-07', txs: [tx('E1', 100, '6222000000000001')] }] }).replace(
      '<NbOfTxs>1</NbOfTxs>',
      '<NbOfTxs>2</NbOfTxs>',
    );
    const r = await bank.submit({ msgId: 'MSG-NB', format: 'pain.001.001.03', xml });
    expect(r).toEqual({ status: 422, body: { code: 'FF01', reasons: ['GrpHdr/NbOfTxs is 2 but the file holds 1 transactions'] } });
  });

  it('serves a structurally valid PDF receipt: every xref offset points at its object, startxref at the table', async () => {
    const { bank } = bankAt(MON);
    await send(bank, 'MSG-PDF', [{ pmtInfId: 'B1', requestedDate: '2026-12-07', txs: [tx('E1', 123_456, '6222000000000001')] }]);
    const pdf = Buffer.from(bank.receipt('E1')!.data).toString('latin1');
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]);
    expect(pdf.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...pdf.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((at, i) => expect(pdf.slice(at, at + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    const length = Number(/\/Length (\d+)/.exec(pdf)?.[1]);
    const stream = /stream\n([\s\S]*?)\nendstream/.exec(pdf)?.[1];
    expect(stream?.length).toBe(length);
    expect(pdf).toContain('(Amount: CNY 1234.56)');
  });
});
