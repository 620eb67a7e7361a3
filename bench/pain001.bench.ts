// Builds and XSD-validates one pain.001 file of many payments (default 10,000 Chinese domestic reimbursements) and
// times each half. Not wired into bench/run.ts yet.
//   npx tsx bench/pain001.bench.ts [payments] [format]     (default 10000 pain.001.001.09)
import { pathToFileURL } from 'node:url';
import { UTF8_PROFILE } from '../src/integrations/bank/iso20022/bank-profile.js';
import { buildPain001 } from '../src/integrations/bank/iso20022/pain001.js';
import { REIMBURSEMENT_CATEGORY_PURPOSE, REIMBURSEMENT_PURPOSE, type Pain001Format, type PaymentInput } from '../src/integrations/bank/iso20022/pain001.types.js';
import { validateXml } from '../src/integrations/bank/iso20022/xsd-validate.js';

/** What one run measured. */
export interface Pain001BenchResult {
  readonly payments: number;
  readonly format: Pain001Format;
  /** Input check + XML writing, milliseconds. */
  readonly buildMs: number;
  /** XSD validation (parse + validate; the schema compiled beforehand), milliseconds. */
  readonly validateMs: number;
  /** Size of the file in UTF-8 bytes. */
  readonly bytes: number;
}

/** A UnionPay-shaped account number with a valid Luhn digit, different for each `i`. */
function cardNumber(i: number): string {
  const body = `622202${String(i).padStart(12, '0')}`;
  for (let d = 0; d <= 9; d++) {
    const n = body + String(d);
    let sum = 0;
    for (let k = 0; k < n.length; k++) {
      let v = n.charCodeAt(n.length - 1 - k) - 48;
      if (k % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
    if (sum % 10 === 0) return n;
  }
  throw new Error('unreachable: one of ten check digits always fits');
}

function payment(i: number): PaymentInput {
  return {
    endToEndId: `BENCH-E2E-${String(i).padStart(8, '0')}`,
    amount: { minor: 1 + ((i * 7919) % 5_000_000), currency: 'CNY' },
    creditor: { name: `员工${i} 张伟`, account: { other: cardNumber(i) }, agent: { cnaps: '102100099996' } },
    remittance: `报销单 EXP-${i} 差旅费 Travel expenses`,
    purpose: REIMBURSEMENT_PURPOSE,
  };
}

/** Builds and validates a file of `payments` payments; throws if either step fails (a benchmark of a broken file means nothing). */
export async function runPain001Bench(options: { payments?: number; format?: Pain001Format } = {}): Promise<Pain001BenchResult> {
  const count = options.payments ?? 10_000;
  const format = options.format ?? 'pain.001.001.09';
  const payments = Array.from({ length: count }, (_, i) => payment(i));
  // Compile the schema outside the timed part: it happens once per process in production.
  await validateXml(format, '<x/>');

  const t0 = performance.now();
  const built = buildPain001(
    {
      format,
      msgId: 'BENCH-MSG-0001',
      createdAt: new Date('2026-12-06T00:00:00Z'),
      initiatingParty: { name: '上海示例科技有限公司' },
      batches: [
        {
          pmtInfId: 'BENCH-PMT-0001',
          debtor: { name: '上海示例科技有限公司', account: { other: '31001520313050012345', currency: 'CNY' }, agent: { cnaps: '105290036005' } },
          requestedExecutionDate: '2026-12-07',
          categoryPurpose: REIMBURSEMENT_CATEGORY_PURPOSE,
          payments,
        },
      ],
    },
    UTF8_PROFILE,
  );
  const buildMs = performance.now() - t0;
  if (!built.ok) throw new Error(`bench input refused: ${built.error[0]?.message ?? ''}`);

  const t1 = performance.now();
  const valid = await validateXml(format, built.value);
  const validateMs = performance.now() - t1;
  if (!valid.ok) throw new Error(`bench file is not schema-valid: ${valid.errors.slice(0, 3).join('; ')}`);

  return { payments: count, format, buildMs: Math.round(buildMs), validateMs: Math.round(validateMs), bytes: Buffer.byteLength(built.value, 'utf8') };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const format = process.argv[3] === 'pain.001.001.03' ? 'pain.001.001.03' : 'pain.001.001.09';
  console.log(JSON.stringify(await runPain001Bench({ ...(n !== undefined && Number.isInteger(n) && n > 0 ? { payments: n } : {}), format })));
}
