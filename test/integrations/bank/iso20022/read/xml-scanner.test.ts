// The byte-level XML scanner under the ISO 20022 readers: chunk edges anywhere, entities, CDATA, and refusals.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStatementEvents } from '../../../../../src/integrations/bank/iso20022/read/index.js';
import { Iso20022ReadError } from '../../../../../src/integrations/bank/iso20022/read/read-error.js';
import { XmlScanner, type XmlSink } from '../../../../../src/integrations/bank/iso20022/read/xml-scanner.js';
import { streamXml } from '../../../../../src/integrations/bank/iso20022/read/xml-tree.js';
import { root } from '../../../../cli/cli-process.js';
import { readEntry as readTreeEntry } from './camt-entry-tree.js';

/** The same bytes cut into chunks of `size`, so elements, entities and UTF-8 characters straddle chunk edges. */
function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** Records what the scanner reports as one string; `skip` names elements the sink declines. */
function record(chunks: Iterable<Uint8Array | string>, skip: ReadonlySet<string> = new Set()): string {
  const out: string[] = [];
  const sink: XmlSink = {
    open(name, attrs) {
      if (skip.has(name)) {
        out.push(`(skip ${name})`);
        return false;
      }
      out.push(`<${name}${Object.entries(attrs).map(([k, v]) => ` ${k}=${JSON.stringify(v)}`).join('')}>`);
      return true;
    },
    text(text) {
      out.push(JSON.stringify(text));
    },
    close() {
      out.push('</>');
    },
  };
  const scanner = new XmlScanner(sink);
  for (const chunk of chunks) {
    if (typeof chunk === 'string') scanner.writeText(chunk);
    else scanner.write(chunk);
  }
  scanner.end();
  // Adjacent text pieces are one value however the input was cut.
  return out.join(' ').replace(/" "/g, '');
}

function scanError(chunks: Iterable<Uint8Array | string>): Iso20022ReadError {
  try {
    record(chunks);
  } catch (error) {
    if (error instanceof Iso20022ReadError) return error;
    throw error;
  }
  throw new Error('the scanner accepted the document');
}

const SMALL =
  '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- statement -->\n<ns:Document xmlns:ns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" a=\'1 &amp; 2\'>\r\n' +
  '  <ns:Ntry><ns:Amt Ccy="EUR">1.50</ns:Amt><ns:Nm>Zürich &lt;AG&gt; &#x1F600;&#65; 株式会社</ns:Nm><ns:Skip><ns:Deep>x &amp; y</ns:Deep></ns:Skip>\r\n' +
  '  <ns:Ustrd><![CDATA[a < b & c]]> tail</ns:Ustrd><?pi data?><ns:Empty/><ns:Empty2 k="v"  /></ns:Ntry>\n</ns:Document>\n<!-- end -->\n';

describe('XmlScanner', () => {
  it('reports the same elements, attributes and text whatever byte the input is split at', () => {
    const bytes = Buffer.from(SMALL, 'utf8');
    const whole = record([bytes], new Set(['Skip']));
    expect(whole).toContain('<Amt Ccy="EUR"> "1.50"');
    expect(whole).toContain('"Zürich <AG> 😀A 株式会社"');
    expect(whole).toContain('(skip Skip)');
    expect(whole).not.toContain('Deep');
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(record([bytes.subarray(0, cut), bytes.subarray(cut)], new Set(['Skip'])), `cut at byte ${cut}`).toBe(whole);
    }
    const single = [...bytes].map((b) => Uint8Array.of(b));
    expect(record(single, new Set(['Skip']))).toBe(whole);
  });

  it('reads text chunks like bytes, including a surrogate pair cut between chunks', () => {
    const whole = record([SMALL]);
    const emoji = SMALL.indexOf('\u{1F600}'.slice(0, 1));
    expect(record([SMALL.slice(0, emoji + 1), SMALL.slice(emoji + 1)])).toBe(whole);
    expect(record([Buffer.from(SMALL, 'utf8')])).toBe(whole);
  });

  it('resolves entities and character references, keeps CDATA as written, normalises line ends', () => {
    const out = record(['<r a="x&#9;y&#10;z\r\nw">&quot;q&quot; &apos;a&apos; &#x41;&#66; a\r\nb\rc<![CDATA[&amp; <x>\r\n]]></r>']);
    expect(out).toBe('<r a="x\\ty\\nz w"> "\\"q\\" \'a\' AB a\\nb\\nc&amp; <x>\\n" </>');
  });

  it('skips a declined subtree whole, checking it but reporting nothing inside it', () => {
    expect(record(['<r><s a="1"><t>x</t><u/></s><k>v</k></r>'], new Set(['s']))).toBe('<r> (skip s) <k> "v" </> </>');
    expect(scanError(['<r><s><t>x</u></s></r>']).message).toMatch(/closing tag <\/u> does not match <t>/);
  });

  it.each([
    ['mismatched tags', '<a>\n<b></c></a>', /^malformed XML at line 2, column 4: closing tag <\/c> does not match <b>/],
    ['an unknown entity', '<a>&nbsp;</a>', /"&nbsp;" is not a known entity/],
    ['a bare ampersand', '<a>fish & chips</a>', /"&" is not a known entity/],
    ['a reference to a character XML forbids', '<a>&#0;</a>', /"&#0;" is not a known entity/],
    ['"<" in an attribute', '<a b="<"/>', /"<" inside an attribute value/],
    ['an unquoted attribute', '<a b=1/>', /attribute b value without quotes/],
    ['a duplicate attribute', '<a b="1" b="2"/>', /duplicate attribute b/],
    ['two root elements', '<a/><b/>', /a second root element/],
    ['text after the root', '<a/>\n x', /^malformed XML at line 2, column 2: text after the root element/],
    ['a closing tag first', '</a>', /closing tag <\/a> without an open element/],
    ['a control character', '<a>\u0001</a>', /character U\+0001 is not allowed/],
    ['"<" without a name', '<a>< b</a>', /"<" not followed by an element name/],
  ])('refuses %s with the line and column', (_label, xml, message) => {
    const error = scanError([xml]);
    expect(error.reason).toBe('MALFORMED_XML');
    expect(error.message).toMatch(message);
    expect(error.position?.line).toBeGreaterThanOrEqual(1);
    // The same message however the input is cut.
    expect(scanError([...Buffer.from(xml)].map((b) => Uint8Array.of(b))).message).toBe(error.message);
  });

  it.each([
    ['inside an element', '<a><b>text', /^truncated XML: the file ends at line 1, column 11 before the document is complete \(<b> is not closed\)/],
    ['inside a tag', '<a><b att="1', /^truncated XML: .*it stops inside a tag, comment or CDATA section; <a> is not closed/],
    ['inside a comment', '<a><!-- no end', /^truncated XML: .*it stops inside a tag, comment or CDATA section/],
    ['before any element', '  \n ', /^no XML document: the file ends at line 2, column 2 without a root element/],
  ])('refuses a document that ends %s', (_label, xml, message) => {
    expect(scanError([xml]).message).toMatch(message);
  });

  it('refuses bytes that are not UTF-8, also when a character is cut at the end', () => {
    expect(scanError([Buffer.from([0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x61, 0x3e])]).message).toMatch(/not valid UTF-8/);
    expect(scanError([Buffer.from('<a>\u00e9</a>').subarray(0, 4)]).message).toMatch(/^truncated XML|not valid UTF-8/);
    const bad = (xml: string) => Buffer.from(xml.replace('#', '\uFFFF'), 'utf8').toString('latin1').replace('\u00ef\u00bf\u00bf', '\u00ff');
    for (const xml of ['<a#/>', '<a b="#"/>', '<a><!--#--></a>', '<r><s>#</s></r>', '<a b#="1"/>']) {
      const bytes = Buffer.from(bad(xml), 'latin1');
      expect(scanError([bytes]).message, xml).toMatch(/not valid UTF-8/);
      expect(() => record([bytes], new Set(['s']))).toThrow(/not valid UTF-8/);
    }
    const e = Buffer.from('<a>é</a>');
    expect(record([e.subarray(0, 4), e.subarray(4)])).toBe('<a> "é" </>');
  });
});

describe('the streaming entry reader', () => {
  const dir = path.join(root, 'test/fixtures/iso20022');
  const camtFiles = readdirSync(dir).filter((f) => /camt|054|v0\d|v10/.test(f) && !/pain/.test(f));
  const isEntry = (p: readonly string[]) => p.length === 4 && p[3] === 'Ntry';

  /** Every entry as the tree oracle maps it from the whole element tree (nothing pruned), or the error it throws. */
  async function fromTrees(chunks: Uint8Array[]): Promise<unknown[]> {
    const out: unknown[] = [];
    for await (const event of streamXml(chunks, { detach: isEntry })) {
      if (event.type !== 'element') continue;
      try {
        out.push(readTreeEntry(event.node, () => `statement 1, entry ${out.length + 1}`));
      } catch (error) {
        out.push(String(error));
        break;
      }
    }
    return out;
  }

  /** Every entry as readStatementEvents reads it, or the error it throws. */
  async function streamed(chunks: Uint8Array[]): Promise<unknown[]> {
    const out: unknown[] = [];
    try {
      for await (const event of readStatementEvents(chunks)) if (event.type === 'entry') out.push(event.entry);
    } catch (error) {
      out.push(String(error));
    }
    return out;
  }

  it.each(camtFiles)('reads every entry of %s as the tree oracle does', async (file) => {
    const bytes = readFileSync(path.join(dir, file));
    const expected = await fromTrees([bytes]);
    expect(expected.length).toBeGreaterThan(0);
    expect(await streamed([bytes])).toEqual(expected);
    expect(await streamed(chunked(bytes, 7))).toEqual(expected);
  });

  const entry = (inner: string) =>
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr><Stmt><Id>S</Id>' +
    `<Acct><Id><IBAN>DE1</IBAN></Id></Acct><Ntry>${inner}</Ntry></Stmt></BkToCstmrStmt></Document>`;
  const quirks: Record<string, string> = {
    'repeated elements (only the first counts where a lookup takes the first)':
      '<Amt Ccy="EUR">1.00</Amt><Amt Ccy="USD">2.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><CdtDbtInd>CRDT</CdtDbtInd>' +
      '<Sts> <Cd/> <Prtry>P1</Prtry>OWN</Sts><Sts><Cd>BOOK</Cd></Sts><BookgDt><DtTm>2026-01-01T10:00:00</DtTm><Dt> </Dt></BookgDt>' +
      '<NtryDtls><TxDtls><Refs><EndToEndId> </EndToEndId><EndToEndId>E2</EndToEndId><InstrId>I</InstrId></Refs><Refs><MsgId>M2</MsgId></Refs>' +
      '<AmtDtls><TxAmt><Amt Ccy="EUR">0.50</Amt></TxAmt></AmtDtls><RltdPties><Cdtr><Pty><Nm>Pty name</Nm></Pty><Nm> </Nm></Cdtr>' +
      '<CdtrAcct><Id><Othr><Id>O1</Id></Othr></Id></CdtrAcct></RltdPties><RltdPties><Cdtr><Nm>Second</Nm></Cdtr></RltdPties>' +
      '<RmtInf><Ustrd> a </Ustrd><Ustrd/><Strd><CdtrRefInf><Ref>R1</Ref></CdtrRefInf><CdtrRefInf><Ref>R2</Ref><Ref>R3</Ref></CdtrRefInf></Strd></RmtInf>' +
      '<RmtInf><Ustrd>b</Ustrd><Strd><CdtrRefInf><Ref>R4</Ref></CdtrRefInf></Strd></RmtInf><RtrInf><Rsn>  <Prtry>X;y</Prtry></Rsn></RtrInf>' +
      '</TxDtls></NtryDtls><NtryDtls><Btch><NbOfTxs>7</NbOfTxs></Btch><TxDtls><CdtDbtInd>CRDT</CdtDbtInd><Amt Ccy="EUR">0.50</Amt>' +
      '<RltdPties><Dbtr><Nm>D</Nm></Dbtr><DbtrAcct><Id><IBAN>DE2</IBAN><Othr><Id>O2</Id></Othr></Id></DbtrAcct></RltdPties></TxDtls>' +
      '<Btch><NbOfTxs>9</NbOfTxs><MsgId>late</MsgId></Btch></NtryDtls>',
    'text split by comments, CDATA, entities and unknown elements': '<Amt Ccy="EUR">1<!-- c -->2.<![CDATA[3]]>4</Amt><CdtDbtInd>CR&#x44;T</CdtDbtInd>' +
      '<Sts>BO<Foo>x</Foo>OK</Sts><NtryRef> a&amp;b </NtryRef><AcctSvcrRef><Cd>no</Cd></AcctSvcrRef><RvslInd>true</RvslInd><ValDt><Dt>2026-02-02</Dt></ValDt>',
    'an entry without Amt': '<CdtDbtInd>CRDT</CdtDbtInd><NtryDtls><TxDtls><Amt Ccy="EUR">1</Amt></TxDtls></NtryDtls>',
    'an entry with a blank Amt': '<Amt Ccy="EUR"> </Amt><CdtDbtInd>CRDT</CdtDbtInd>',
    'a transaction with a wrong direction before a wrong amount': '<Amt Ccy="EUR">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><NtryDtls><TxDtls><Amt Ccy="EUR">x</Amt><CdtDbtInd>X</CdtDbtInd></TxDtls></NtryDtls>',
    'a transaction with a wrong amount': '<Amt Ccy="EUR">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><NtryDtls><TxDtls><AmtDtls><TxAmt><Amt Ccy="XYZ">1</Amt></TxAmt></AmtDtls></TxDtls></NtryDtls>',
  };

  it.each(Object.keys(quirks))('reads %s as the tree oracle does', async (name) => {
    const bytes = Buffer.from(entry(quirks[name] as string));
    const expected = await fromTrees([bytes]);
    expect(expected).toHaveLength(1);
    expect(await streamed([bytes])).toEqual(expected);
    expect(await streamed(chunked(bytes, 3))).toEqual(expected);
  });
});
