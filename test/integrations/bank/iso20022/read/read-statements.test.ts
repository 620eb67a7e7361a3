// The streaming camt reader on the quirks real bank files have (README of test/fixtures/iso20022), value by value.
import { createReadStream, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BankStatement } from '../../../../../domain/payment/statement.js';
import { Iso20022ReadError, readStatementEvents, readStatements, type XmlInput } from '../../../../../src/integrations/bank/iso20022/read/index.js';
import { root } from '../../../../cli/cli-process.js';

const fixture = (name: string) => path.join(root, 'test/fixtures/iso20022', name);

async function statementsOf(input: XmlInput): Promise<BankStatement[]> {
  const out: BankStatement[] = [];
  for await (const s of readStatements(input)) out.push(s);
  return out;
}

const read = (name: string) => statementsOf(createReadStream(fixture(name)));

/** The same bytes cut into chunks of `size`, so elements, entities and UTF-8 characters straddle chunk edges. */
function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('readStatements', () => {
  it('yields both statements of a file whose first statement is empty, each with its own account', async () => {
    const [first, second, third] = await read('svapnil-gs-uk-v02-two-stmt.xml');
    expect(third).toBeUndefined();
    expect(first?.entries).toHaveLength(0);
    expect(first?.account).toEqual({ other: '60000635', currency: 'GBP' });
    expect(second?.entries).toHaveLength(6);
    expect(second?.account.iban).toBe('GB36GSLD04296250000970');
  });

  it('reads the header: kind, version, message id, statement id and sequence numbers', async () => {
    const [first, second] = await read('genkgo-v02-two-stmt.xml');
    expect(first).toMatchObject({ kind: 'camt.053', version: 'camt.053.001.02', statementId: '253EURNL26VAYB8060476890', electronicSequence: 12312, legalSequence: 12312 });
    expect(first?.messageId).not.toBe('');
    expect(second?.statementId).toBe('254EURNL26VAYB8060476890');
    expect(second?.electronicSequence).toBeUndefined();
  });

  it('prefers OPBD over a PRCD listed before it, and falls back to PRCD when there is no OPBD', async () => {
    const [ing] = await read('svapnil-ing-v02-prcd-opbd.xml');
    expect(ing?.openingBalance?.code).toBe('OPBD');
    const [fi] = await read('moov-fi-v02-batch-fx.xml');
    expect(fi?.openingBalance?.code).toBe('OPBD');
    const [abn] = await read('svapnil-abnamro-v02-batch-prcd.xml');
    expect(abn?.openingBalance).toMatchObject({ code: 'PRCD', amount: { minor: 100001, currency: 'EUR' } });
  });

  it('leaves opening and closing out when only OPAV/CLAV are given', async () => {
    const [lt] = await read('moov-lt-v02-no-opbd.xml');
    expect(lt?.openingBalance).toBeUndefined();
    expect(lt?.closingBalance).toBeUndefined();
  });

  it('reads debit balances as negative and balances without CdtDbtInd as credits', async () => {
    const [gs] = await read('svapnil-gs-us-v02-debit-bal-fx.xml');
    expect(gs?.openingBalance?.amount).toEqual({ minor: -84368620, currency: 'USD' });
    const [lt] = await read('subite-lt-v08-two-stmt.xml');
    expect(lt?.openingBalance?.amount).toEqual({ minor: 2404502950, currency: 'EUR' });
  });

  it('keeps DtTm booking dates as written and Dt value dates as days', async () => {
    const [gs] = await read('svapnil-gs-us-v02-debit-bal-fx.xml');
    const eur = gs?.entries.find((e) => e.amount.currency === 'EUR');
    expect(eur).toMatchObject({ bookingDate: '2023-08-02T14:52:06.000Z', valueDate: '2023-08-02', creditDebit: 'DBIT', amount: { minor: 2906 } });
  });

  it('reads entries without Sts or BookgDt, and batch counts larger than the details present', async () => {
    const [lt] = await read('subite-lt-v08-two-stmt.xml');
    const entries = lt?.entries ?? [];
    expect(entries.every((e) => e.status === undefined && e.bookingDate === undefined)).toBe(true);
    expect(entries.map((e) => e.batch.nbOfTxs)).toEqual([6, 2, 2, 82, 1, 3, 7, 1, 3, 1, 1, 1, 2, 1]);
    expect(entries.every((e) => e.transactions.length === 1)).toBe(true);
  });

  it('reads <Sts>INFO</Sts> in a v10 notification and TxDtls whose own direction nets to the entry', async () => {
    const [n] = await read('subite-lt-054v10-bulk.xml');
    expect(n?.kind).toBe('camt.054');
    const entry = n?.entries[0];
    expect(entry).toMatchObject({ status: 'INFO', creditDebit: 'DBIT', amount: { minor: 19467225, currency: 'EUR' } });
    const txs = entry?.transactions ?? [];
    expect(txs.filter((t) => t.creditDebit === 'CRDT')).toHaveLength(32);
    expect(txs.filter((t) => t.creditDebit === 'DBIT')).toHaveLength(9);
    const net = txs.reduce((s, t) => s + (t.creditDebit === 'CRDT' ? 1 : -1) * (t.amount?.minor ?? 0), 0);
    expect(net).toBe(-19467225);
  });

  it('reads the v08 status written <Sts><Cd>BOOK</Cd></Sts>', async () => {
    const [ubs] = await read('camt053_v08_CH_UBS.xml');
    expect(ubs?.entries.map((e) => e.status)).toEqual(['BOOK', 'BOOK', 'BOOK']);
  });

  it('drops NOTPROVIDED end-to-end ids, keeps long Ustrd whole and marks reversals', async () => {
    const [abn] = await read('svapnil-abnamro-v02-batch-prcd.xml');
    const txs = abn?.entries.flatMap((e) => e.transactions) ?? [];
    expect(txs).toHaveLength(26);
    expect(txs.filter((t) => t.endToEndId === undefined)).toHaveLength(15);
    expect(txs.some((t) => t.endToEndId === 'NOTPROVIDED')).toBe(false);
    expect(Math.max(...txs.flatMap((t) => t.remittance.unstructured.map((u) => u.length)))).toBe(204);
    expect(abn?.entries.filter((e) => e.reversal)).toHaveLength(2);
  });

  it('reads integer, one-decimal and four-place amounts exactly', async () => {
    const [lt] = await read('subite-lt-v08-two-stmt.xml');
    const minors = lt?.entries.map((e) => e.amount.minor) ?? [];
    expect(minors).toContain(3684700); // written 36847
    const [be] = await read('subite-be-v02-int-amounts.xml');
    expect(be?.entries.map((e) => e.amount.minor)).toContain(78990440); // written 789904.4
    const [sek] = await read('irp-iso-mdr-v02-sek.xml');
    expect(sek?.openingBalance?.amount).toEqual({ minor: 50000000, currency: 'SEK' }); // written 500000
  });

  it('names the counterparty by direction: the debtor of a credit', async () => {
    const [n] = await read('camt054_v08_CH_PostFinance.xml');
    const tx = n?.entries[0]?.transactions[0];
    expect(n?.entries[0]?.creditDebit).toBe('CRDT');
    expect(tx?.counterparty.name).toBeTruthy();
  });

  it('reads a file with a UTF-8 BOM, CRLF line ends, and any chunking, to the same result', async () => {
    const bytes = readFileSync(fixture('camt053_v04_CH_PostFinance.xml'));
    const whole = await statementsOf([bytes]);
    const withBom = await statementsOf([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])]);
    const crlf = await statementsOf([Buffer.from(bytes.toString('utf8').replace(/\r?\n/g, '\r\n'))]);
    const tiny = await statementsOf(chunked(bytes, 7));
    const bomText = await statementsOf([`\uFEFF${bytes.toString('utf8')}`]);
    expect(whole[0]?.entries).toHaveLength(13);
    expect(withBom).toEqual(whole);
    expect(crlf).toEqual(whole);
    expect(tiny).toEqual(whole);
    expect(bomText).toEqual(whole);
    const names = whole.flatMap((s) => s.entries.flatMap((e) => e.transactions.map((t) => t.counterparty.name ?? '')));
    expect(names.some((n) => n.includes('Zürich') || n.includes('Zürcher'))).toBe(true);
  });

  it('keeps CRLF out of values in a CRLF file', async () => {
    const [n] = await read('moov-fi-054v02-info.xml');
    const texts = n?.entries.flatMap((e) => e.transactions.flatMap((t) => t.remittance.unstructured)) ?? [];
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.some((t) => t.includes('\r'))).toBe(false);
    expect(n?.entries.find((e) => e.status === 'INFO')?.reversal).toBe(true);
  });

  it('reads elements with a namespace prefix and without any namespace', async () => {
    const body = '<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId></GrpHdr><Stmt><Id>S1</Id><Acct><Id><IBAN>DE1</IBAN></Id><Ccy>EUR</Ccy></Acct>' +
      '<Ntry><Amt Ccy="EUR">1.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry></Stmt></BkToCstmrStmt>';
    const prefixed = `<ns:Document xmlns:ns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04">${body.replace(/<(\/?)(\w)/g, '<$1ns:$2')}</ns:Document>`;
    const [p] = await statementsOf([prefixed]);
    expect(p).toMatchObject({ version: 'camt.053.001.04', messageId: 'M1', statementId: 'S1' });
    expect(p?.entries[0]?.amount).toEqual({ minor: 150, currency: 'EUR' });
    const [bare] = await statementsOf([`<Document>${body}</Document>`]);
    expect(bare?.version).toBe('camt.053');
  });

  it('reads the Swiss SIX namespace version', async () => {
    const xml = '<Document xmlns="http://www.six-interbank-clearing.com/de/camt.054.001.04.ch.02.xsd"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M</MsgId></GrpHdr>' +
      '<Ntfctn><Id>N</Id><Acct><Id><IBAN>CH1</IBAN></Id></Acct></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>';
    const [n] = await statementsOf([xml]);
    expect(n).toMatchObject({ kind: 'camt.054', version: 'camt.054.001.04', entries: [] });
  });

  it('hands out entries while the input is still being read (streaming, not whole-document)', async () => {
    let produced = 0;
    async function* source(): AsyncGenerator<string> {
      yield '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr><Stmt><Id>S</Id><Acct><Id><IBAN>DE1</IBAN></Id></Acct>';
      for (; produced < 1000; produced++) yield `<Ntry><Amt Ccy="EUR">${produced}.01</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>`;
      yield '</Stmt></BkToCstmrStmt></Document>';
    }
    const producedAtEntry: number[] = [];
    for await (const e of readStatementEvents(source())) if (e.type === 'entry') producedAtEntry.push(produced);
    expect(producedAtEntry).toHaveLength(1000);
    // The first entry comes out as soon as its closing tag has been read, long before the last one is produced.
    expect(producedAtEntry[0]).toBeLessThan(5);
    expect(producedAtEntry[499]).toBeLessThan(505);
  });

  it('yields entries before their statement header in the event stream', async () => {
    const types: string[] = [];
    for await (const e of readStatementEvents(createReadStream(fixture('genkgo-v02-two-stmt.xml')))) types.push(`${e.type}${e.statementIndex}`);
    expect(types).toEqual(['entry0', 'statement0', 'entry1', 'statement1']);
  });

  it('reads a file stream the same whether it is read directly, given a byte range, or given an open descriptor', async () => {
    const file = fixture('genkgo-v02-two-stmt.xml');
    const xml = readFileSync(file);
    const dir = mkdtempSync(path.join(tmpdir(), 'camt-range-'));
    try {
      const padded = path.join(dir, 'padded.xml');
      writeFileSync(padded, Buffer.concat([Buffer.from('JUNK'), xml, Buffer.from('<trailer>')]));
      const expected = await read('genkgo-v02-two-stmt.xml');
      expect(expected).toHaveLength(2);
      expect(await statementsOf(createReadStream(padded, { start: 4, end: 4 + xml.length - 1 }))).toEqual(expected);
      expect(await statementsOf(createReadStream('', { fd: openSync(file, 'r') }))).toEqual(expected);
      await expect(statementsOf(createReadStream(padded))).rejects.toThrow(/text before the root element/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing file as the file system error', async () => {
    await expect(statementsOf(createReadStream(fixture('no-such-file.xml')))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('readStatements refuses what it cannot read', () => {
  const good = readFileSync(fixture('svapnil-nordea-fi-v02.xml'), 'utf8');

  it('throws on a truncated file with line and column, after yielding nothing', async () => {
    const seen: string[] = [];
    const run = async () => {
      for await (const s of readStatements([good.slice(0, 3000)])) seen.push(s.statementId);
    };
    await expect(run()).rejects.toThrow(/truncated XML: the file ends at line \d+, column \d+/);
    expect(seen).toEqual([]);
  });

  it('throws on mismatched tags with the position', async () => {
    const error = await statementsOf([good.replace('</Amt>', '</Amtx>')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Iso20022ReadError);
    expect((error as Iso20022ReadError).reason).toBe('MALFORMED_XML');
    expect((error as Iso20022ReadError).position?.line).toBeGreaterThan(1);
    expect((error as Iso20022ReadError).message).toMatch(/^malformed XML at line \d+, column \d+/);
  });

  it('throws on an empty file and on bytes that are not UTF-8', async () => {
    await expect(statementsOf([''])).rejects.toThrow(/no XML document/);
    await expect(statementsOf([Buffer.from([0x3c, 0x61, 0xff, 0xfe, 0x3e])])).rejects.toThrow(/not valid UTF-8/);
  });

  it('throws WRONG_DOCUMENT for a pain.002 and for a non-ISO document', async () => {
    const pain = await statementsOf([readFileSync(fixture('svapnil-gs-pain002v03-accepted.xml'))]).catch((e: unknown) => e);
    expect((pain as Iso20022ReadError).reason).toBe('WRONG_DOCUMENT');
    expect((pain as Error).message).toBe('expected a camt.053 or camt.054 document, got pain.002 (<CstmrPmtStsRpt>)');
    await expect(statementsOf(['<html><body/></html>'])).rejects.toThrow(/not an ISO 20022 camt.053 or camt.054 document/);
    await expect(statementsOf(['<Document/>'])).rejects.toThrow(/has no message element/);
  });

  it.each([
    'dutchsepa-abnamro-pain001v03.xml',
    'dutchsepa-ing-pain001v03.xml',
    'dvbern-pain001v09ch03.xml',
    'moov-postfinance-pain001v03ch02-muster.xml',
    'moov-siauliu-lt-pain001v03-usd-bom.xml',
  ])('reads %s as well-formed XML and refuses it as a pain.001, not as malformed', async (name) => {
    const error = await read(name).catch((e: unknown) => e);
    expect((error as Iso20022ReadError).reason).toBe('WRONG_DOCUMENT');
    expect((error as Error).message).toBe('expected a camt.053 or camt.054 document, got pain.001 (<CstmrCdtTrfInitn>)');
  });

  it('throws INVALID_VALUE for an amount with more decimals than the currency has, or no direction', async () => {
    await expect(statementsOf([good.replace('>10000.00<', '>10000.001<')])).rejects.toThrow(/statement 1, entry 1 amount: 10000.001 has more decimals than EUR allows/);
    await expect(statementsOf([good.replace(/<CdtDbtInd>DBIT<\/CdtDbtInd>/, '<CdtDbtInd>X</CdtDbtInd>')])).rejects.toThrow(/CdtDbtInd "X"/);
  });
});
