// `npm run --silent cli -- statement inspect FILE` and `… status-report inspect FILE`: read bank files, print one JSON object.
// Exit 0 with the object on stdout; exit 2 with one line on stderr when the file cannot be read (missing, malformed,
// truncated, wrong kind) or the arguments are wrong.
import { createReadStream } from 'node:fs';
import { Iso20022ReadError } from '../integrations/bank/iso20022/read/index.js';
import { inspectStatement, NoStatementError } from './statement-inspect.js';
import { inspectStatusReport } from './status-report-inspect.js';

const USAGE = 'usage: cli statement inspect FILE | cli status-report inspect FILE';

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

const [group, action, file, ...rest] = process.argv.slice(2);
const command = COMMANDS[`${group ?? ''} ${action ?? ''}`];
if (!command || file === undefined || rest.length > 0) fail(USAGE);
try {
  await command(file);
} catch (error) {
  if (error instanceof Iso20022ReadError || error instanceof NoStatementError) fail(`${file}: ${error.message}`);
  if (isFileError(error)) fail(`${file}: cannot read: ${FILE_ERRORS[error.code ?? ''] ?? error.message}`);
  throw error;
}
