// `npm run --silent cli -- statement inspect FILE`, `… status-report inspect FILE` and
// `… reconcile --payments PAYMENTS.csv --statement FILE.xml`: read bank files, print one JSON object.
// Exit 0 with the object on stdout; exit 2 with one line on stderr when the file cannot be read (missing, malformed,
// truncated, wrong kind) or the arguments are wrong.
import { createReadStream, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Iso20022ReadError } from '../integrations/bank/iso20022/read/index.js';
import { inspectStatement, NoStatementError } from './statement-inspect.js';
import { inspectStatusReport } from './status-report-inspect.js';
import { PaymentsFileError, reconcileFiles } from './reconcile.js';

const USAGE = 'usage: cli statement inspect FILE | cli status-report inspect FILE | cli reconcile --payments PAYMENTS.csv --statement FILE.xml';

function fail(message: string): never {
  process.stderr.write(`cli: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(2);
}

/** File-system failures (ENOENT, EISDIR, EACCES…) carry a string code starting with E. */
function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code ?? '');
}

const FILE_ERRORS: Readonly<Record<string, string>> = { ENOENT: 'no such file', EISDIR: 'is a directory', EACCES: 'permission denied' };

/** One table from command to handler (`statement inspect`, `status-report inspect`). */
const COMMANDS: Readonly<Record<string, (file: string) => Promise<void>>> = {
  'statement inspect': async (file) => {
    const { summary, excluded } = await inspectStatement(createReadStream(file));
    const left = Object.entries(excluded);
    if (left.length > 0) {
      const list = left.map(([c, minor]) => `${c} ${minor} minor units`).join(', ');
      process.stderr.write(`cli: note: entries in another currency than ${summary.totalCredit.currency} are not in the totals: ${list}\n`);
    }
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  },
  'status-report inspect': async (file) => {
    process.stdout.write(`${JSON.stringify(await inspectStatusReport(createReadStream(file)))}\n`);
  },
};

/** `reconcile --payments P --statement S`: the files' names for messages, and the run. */
async function reconcileCommand(args: string[]): Promise<void> {
  let values: { payments?: string; statement?: string };
  try {
    ({ values } = parseArgs({ args, options: { payments: { type: 'string' }, statement: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch {
    fail(USAGE);
  }
  if (!values.payments || !values.statement) fail(USAGE);
  let csv: string;
  try {
    csv = readFileSync(values.payments, 'utf8');
  } catch (error) {
    if (isFileError(error)) fail(`${values.payments}: cannot read: ${FILE_ERRORS[error.code ?? ''] ?? error.message}`);
    throw error;
  }
  try {
    process.stdout.write(`${JSON.stringify(await reconcileFiles(csv, createReadStream(values.statement)))}\n`);
  } catch (error) {
    if (error instanceof PaymentsFileError) fail(`${values.payments}: ${error.message}`);
    if (error instanceof Iso20022ReadError) fail(`${values.statement}: ${error.message}`);
    if (isFileError(error)) fail(`${values.statement}: cannot read: ${FILE_ERRORS[error.code ?? ''] ?? error.message}`);
    throw error;
  }
}

const argv = process.argv.slice(2);
if (argv[0] === 'reconcile') await reconcileCommand(argv.slice(1));
else {
  const [group, action, file, ...rest] = argv;
  const command = COMMANDS[`${group ?? ''} ${action ?? ''}`];
  if (!command || file === undefined || rest.length > 0) fail(USAGE);
  try {
    await command(file);
  } catch (error) {
    if (error instanceof Iso20022ReadError || error instanceof NoStatementError) fail(`${file}: ${error.message}`);
    if (isFileError(error)) fail(`${file}: cannot read: ${FILE_ERRORS[error.code ?? ''] ?? error.message}`);
    throw error;
  }
}
