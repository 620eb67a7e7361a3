// The demo as a smoke test: the real CLI (`npm run demo`'s script) in a child process writes a transcript per platform
// holding the story's key moments, and the process ends by itself (nothing left open).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_FOLLOW_UP, CONSOLE_SENTENCE } from './console-story.js';
import { DINGTALK_SENTENCE } from './dingtalk-story.js';
import { FEISHU_SENTENCE } from './feishu-story.js';
import { SLACK_REASON, SLACK_SENTENCE } from './slack-story.js';
import { LIFECYCLE_SENTENCE } from './lifecycle-story.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the CLI the way `npm run demo` does (tsx), and resolves with its exit code and output. */
function runCli(args: string[], timeoutMs = 150_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/demo/run-demo.ts', ...args], { cwd: ROOT, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run demo', () => {
  let dir: string;
  let run: { code: number | null; stdout: string; stderr: string };
  const read = (file: string) => readFile(path.join(dir, file), 'utf8');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'spendbot-demo-'));
    run = await runCli(['--out', path.join(dir, 'transcripts')]);
    dir = path.join(dir, 'transcripts');
  }, 180_000);
  afterAll(async () => {
    await rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('runs every story, exits 0 by itself and writes one transcript per platform plus an index', async () => {
    expect(run.stderr).not.toMatch(/FAILED|still running/);
    expect(run.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'console.md', 'dingtalk.md', 'feishu.md', 'lifecycle.md', 'slack.md']);
    const index = await read('README.md');
    for (const f of ['console.md', 'feishu.md', 'dingtalk.md', 'slack.md', 'lifecycle.md']) expect(index).toContain(`](${f})`);
  });

  it('shows the follow-up question, the draft, the approval card, its update and the notice on the console', async () => {
    const md = await read('console.md');
    expect(md).toContain(CONSOLE_SENTENCE);
    expect(md).toContain('什么时候回来？');
    expect(md).toContain(CONSOLE_FOLLOW_UP);
    expect(md).toContain('"kind": "draft"');
    expect(md).toMatch(/bot → 王强 .*approval card .*\(waiting, 3 buttons\)/);
    expect(md).toMatch(/bot rewrites 王强 .*approval card .*\(decided: approved, 0 buttons\)/);
    expect(md).toMatch(/bot → 张伟 .*notice card .*\(approved/);
    expect(md).toContain('已由 王强 于 11月18日 10:23 同意');
  });

  it('shows the Feishu card JSON 2.0 of the draft, the approval card, its patch and the notice', async () => {
    const md = await read('feishu.md');
    expect(md).toContain(FEISHU_SENTENCE);
    expect(md).toMatch(/bot → 张伟 .*im\.message\.create.*interactive card.* · 待确认/);
    expect(md).toContain('"schema": "2.0"');
    expect(md).toMatch(/toast `success` “已提交，等待审批。”/);
    expect(md).toMatch(/bot → 王强 .*im\.message\.create.*interactive card.* · 待审批/);
    expect(md).toMatch(/bot updates 王强 .*im\.message\.patch.* · 已通过/);
    expect(md).toMatch(/bot → 张伟 .*“申请已通过/);
  });

  it('shows the DingTalk card instances of the draft, the approval card, its update and the notice', async () => {
    const md = await read('dingtalk.md');
    expect(md).toContain(DINGTALK_SENTENCE);
    expect(md).toMatch(/bot → 张伟 .*createAndDeliver.* · 待确认/);
    expect(md).toMatch(/bot → 王强 .*createAndDeliver.* · 待审批/);
    expect(md).toMatch(/bot updates 王强 .*PUT \/v1\.0\/card\/instances.* · 已通过/);
    expect(md).toContain('"kind": "notice"');
    expect(md).toMatch(/the card's `message` shows “已处理。”/);
  });

  it('shows the Slack blocks, the reason modal, the rejected card and the notice with the reason', async () => {
    const md = await read('slack.md');
    expect(md).toContain(SLACK_SENTENCE);
    expect(md).toMatch(/bot → 张伟 .*chat\.postMessage.*To confirm/);
    expect(md).toMatch(/bot → 王强 .*chat\.postMessage.*待审批/);
    expect(md).toMatch(/bot opens a modal.*views\.open/);
    expect(md).toContain('"callback_id": "reason"');
    expect(md).toMatch(/bot updates 王强 .*chat\.update.*驳回/);
    expect(md).toMatch(/bot → 张伟 .*chat\.postMessage.*申请被驳回/);
    expect(md.split(SLACK_REASON).length).toBeGreaterThan(3); // typed, on the updated card, in the notice, in the database
    expect(md).toMatch(/\| rejected \| `apr_\d+` \| rejected \|/);
  });

  it('continues from the approved trip through booking, expenses, the advance and the reimbursement', async () => {
    const md = await read('lifecycle.md');
    expect(md).toContain(LIFECYCLE_SENTENCE);
    expect(md).toMatch(/froze the estimate: frozen ¥0\.00 → \*\*¥1,740\.00\*\*/);
    expect(md).toMatch(/\| train \| G\d+ 北京 → 上海 \| SO000001 \| booked \|/);
    expect(md).toContain('"kind": "itinerary"');
    expect(md).toContain('became an open expense line tagged to the trip');
    expect(md).toContain('"kind": "expense_confirm"');
    expect(md).toMatch(/of which \*\*¥500\.00\*\* offsets his advance and \*\*¥128\.00\*\* is payable to him/);
    expect(md).toMatch(/now the booked orders plus the per diem are what is frozen — ¥1,740\.00 → \*\*¥2,005\.00\*\*/);
    expect(md).toMatch(/frozen ¥2,005\.00 → \*\*¥0\.00\*\*/);
    expect(md).toContain('"kind": "ledger_notice"');
    expect(md).toContain('approved → completed');
  });

  it('refuses to run without --out, with a message and exit code 2', async () => {
    const r = await runCli([], 60_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out DIR is required');
  });
});
