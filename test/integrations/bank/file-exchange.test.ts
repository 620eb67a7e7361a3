// The file-exchange adapter end to end with the fake bank's file mode: atomic, never-overwriting submission, the
// bank's answers read back by kind, archive and error moves, and unknown files set aside with a reason.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BankConnector, PaymentFile } from '../../../domain/payment/bank.port.js';
import { createFileExchangeConnector } from '../../../src/integrations/bank/file-exchange.js';
import { detectBankFileKind } from '../../../src/integrations/bank/file-kind.js';
import { FakeBankCore } from '../../fakes/bank/bank-core.js';
import { processOutbox } from '../../fakes/bank/file-mode.js';
import { peekCamt053, peekCamt054, peekPain002 } from '../../fakes/bank/iso-peek.js';
import { samplePain001, type SampleTx } from '../../fakes/bank/sample-pain001.js';

const DEBTOR = '755912345610801';
let root: string;
let dirs: { outDir: string; inDir: string; archiveDir: string; errorDir: string };
let connector: BankConnector;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bank-files-'));
  dirs = { outDir: join(root, 'out'), inDir: join(root, 'in'), archiveDir: join(root, 'archive'), errorDir: join(root, 'error') };
  connector = createFileExchangeConnector(dirs);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const tx = (n: number): SampleTx => ({ endToEndId: `E2E-${n}`, amountMinor: 20_000 + n, creditorName: `Payee ${n}`, creditorAccount: `62220000000000${String(n).padStart(2, '0')}` });

function paymentFile(msgId: string, txs: SampleTx[]): PaymentFile {
  return { msgId, format: 'pain.001.001.03', debtorAccount: DEBTOR, xml: samplePain001({ msgId, debtorAccount: DEBTOR, batches: [{ pmtInfId: `${msgId}-B1`, requestedDate: '2026-12-07', txs }] }) };
}

const newBank = () => new FakeBankCore({ accounts: { [DEBTOR]: { currency: 'CNY', openingMinor: 5_000_000 } }, now: () => Date.UTC(2026, 11, 7, 2) });

describe('file exchange: submission', () => {
  it('writes exactly <MsgId>.xml with the file content and leaves no temporary file', async () => {
    const file = paymentFile('MSG-F1', [tx(1)]);
    expect(await connector.submit(file)).toEqual({ kind: 'accepted' });
    expect(await readdir(dirs.outDir)).toEqual(['MSG-F1.xml']);
    expect(await readFile(join(dirs.outDir, 'MSG-F1.xml'), 'utf8')).toBe(file.xml);
  });

  it('never shows a partial file to a reader watching the out directory', async () => {
    // A large file (about 6 MB) written while a reader polls: whenever the name is visible, the content is complete,
    // and the only other names ever seen are hidden temporaries that a gateway picking *.xml ignores.
    const big = paymentFile('MSG-BIG', Array.from({ length: 9_000 }, (_, i) => ({ ...tx(i % 90), endToEndId: `E2E-BIG-${i}`, remittance: 'x'.repeat(140) })));
    const seen = new Set<string>();
    let partialReads = 0;
    let writing = true;
    const watcher = (async () => {
      while (writing) {
        for (const name of await readdir(dirs.outDir).catch(() => [] as string[])) {
          seen.add(name.startsWith('.') ? 'hidden temporary' : name);
          if (name === 'MSG-BIG.xml' && (await readFile(join(dirs.outDir, name), 'utf8').catch(() => '')) !== big.xml) partialReads += 1;
          if (name.startsWith('.') && name.endsWith('.xml')) partialReads += 1;
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    const outcome = await connector.submit(big);
    writing = false;
    await watcher;
    expect(outcome.kind).toBe('accepted');
    expect(partialReads).toBe(0);
    expect([...seen].every((n) => n === 'MSG-BIG.xml' || n === 'hidden temporary')).toBe(true);
    expect(await readdir(dirs.outDir)).toEqual(['MSG-BIG.xml']);
  });

  it('answers duplicate for the same file again, and refuses (without overwriting) a different file with the same MsgId', async () => {
    const file = paymentFile('MSG-F2', [tx(1)]);
    expect((await connector.submit(file)).kind).toBe('accepted');
    expect(await connector.submit(file)).toEqual({ kind: 'duplicate' });
    const other = paymentFile('MSG-F2', [tx(2)]);
    const outcome = await connector.submit(other);
    expect(outcome.kind).toBe('rejected');
    expect(await readFile(join(dirs.outDir, 'MSG-F2.xml'), 'utf8')).toBe(file.xml);
    expect(await readdir(dirs.outDir)).toEqual(['MSG-F2.xml']);
  });

  it('publishes once when 20 submissions of the same file race', async () => {
    const file = paymentFile('MSG-F3', [tx(1)]);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => connector.submit(file)));
    expect(outcomes.filter((o) => o.kind === 'accepted')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(19);
    expect(await readdir(dirs.outDir)).toEqual(['MSG-F3.xml']);
  });

  it('refuses a MsgId that cannot be a file name (no path escapes)', async () => {
    const outcome = await connector.submit({ ...paymentFile('MSG-F4', [tx(1)]), msgId: '../evil' });
    expect(outcome.kind).toBe('rejected');
    expect(await readdir(root)).toEqual([]);
  });
});

describe('file exchange: round trip with the fake bank', () => {
  it('gets the status report and the debit notification back, archives them, and finds nothing more', async () => {
    const bank = newBank();
    bank.scenario.set('6222000000000002', 'AM04');
    await connector.submit(paymentFile('MSG-RT', [tx(1), tx(2), tx(3)]));
    const pass = await processOutbox(bank, dirs);
    expect(pass.consumed).toEqual(['MSG-RT.xml']);
    expect(await readdir(dirs.outDir)).toEqual([]);

    const { files, cursor } = await connector.incoming(null);
    expect(files.map((f) => f.kind)).toEqual(['pain.002', 'camt.054']);
    expect(peekPain002(files[0]!.xml)).toMatchObject({ orgnlMsgId: 'MSG-RT', groupStatus: 'PART', rejected: [{ endToEndId: 'E2E-2', code: 'AM04' }] });
    const [entry] = peekCamt054(files[1]!.xml);
    expect(entry).toMatchObject({ cdtDbt: 'DBIT', amountMinor: 20_001 + 20_003, batch: { msgId: 'MSG-RT', pmtInfId: 'MSG-RT-B1', nbOfTxs: 2 } });
    expect(entry!.txs.map((t) => t.endToEndId)).toEqual(['E2E-1', 'E2E-3']);

    for (const f of files) await connector.done(f, 'processed');
    expect((await readdir(dirs.archiveDir)).sort()).toEqual(files.map((f) => f.name).sort());
    expect(await readdir(dirs.inDir)).toEqual([]);
    expect(await connector.incoming(cursor)).toEqual({ files: [], cursor: null });
  });

  it('a resent file is taken once by the bank: no second booking, no second report', async () => {
    const bank = newBank();
    const file = paymentFile('MSG-AGAIN', [tx(1)]);
    await connector.submit(file);
    await processOutbox(bank, dirs);
    expect(await connector.submit(file)).toEqual({ kind: 'accepted' }); // the bank took the first: the name is free again
    const second = await processOutbox(bank, dirs);
    expect(second).toEqual({ consumed: ['MSG-AGAIN.xml'], written: [] });
    expect(bank.bookedPayments()).toHaveLength(1);
  });

  it('a file the bank refuses comes back as a pain.002 RJCT', async () => {
    const bank = newBank();
    const file = paymentFile('MSG-BADF', [tx(1)]);
    await connector.submit({ ...file, xml: file.xml.replace('<PmtMtd>TRF</PmtMtd>', '') });
    await processOutbox(bank, dirs);
    const { files } = await connector.incoming(null);
    expect(files).toHaveLength(1);
    expect(peekPain002(files[0]!.xml)).toMatchObject({ orgnlMsgId: 'MSG-BADF', groupStatus: 'RJCT', groupReasons: ['FF01'] });
  });

  it('delivers the day statement and moves a file that failed processing to the error directory with its reason', async () => {
    const bank = newBank();
    await connector.submit(paymentFile('MSG-DAY', [tx(1)]));
    await processOutbox(bank, dirs);
    bank.closeDay('2026-12-07');
    await processOutbox(bank, dirs);
    const { files } = await connector.incoming(null);
    expect(files.map((f) => f.kind)).toEqual(['pain.002', 'camt.054', 'camt.053']);
    const [stmt] = peekCamt053(files[2]!.xml);
    expect(stmt).toMatchObject({ seq: 1, opening: 5_000_000, closing: 5_000_000 - 20_001 });
    await connector.done(files[2]!, 'failed', 'ledger locked');
    expect((await readdir(dirs.errorDir)).sort()).toEqual([files[2]!.name, `${files[2]!.name}.reason.txt`]);
    expect(await readFile(join(dirs.errorDir, `${files[2]!.name}.reason.txt`), 'utf8')).toBe('ledger locked\n');
  });

  it('sets an unknown file aside in the error directory with a reason, and does not return it', async () => {
    const bank = newBank();
    await connector.submit(paymentFile('MSG-UNK', [tx(1)]));
    await processOutbox(bank, dirs);
    await writeFile(join(dirs.inDir, '000000-camt052.xml'), '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"><BkToCstmrAcctRpt/></Document>');
    await writeFile(join(dirs.inDir, '.000009-partial.xml.part'), 'half');
    const { files } = await connector.incoming(null);
    expect(files.map((f) => f.kind)).toEqual(['pain.002', 'camt.054']);
    expect((await readdir(dirs.errorDir)).sort()).toEqual(['000000-camt052.xml', '000000-camt052.xml.reason.txt']);
    expect(await readFile(join(dirs.errorDir, '000000-camt052.xml.reason.txt'), 'utf8')).toMatch(/not a pain\.002, camt\.053 or camt\.054/);
  });

  it('pages through a full directory by name, then starts over with files never marked done', async () => {
    const paged = createFileExchangeConnector({ ...dirs, maxFiles: 2 });
    const bank = newBank();
    for (const id of ['MSG-P1', 'MSG-P2']) await paged.submit(paymentFile(id, [tx(1)]));
    await processOutbox(bank, dirs);
    const first = await paged.incoming(null);
    const second = await paged.incoming(first.cursor);
    expect([...first.files, ...second.files].map((f) => f.name)).toEqual((await readdir(dirs.inDir)).sort());
    expect(first.files).toHaveLength(2);
    const end = await paged.incoming(second.cursor);
    expect(end).toEqual({ files: [], cursor: null });
    // Nothing was marked done: the next pass from the start sees them again.
    expect((await paged.incoming(null)).files.map((f) => f.name)).toEqual(first.files.map((f) => f.name));
  });

  it('refuses to move anything but a file name from its own listing', async () => {
    await expect(connector.done({ name: '../out/MSG-X.xml', kind: 'pain.002', xml: '' }, 'processed')).rejects.toThrow('not a path');
  });

  it('poll and receipt have nothing to say over files (no e-receipts: none are ever asked for)', async () => {
    expect(await connector.poll('MSG-ANY')).toEqual([]);
    expect(connector.servesReceipts).toBe(false);
    expect(await connector.receipt('E2E-1')).toBeNull();
  });
});

describe('detectBankFileKind', () => {
  it('reads the kind from the ISO namespace, with or without a prefix', () => {
    expect(detectBankFileKind('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt/></Document>')).toBe('camt.053');
    expect(detectBankFileKind('<n:Document xmlns:n="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><n:BkToCstmrDbtCdtNtfctn/></n:Document>')).toBe('camt.054');
  });

  it('falls back to the message element under a national namespace', () => {
    expect(detectBankFileKind('<!-- bank --><Document xmlns="urn:cnaps:std:pain.002"><CstmrPmtStsRpt/></Document>')).toBe('pain.002');
  });

  it('knows no other message and no non-XML', () => {
    expect(detectBankFileKind('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>')).toBeUndefined();
    expect(detectBankFileKind('MT940 :20:STARTUMSE')).toBeUndefined();
  });
});
