// `npm run demo -- --out DIR`: runs the trip-request story on the console, Feishu, DingTalk and Slack against the
// loopback fakes and writes a readable transcript per platform and the HTML report (index.html) into DIR. Exit 0 when
// every step happened, 1 when one did not (it doubles as a smoke test), 2 on bad arguments.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runDemo, STORIES } from './demo.js';

const USAGE = `usage: npm run demo -- --out DIR
  Runs the story (ask for a trip, draft card, submit, manager decides, every card copy updated, employee told) on the
  web console, Feishu, DingTalk and Slack against local fakes; then continues from an approved trip through booking
  with the (fake) travel supplier, expense lines, an advance and the reimbursement (lifecycle.md). Writes one Markdown
  transcript per story plus README.md into DIR (created if missing), and DIR/index.html: a self-contained page that
  shows every step with its cards drawn as each platform shows them (open it from disk, no server needed).`;

/** If something (a socket, a timer) still holds the process this long after the demo finished, say so and fail. */
const EXIT_GRACE_MS = 10_000;

function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function readArgs(): { out: string } {
  let values: { out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (!values.out) fail('--out DIR is required (the directory to write the transcripts into)');
  return { out: path.resolve(values.out) };
}

async function main(): Promise<void> {
  const { out } = readArgs();
  const report = await runDemo(out, (line) => process.stdout.write(`${line}\n`));
  if (report.failures.length > 0) {
    process.stderr.write(`demo: ${report.failures.length} of ${STORIES.length} stories failed:\n${report.failures.map((f) => `  ${f.error.message}`).join('\n')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`demo: wrote ${report.written.length} files to ${out}\n`);
  }
  // Everything was stopped and closed; the process should now end by itself. If it does not, that is a leak.
  setTimeout(() => {
    process.stderr.write(`demo: the process was still running ${EXIT_GRACE_MS / 1000} s after the demo finished (a server, socket or timer was left open)\n`);
    process.exit(1);
  }, EXIT_GRACE_MS).unref();
}

main().catch((e: unknown) => {
  process.stderr.write(`demo: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
