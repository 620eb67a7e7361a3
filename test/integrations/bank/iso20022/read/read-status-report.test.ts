// The pain.002 reader: bank files as stored upstream, and the reason and padding quirks banks produce.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Iso20022ReadError, readStatusReport } from '../../../../../src/integrations/bank/iso20022/read/index.js';
import { root } from '../../../../cli/cli-process.js';

const fixture = (name: string) => createReadStream(path.join(root, 'test/fixtures/iso20022', name));

const wrap = (body: string) => `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>${body}</CstmrPmtStsRpt></Document>`;

describe('readStatusReport', () => {
  it('reads the Nordea rejection: payment RJCT and two rejected transactions with NARR', async () => {
    const r = await readStatusReport(fixture('svapnil-nordea-pain002v03-txn-reject.xml'));
    expect(r).toMatchObject({ version: 'pain.002.001.03', messageId: 'XML990920150728124014189', originalMessageId: 'MSGID-950-TEST2-2807-01', originalMessageName: 'pain.001.001.03' });
    expect(r.groupStatus).toBeUndefined();
    expect(r.payments).toHaveLength(1);
    expect(r.payments[0]).toMatchObject({ originalPaymentInformationId: 'PMTINFID-950-TEST2-2807-01', status: 'RJCT', reasons: [] });
    expect(r.payments[0]?.transactions.map((t) => [t.originalEndToEndId, t.status, t.reasons.map((x) => x.code)])).toEqual([
      ['ENDTOENDID-950-TEST2-2807-02', 'RJCT', ['NARR']],
      ['ENDTOENDID-950-TEST2-2807-01', 'RJCT', ['NARR']],
    ]);
    expect(r.payments[0]?.transactions[0]?.reasons[0]?.text).toBe('CAP Invalid code or combinations in CategoryPurpose or ServiceLevel');
  });

  it('trims the padded ids of the Goldman Sachs acceptance and keeps NACHA as the original name', async () => {
    const r = await readStatusReport(fixture('svapnil-gs-pain002v03-accepted.xml'));
    expect(r.originalMessageId).toBe('XXX001_20220315_B_DZSOXXXX');
    expect(r.originalMessageName).toBe('NACHA');
    expect(r.payments).toEqual([
      { originalPaymentInformationId: 'xxx001220315B000XXXX', status: 'ACCP', reasons: [{ code: 'NARR', text: 'Accepted post profile and tech validations' }], transactions: [] },
    ]);
  });

  it('reads group status and reasons, proprietary reasons written code;text, and missing statuses', async () => {
    const r = await readStatusReport([wrap(
      '<GrpHdr><MsgId> R1 </MsgId></GrpHdr><OrgnlGrpInfAndSts><OrgnlMsgId> M1 </OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts> PART </GrpSts>' +
        '<StsRsnInf><Rsn><Prtry>AC04;Account closed</Prtry></Rsn></StsRsnInf><StsRsnInf><Rsn><Cd> AM05 </Cd></Rsn></StsRsnInf></OrgnlGrpInfAndSts>' +
        '<OrgnlPmtInfAndSts><OrgnlPmtInfId>P1</OrgnlPmtInfId><TxInfAndSts><OrgnlEndToEndId> E1 </OrgnlEndToEndId><TxSts>RJCT</TxSts>' +
        '<StsRsnInf><Rsn><Prtry>  AC01 ; wrong IBAN </Prtry></Rsn><AddtlInf>check</AddtlInf></StsRsnInf></TxInfAndSts>' +
        '<TxInfAndSts><OrgnlEndToEndId>E2</OrgnlEndToEndId></TxInfAndSts></OrgnlPmtInfAndSts>',
    )]);
    expect(r).toMatchObject({ version: 'pain.002.001.10', messageId: 'R1', originalMessageId: 'M1', groupStatus: 'PART' });
    expect(r.groupReasons).toEqual([{ code: 'AC04', text: 'Account closed' }, { code: 'AM05' }]);
    expect(r.payments[0]?.status).toBeUndefined();
    expect(r.payments[0]?.transactions).toEqual([
      { originalEndToEndId: 'E1', status: 'RJCT', reasons: [{ code: 'AC01', text: 'wrong IBAN check' }] },
      { originalEndToEndId: 'E2', reasons: [] },
    ]);
  });

  it('refuses a camt file, a truncated report and a report without OrgnlMsgId', async () => {
    await expect(readStatusReport(fixture('genkgo-v02-two-stmt.xml'))).rejects.toThrow('expected a pain.002 document, got camt.053 (<BkToCstmrStmt>)');
    await expect(readStatusReport([wrap('<OrgnlGrpInfAndSts><OrgnlMsgId>M</OrgnlMsgId>').slice(0, -30)])).rejects.toThrow(/truncated XML/);
    const missing = await readStatusReport([wrap('<OrgnlGrpInfAndSts/>')]).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Iso20022ReadError);
    expect((missing as Iso20022ReadError).reason).toBe('INVALID_VALUE');
  });
});
