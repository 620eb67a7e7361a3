// The finance pages in tests: an organisation with a company account, two payments on their way and a statement with
// transactions nothing explained (open in the exceptions queue); opening a page through its one-time link; a browser-
// like client that keeps the session cookie and reads the forms' CSRF token.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rowsOf } from '../../db/database.js';
import { activePayee, insertPayments } from '../../db/repos/payments.js';
import { readStatements } from '../../src/integrations/bank/iso20022/read/index.js';
import { randomIds } from '../../src/runtime.js';
import { importStatement } from '../../src/usecases/payments/statement-import.js';
import { financeLink, type FinancePage } from '../../src/web/finance/link.js';
import type { TestApp } from './app.js';
import { openPayable } from './payables.js';

type Call = TestApp['call'];

export interface FinanceSeed {
  accountId: string;
  /** The stored statement's row id (what a transaction's path names) and the payments on their way. */
  statementId: string;
  payments: { small: string; big: string };
}

const entry = (amount: string, cd: 'CRDT' | 'DBIT', tx: string) =>
  `<Ntry><Amt Ccy="CNY">${amount}</Amt><CdtDbtInd>${cd}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-19</Dt></BookgDt><NtryDtls><TxDtls>${tx}</TxDtls></NtryDtls></Ntry>`;

/**
 * Seeds `orgId` (acting as its finance person `finance`, paying `employee`): a company account, payments of ¥128 and
 * ¥200 submitted, and a statement whose transactions are all open: 1.1 a ¥128 debit, 2.1 a ¥3,000 credit from a
 * customer, 3.1 a ¥9.50 debit.
 */
export async function seedFinance(t: TestApp, call: Call, orgId: string, finance: string, employee: string, tag: string): Promise<FinanceSeed> {
  const acct = await call('POST', '/api/v1/debtor-accounts', { actorId: finance, name: `Basic ${tag}`, account: { holderName: 'Galaxy Ltd', bankName: 'CMB Shanghai', accountNumber: '121909876510601', cnaps: '308290003020' } });
  expect(acct.status).toBe(201);
  expect((await call('PUT', `/api/v1/payees/employee/${employee}`, { actorId: finance, account: { holderName: 'Payee', bankName: 'CMB', accountNumber: '6214831234567896', cnaps: '308290003020' } })).status).toBe(200);
  const payee = await activePayee(t.database.db, orgId, 'employee', employee);
  const ids: string[] = [];
  for (const minor of [12_800, 20_000]) {
    const id = randomIds.next('pmt');
    ids.push(id);
    const now = t.clock.now();
    await insertPayments(t.database.db, [{ id, orgId, runId: `prun_${tag}`, payableId: await openPayable(t, orgId, employee, minor), payeeId: payee!.id, ownerType: 'employee', ownerId: employee, amountMinor: minor, currency: 'CNY', endToEndId: `E2E-${tag}-${minor}`, msgId: `MSG-${tag}`, pmtInfId: `PMI-${tag}`, status: 'submitted', reasonCode: null, reasonText: null, retryOf: null, createdAt: now, updatedAt: now }]);
  }
  const xml = `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M-${tag}</MsgId><CreDtTm>2026-11-19T18:00:00</CreDtTm></GrpHdr><Stmt><Id>STMT-${tag}</Id><Acct><Id><Othr><Id>121909876510601</Id></Othr></Id><Ccy>CNY</Ccy></Acct>
${entry('128.00', 'DBIT', '<Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RmtInf><Ustrd>transfer</Ustrd></RmtInf>')}
${entry('3000.00', 'CRDT', `<RltdPties><Dbtr><Nm>Customer ${tag}</Nm></Dbtr></RltdPties><RmtInf><Ustrd>goods ${tag}</Ustrd></RmtInf>`)}
${entry('9.50', 'DBIT', '<RmtInf><Ustrd>misc</Ustrd></RmtInf>')}
</Stmt></BkToCstmrStmt></Document>`;
  let statementId = '';
  for await (const s of readStatements([xml])) {
    const r = await importStatement(t.deps, orgId, acct.body.account.id, s, `${tag}.xml`);
    expect(r.ok && r.value).toMatchObject({ open: 3 });
  }
  statementId = rowsOf<{ statement_id: string }>(await t.database.db.execute(sql`SELECT DISTINCT statement_id FROM bank_statement_lines WHERE org_id = ${orgId}`))[0]!.statement_id;
  return { accountId: acct.body.account.id, statementId, payments: { small: ids[0]!, big: ids[1]! } };
}

/** A response as a browser sees it: status, Location, the Set-Cookie header and the text. */
export interface Seen {
  status: number;
  location: string | null;
  setCookie: string | null;
  text: string;
}

const seen = async (res: Response): Promise<Seen> => ({ status: res.status, location: res.headers.get('location'), setCookie: res.headers.get('set-cookie'), text: await res.text() });

/** Opens `url` (a finance link, absolute or relative) without following the redirect. */
export async function openLink(t: TestApp, url: string): Promise<Seen> {
  return seen(await t.app.request(url.replace(/^https?:\/\/[^/]+/, '')));
}

/** A finance session of `employeeId`: opens a fresh link and keeps the cookie; get/post as a browser would. */
export async function financeSession(t: TestApp, orgId: string, employeeId: string, page: FinancePage = 'exceptions') {
  const opened = await openLink(t, financeLink(t.deps, orgId, employeeId, page));
  expect(opened.status).toBe(303);
  const cookie = /finance_session=([^;]+)/.exec(opened.setCookie ?? '')![1]!;
  return sessionWith(t, cookie);
}

/** A client sending `cookie` as the finance session. */
export function sessionWith(t: TestApp, cookie: string) {
  const headers = { cookie: `finance_session=${cookie}` };
  return {
    cookie,
    get: async (path: string) => seen(await t.app.request(path, { headers })),
    post: async (path: string, form: Readonly<Record<string, string | readonly string[] | undefined>>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const x of v === undefined ? [] : typeof v === 'string' ? [v] : v) body.append(k, x);
      return seen(await t.app.request(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body }));
    },
  };
}

/** The CSRF token in a page's forms. */
export const csrfIn = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
