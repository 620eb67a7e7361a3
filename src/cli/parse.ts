// `npm run --silent parse -- --today 2026-11-18 --tz Asia/Shanghai`: one utterance per stdin line → one JSON object per stdout line.
// Rule-based unless OPENAI_API_KEY is set; the model's failures fall back to the rules line by line.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createParser, openAiOptionsFromEnv, type RequestParser } from '../nlu/index.js';
import { isValidTimeZone, parseIsoDate, todayIn } from '../nlu/rules/calendar.js';

const USAGE = `usage: parse [--today YYYY-MM-DD] [--tz Area/City]
  Reads one utterance per line on stdin and prints one JSON object per line on stdout.
  --today  the date relative dates count from (default: today in --tz)
  --tz     IANA time zone (default: Asia/Shanghai)
  Set OPENAI_API_KEY (and optionally OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_TIMEOUT_MS) to parse with a model.`;

function fail(message: string): never {
  process.stderr.write(`parse: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function readArgs(): { today: string; timeZone: string } {
  let values: { today?: string; tz?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { today: { type: 'string' }, tz: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const timeZone = values.tz ?? 'Asia/Shanghai';
  if (!isValidTimeZone(timeZone)) fail(`--tz: unknown time zone ${JSON.stringify(timeZone)} (expected an IANA name such as Asia/Shanghai)`);
  const today = values.today ?? todayIn(timeZone);
  if (parseIsoDate(today) === undefined) fail(`--today: ${JSON.stringify(today)} is not a date in YYYY-MM-DD form`);
  return { today, timeZone };
}

function buildParser(): RequestParser {
  try {
    const openai = openAiOptionsFromEnv();
    return createParser(openai ? { openai, onFallback: (reason, e) => process.stderr.write(`parse: model failed (${reason}): ${e.message}; used the rules\n`) } : {});
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

const ctx = readArgs();
const parser = buildParser();
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  const { request } = await parser.parse(line.trim(), ctx);
  process.stdout.write(`${JSON.stringify(request)}\n`);
}
