// status-report inspect: the CLI contract for pain.002 files, in process and through `npm run --silent cli`.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectStatusReport } from '../../src/cli/status-report-inspect.js';
import { root } from './cli-process.js';
import { runNpmCli } from './npm-cli.js';

const fixture = (name: string) => path.join(root, 'test/fixtures/iso20022', name);

describe('status-report inspect', () => {
  it('prints the Nordea rejection per payment and transaction', async () => {
    expect(await inspectStatusReport(createReadStream(fixture('svapnil-nordea-pain002v03-txn-reject.xml')))).toStrictEqual({
      format: 'pain.002.001.03',
      originalMessageId: 'MSGID-950-TEST2-2807-01',
      groupStatus: null,
      payments: [
        {
          originalPaymentInformationId: 'PMTINFID-950-TEST2-2807-01',
          status: 'RJCT',
          reasons: [],
          transactions: [
            { originalEndToEndId: 'ENDTOENDID-950-TEST2-2807-02', status: 'RJCT', reasons: ['NARR'] },
            { originalEndToEndId: 'ENDTOENDID-950-TEST2-2807-01', status: 'RJCT', reasons: ['NARR'] },
          ],
        },
      ],
    });
  });

  it('includes groupReasons only when the report has them', async () => {
    const xml = '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt><OrgnlGrpInfAndSts><OrgnlMsgId>M</OrgnlMsgId>' +
      '<GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Prtry>FF01;bad file</Prtry></Rsn></StsRsnInf></OrgnlGrpInfAndSts></CstmrPmtStsRpt></Document>';
    expect(await inspectStatusReport([xml])).toStrictEqual({ format: 'pain.002.001.03', originalMessageId: 'M', groupStatus: 'RJCT', groupReasons: ['FF01'], payments: [] });
  });

  it('prints the Goldman Sachs acceptance with trimmed ids through npm run cli', async () => {
    const run = await runNpmCli(['status-report', 'inspect', fixture('svapnil-gs-pain002v03-accepted.xml')]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toStrictEqual({
      format: 'pain.002.001.03',
      originalMessageId: 'XXX001_20220315_B_DZSOXXXX',
      groupStatus: null,
      payments: [{ originalPaymentInformationId: 'xxx001220315B000XXXX', status: 'ACCP', reasons: ['NARR'], transactions: [] }],
    });
  });

  it('exits 2 with one line on stderr for a camt file', async () => {
    const run = await runNpmCli(['status-report', 'inspect', fixture('genkgo-v02-two-stmt.xml')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('expected a pain.002 document, got camt.053');
  });
});
