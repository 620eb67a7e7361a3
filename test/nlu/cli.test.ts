// `parse` CLI: stdin lines in, one JSON object per line out, in order; bad arguments exit 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParsedRequestSchema } from '../../domain/nlu/index.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js';
import { runCli as runCliScript } from '../cli/cli-process.js';

/** Runs the `parse` CLI with `args`, feeding it `input` on stdin. */
const runCli = (args: string[], input: string, env: Record<string, string> = {}) => runCliScript('parse', args, env, input);

const args = ['--today', '2026-11-18', '--tz', 'Asia/Shanghai'];

describe('parse CLI', () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi({ reply: { kind: 'json', body: { intent: 'status', trip: null, expense: null, visit: null } } });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('prints one JSON line per input line, in order', async () => {
    const { code, stdout } = await runCli(args, '明天去天津，当天回\n出租车 27.5元 前天\n讲个笑话\n');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(ParsedRequestSchema.safeParse(l).success).toBe(true);
    expect(lines[0]).toEqual({ intent: 'trip', trip: { destination: '天津', departDate: '2026-11-19', returnDate: '2026-11-19' } });
    expect(lines[1]).toEqual({ intent: 'expense', expense: { category: 'transport', amount: { minor: 2750, currency: 'CNY' }, date: '2026-11-16' } });
    expect(lines[2]).toEqual({ intent: 'unknown' });
  });

  it.each([
    [['--today', '2026-13-40', '--tz', 'Asia/Shanghai'], /--today/],
    [['--today', '2026-11-18', '--tz', 'Mars/Olympus'], /--tz/],
    [['--when', 'now'], /Unknown option/],
  ])('exits 2 with a message for bad arguments %j', async (bad, message) => {
    const { code, stdout, stderr } = await runCli(bad, 'hello\n');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('asks the model when OPENAI_API_KEY is set', async () => {
    const before = fake.requests.length;
    const { code, stdout } = await runCli(args, '我的出差申请批了吗\n', { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL, OPENAI_TIMEOUT_MS: '30000' });
    expect(code).toBe(0);
    expect(JSON.parse(stdout.trim())).toEqual({ intent: 'status' });
    expect(fake.requests.length).toBe(before + 1);
  });
});
