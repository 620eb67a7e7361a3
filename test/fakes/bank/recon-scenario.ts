// A reconciliation scenario with a known answer: payments we sent (as the CLI's CSV) and a camt.053 statement of
// the account they left, written the ways banks write them, with planted noise: batch bookings without details,
// transactions that lost their EndToEndId (the reference only in the remittance text), returns, fees, money in that
// is not ours, debits nobody sent from here, payments the bank has not booked yet, and many repeated amounts.
// `truth` says which entry (`<e>.<t>`) settles each payment, or none.

/** Deterministic pseudo-random numbers (mulberry32): the same seed writes the same scenario. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ScenarioPayment {
  id: string;
  endToEndId: string;
  amountMinor: number;
  currency: string;
  date: string;
  name: string;
  account: string;
  reference: string;
}

export interface Scenario {
  payments: ScenarioPayment[];
  /** payment id → the entry that settles it, `<e>.<t>` (absent: no line for it). */
  truth: Map<string, string>;
  /** Entries that settle no payment (fees, money in, debits not ours, returns of payments already debited). */
  noise: Set<string>;
  /** How each payment was written: for reports. */
  kinds: Map<string, 'e2e' | 'batch' | 'remittance' | 'missing'>;
  xml: string;
  csv: string;
}

export interface ScenarioOptions {
  payments: number;
  seed?: number;
  /** Shares of the payments (defaults as the issue's benchmark: 10 % batches, 5 % without id, 2 % returned). */
  batchShare?: number;
  remittanceOnlyShare?: number;
  returnShare?: number;
  /** Fee lines, per payment. */
  feeShare?: number;
  /** Payments the statement does not hold yet. */
  missingShare?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const amt = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
const NAMES = ['ACME Supplies GmbH', 'Nordwind Logistik AG', 'Shanghai Huaxin Trading Co., Ltd.', 'Beijing Kaiyuan Technology Co Ltd', 'Müller & Söhne KG', 'Globex Corporation', 'Initech LLC', 'Umbrella Services Ltd', 'Stark Industries Inc', 'Wayne Enterprises', 'Hooli BV', 'Vandelay Industries SA'];
// Few amounts, so many payments share one: amount alone never tells them apart.
const AMOUNTS = [10_000, 25_000, 50_000, 99_900, 120_000, 150_050, 200_000, 349_999];

export function generateScenario(o: ScenarioOptions): Scenario {
  const r = rng(o.seed ?? 7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const day = (d: number) => `2026-11-${String(10 + (d % 15)).padStart(2, '0')}`;
  const payments: ScenarioPayment[] = [];
  const kinds = new Map<string, 'e2e' | 'batch' | 'remittance' | 'missing'>();
  for (let i = 0; i < o.payments; i++) {
    const n = String(i + 1).padStart(6, '0');
    const name = pick(NAMES);
    payments.push({
      id: `PAY-${n}`,
      endToEndId: `E2E${n}`,
      amountMinor: pick(AMOUNTS),
      currency: 'EUR',
      date: day(Math.floor(i / 40)),
      name,
      account: `DE${String(10 + (i % 80)).padStart(2, '0')}500105170${String(1000000 + ((i * 7919) % 9000000)).padStart(9, '0')}`,
      reference: `INV-2026-${n}`,
    });
  }
  const entries: string[] = [];
  const truth = new Map<string, string>();
  const noise = new Set<string>();
  const ref = () => `${entries.length + 1}`;
  const tx = (p: ScenarioPayment, e2e: boolean, extra = '') =>
    `<TxDtls><Refs><EndToEndId>${e2e ? p.endToEndId : 'NOTPROVIDED'}</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="${p.currency}">${amt(p.amountMinor)}</Amt></TxAmt></AmtDtls>` +
    `<RltdPties><Cdtr><Nm>${esc(p.name)}</Nm></Cdtr><CdtrAcct><Id><IBAN>${p.account}</IBAN></Id></CdtrAcct></RltdPties>` +
    `<RmtInf><Ustrd>${e2e ? esc(p.reference) : `Payment ${esc(p.reference.replace(/-/g, ' '))} thank you`}</Ustrd></RmtInf>${extra}</TxDtls>`;
  const entry = (minor: number, cd: 'CRDT' | 'DBIT', date: string, details: string, extra = '') =>
    `<Ntry><Amt Ccy="EUR">${amt(minor)}</Amt><CdtDbtInd>${cd}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>${date}</Dt></BookgDt><ValDt><Dt>${date}</Dt></ValDt>` +
    `<AcctSvcrRef>BANK${entries.length + 1}</AcctSvcrRef>${extra}<NtryDtls>${details}</NtryDtls></Ntry>`;
  const shares = { batch: o.batchShare ?? 0.1, remit: o.remittanceOnlyShare ?? 0.05, ret: o.returnShare ?? 0.02, fee: o.feeShare ?? 0.01, missing: o.missingShare ?? 0.01 };
  const returns: ScenarioPayment[] = [];
  let i = 0;
  while (i < payments.length) {
    const p = payments[i]!;
    const roll = r();
    const booked = day(Math.floor(i / 40) + (r() < 0.3 ? 1 : 0));
    if (roll < shares.batch && i + 5 <= payments.length) {
      // A batch of 2–5 payments booked as one debit without details; the batch's PmtInfId is their reference.
      const size = 2 + Math.floor(r() * 4);
      const group = payments.slice(i, i + size);
      const batchId = `BATCH-${p.id}`;
      for (const g of group) {
        g.reference = batchId;
        g.date = p.date;
        truth.set(g.id, `${ref()}.1`);
        kinds.set(g.id, 'batch');
      }
      const total = group.reduce((s, g) => s + g.amountMinor, 0);
      entries.push(entry(total, 'DBIT', booked, `<Btch><PmtInfId>${batchId}</PmtInfId><NbOfTxs>${size}</NbOfTxs></Btch>`));
      i += size;
      continue;
    }
    if (roll < shares.batch + shares.missing) {
      kinds.set(p.id, 'missing');
      i += 1;
      continue;
    }
    const e2e = roll >= shares.batch + shares.missing + shares.remit;
    kinds.set(p.id, e2e ? 'e2e' : 'remittance');
    truth.set(p.id, `${ref()}.1`);
    entries.push(entry(p.amountMinor, 'DBIT', booked, tx(p, e2e)));
    if (r() < shares.ret) returns.push(p);
    if (r() < shares.fee) {
      noise.add(`${ref()}.1`);
      entries.push(entry(150 + Math.floor(r() * 2000), 'DBIT', booked, `<TxDtls><RmtInf><Ustrd>SEPA transfer fee ${p.endToEndId.slice(-3)}</Ustrd></RmtInf></TxDtls>`));
    }
    if (r() < 0.03) {
      // Money in from a customer, for an amount one of our payments also has.
      noise.add(`${ref()}.1`);
      entries.push(entry(pick(AMOUNTS), 'CRDT', booked, `<TxDtls><Refs><EndToEndId>CUST${i}</EndToEndId></Refs><RltdPties><Dbtr><Nm>${esc(pick(NAMES))}</Nm></Dbtr></RltdPties><RmtInf><Ustrd>Invoice ${i}</Ustrd></RmtInf></TxDtls>`));
    }
    if (r() < 0.02) {
      // A debit not sent from here (a direct debit), same amount and a similar name as one of ours.
      noise.add(`${ref()}.1`);
      entries.push(entry(p.amountMinor, 'DBIT', booked, `<TxDtls><Refs><EndToEndId>DD${i}</EndToEndId></Refs><RltdPties><Cdtr><Nm>${esc(p.name)} Leasing</Nm></Cdtr></RltdPties><RmtInf><Ustrd>Mandate M${i}</Ustrd></RmtInf></TxDtls>`));
    }
    i += 1;
  }
  for (const p of returns) {
    // The payment came back (already debited above): the return settles no payment of its own.
    noise.add(`${ref()}.1`);
    entries.push(entry(p.amountMinor, 'CRDT', day(Math.floor(payments.indexOf(p) / 40) + 2), tx(p, true, '<RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf>')));
  }
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>RECON-${o.seed ?? 7}</MsgId><CreDtTm>2026-11-30T18:00:00</CreDtTm></GrpHdr>` +
    `<Stmt><Id>STMT-RECON</Id><CreDtTm>2026-11-30T18:00:00</CreDtTm><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>${entries.join('')}</Stmt></BkToCstmrStmt></Document>\n`;
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const csv =
    'id,endToEndId,amount,currency,date,counterpartyName,counterpartyAccount,reference\n' +
    payments.map((p) => [p.id, p.endToEndId, amt(p.amountMinor), p.currency, p.date, p.name, p.account, p.reference].map(cell).join(',')).join('\n') +
    '\n';
  return { payments, truth, noise, kinds, xml, csv };
}
