// The demo as a smoke test: the real CLI (`npm run demo`'s script) in a child process writes a transcript per platform
// holding the story's key moments and index.html drawing every step and card, and the process ends by itself.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_FOLLOW_UP, CONSOLE_SENTENCE } from './console-story.js';
import { DINGTALK_SENTENCE } from './dingtalk-story.js';
import { FEISHU_SENTENCE } from './feishu-story.js';
import { SLACK_REASON, SLACK_SENTENCE } from './slack-story.js';
import { LIFECYCLE_SENTENCE } from './lifecycle-story.js';
import { RECEPTION_SENTENCE } from './reception-story.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Not installed by default (CI would need `apt-get install -y chromium`); the browser check runs only where it is. */
const CHROMIUM = '/usr/bin/chromium';

/** The text a browser shows for an HTML fragment (tags dropped, entities decoded). */
const textOf = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
/** Every JSON string value matched by `re` (its one group) in a transcript, decoded. */
const jsonStrings = (md: string, re: RegExp) => [...md.matchAll(re)].map((m) => JSON.parse(`"${m[1]!}"`) as string);
/** The text of every element with this class in `html`. */
const texts = (html: string, className: string) => [...html.matchAll(new RegExp(`<[a-z0-9]+ class="${className}">([\\s\\S]*?)</(?:span|div)>`, 'g'))].map((m) => textOf(m[1]!));
/** One story's part of index.html (cards contain <section> elements, so stories are cut at their own marker). */
const storyHtml = (html: string, id: string) => {
  const part = html.split('<section class="rp-story" ').find((p) => p.startsWith(`id="${id}"`));
  expect(part, `index.html has no story "${id}"`).toBeDefined();
  return part!;
};
/** The step headings of a transcript, as text: "## 2. 张伟 (`e_zhangwei`) submits the draft" → "2. 张伟 (e_zhangwei) submits the draft". */
const stepsOf = (md: string) => [...md.matchAll(/^## (\d+\. .*)$/gm)].map((m) => m[1]!.replace(/`/g, ''));
const count = (s: string, needle: string) => s.split(needle).length - 1;

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
  // The demo's own temporary folder, kept apart from where its transcripts go, so that cleaning up removes exactly
  // that folder whether or not the demo got as far as writing them (never its parent, the system's temp folder).
  let root: string | undefined;
  let dir: string;
  let run: { code: number | null; stdout: string; stderr: string };
  const read = (file: string) => readFile(path.join(dir, file), 'utf8');

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'spendbot-demo-'));
    dir = path.join(root, 'transcripts');
    run = await runCli(['--out', dir]);
  }, 180_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('runs every story, exits 0 by itself and writes one transcript per platform plus an index', async () => {
    expect(run.stderr).not.toMatch(/FAILED|still running/);
    expect(run.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'bank', 'console.md', 'digest', 'dingtalk.md', 'feishu.md', 'finance', 'index.html', 'lifecycle.md', 'reception', 'reception.md', 'slack.md']);
    const index = await read('README.md');
    for (const f of ['console.md', 'feishu.md', 'dingtalk.md', 'slack.md', 'lifecycle.md', 'reception.md']) expect(index).toContain(`](${f})`);
  });

  it('tells the reception story: registered in chat, approved, invited, scanned in at the gate, host told, claimed, in the ledger', async () => {
    const md = await read('reception.md');
    expect(md).toContain(RECEPTION_SENTENCE);
    expect(md).toContain('王强的手机号是多少');
    expect(md).toContain('"kind": "visit_schedule"');
    expect(md).toContain('已于 13:55 在上海总部登记入场');
    expect(md).toContain('"visitorCount": 2');
    expect(md).not.toContain('13800138000');
    if (existsSync(CHROMIUM)) {
      // Both pictures were taken in the browser; the invitation's QR code reads as the link (checked by the story).
      for (const f of ['reception/invitation.png', 'reception/gate-checked-in.png']) expect((await readFile(path.join(dir, f))).subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(md).toMatch(/reads the QR code in the screenshot as the link itself: `https:\/\/spend\.example\.com\/v\/[A-Za-z0-9_.-]{83}`/);
    }
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

  it('shows the Feishu card JSON 2.0 of the draft, the approval card, the card in the click answer and the notice', async () => {
    const md = await read('feishu.md');
    expect(md).toContain(FEISHU_SENTENCE);
    expect(md).toMatch(/bot → 张伟 .*im\.message\.create.*interactive card.* · 待确认/);
    expect(md).toContain('"schema": "2.0"');
    expect(md).toMatch(/toast `success` “已提交 出差申请 TR-\d{4}，等待审批。”/);
    expect(md).toMatch(/bot → 王强 .*im\.message\.create.*interactive card.* · 待审批/);
    expect(md).toMatch(/Feishu replaces 王强 .*clicked card.* with the one in the answer — .* · 已通过/);
    expect(md).not.toMatch(/bot updates 王强 .*im\.message\.patch/);
    expect(md).toMatch(/bot → 张伟 .*“申请已通过/);
  });

  it('shows the DingTalk card instances of the draft, the approval card, its update and the notice', async () => {
    const md = await read('dingtalk.md');
    expect(md).toContain(DINGTALK_SENTENCE);
    expect(md).toMatch(/bot → 张伟 .*createAndDeliver.* · 待确认/);
    expect(md).toMatch(/bot → 王强 .*createAndDeliver.* · 待审批/);
    expect(md).toMatch(/bot updates 王强 .*PUT \/v1\.0\/card\/instances.* · 已通过/);
    expect(md).toContain('"kind": "notice"');
    expect(md).toMatch(/the card's `message` shows “已同意 张伟的出差申请 TR-\d{4}。”/);
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
    // The booked trains leave and arrive on the same day, in that order (the fake catalogue's timetable is plausible).
    const legs = [...md.matchAll(/"arriveAt": "([^"]+)",\s*"departAt": "([^"]+)"/g)].map((m) => ({ arrive: m[1]!, depart: m[2]! }));
    expect(legs).toHaveLength(2);
    for (const l of legs) {
      expect(l.arrive > l.depart).toBe(true);
      expect(l.arrive.slice(0, 10)).toBe(l.depart.slice(0, 10));
    }
    expect(md).toContain('became an open expense line tagged to the trip');
    expect(md).toContain('"kind": "expense_confirm"');
    expect(md).toMatch(/of which \*\*¥500\.00\*\* offsets his advance and \*\*¥128\.00\*\* is payable to him/);
    // After booking, what is frozen is the three booked orders plus the ¥540 per diem.
    const yuan = (s: string) => Number(s.replace(/[¥,]/g, ''));
    const orders = [...md.matchAll(/^\| (?:train|flight|hotel) \| [^|]+ \| SO\d+ \| booked \| (¥[\d,.]+) \| company \|$/gm)].map((m) => yuan(m[1]!));
    expect(orders).toHaveLength(3);
    const frozen = (orders.reduce((a, b) => a + b, 0) + 540).toLocaleString('en-US', { minimumFractionDigits: 2 });
    expect(md).toContain(`now the booked orders plus the per diem are what is frozen — ¥1,740.00 → **¥${frozen}**`);
    expect(md).toContain(`frozen ¥${frozen} → **¥0.00**`);
    expect(md).toContain('"kind": "ledger_notice"');
    expect(md).toContain('approved → completed');
  });

  it('pays the payable through the bank: run approved on the card, pain.001 written, one payment refused (AC04) and told, the other settled and told', async () => {
    const md = await read('lifecycle.md');
    expect(md).toContain('payment run approval card');
    expect(md).toMatch(/The pain\.001\.001\.09 `MSG-[A-Za-z0-9]+`/);
    expect(md).toMatch(/\| 李娜 [^|]*\| E2E-[A-Za-z0-9]+ \| ¥500\.00 \| rejected \| AC04 \|/);
    expect(md).toMatch(/\| 张伟 [^|]*\| E2E-[A-Za-z0-9]+ \| [^|]+ \| settled \|/);
    expect(md).toContain('收款账户已销户');
    expect(md).toMatch(/已付款 ¥[\d,.]+ 至尾号7896/);
    const bank = await readdir(path.join(dir, 'bank'));
    const pain001 = bank.find((f) => f.startsWith('MSG-'));
    expect(pain001).toBeDefined();
    const xml = await read(`bank/${pain001}`);
    expect(xml).toContain('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
    expect(xml).toContain('<MmbId>308290003020</MmbId>');
    expect(bank.some((f) => /camt/.test(f) || /STMT|NTF/.test(f))).toBe(true);
    // 张伟 downloads the bank's e-receipt of his payment.
    expect(md).toMatch(/e-receipt \(电子回单\)[^\n]*application\/pdf/);
    const receipt = bank.find((f) => /^receipt-E2E-[A-Za-z0-9]+\.pdf$/.test(f));
    expect(receipt).toBeDefined();
    expect((await read(`bank/${receipt}`)).startsWith('%PDF-1.4')).toBe(true);
  });

  it('closes the books after the bank: nothing left open on the clean path, balanced vouchers as JSON and CSV, the digest with its chart', async () => {
    const md = await read('lifecycle.md');
    expect(md).toContain("exceptions queue: **nothing**.");
    const vouchers = JSON.parse(await read('finance/vouchers.json')) as { kind: string; number: string; lines: { debitMinor: number; creditMinor: number }[] }[];
    expect(vouchers.map((v) => v.kind)).toEqual(expect.arrayContaining(['reimbursement_approved', 'payment_submitted', 'payment_rejected', 'payment_settled']));
    for (const v of vouchers) expect(v.lines.reduce((n, l) => n + l.debitMinor - l.creditMinor, 0)).toBe(0);
    expect(vouchers.map((v) => v.number)).toEqual(vouchers.map((_, i) => `${vouchers[0]!.number.slice(0, 7)}-${String(i + 1).padStart(4, '0')}`));
    expect((await read('finance/vouchers.csv')).split('\n')[0]).toMatch(/number/);
    const card = JSON.parse(await read('digest/feishu-card.json')) as { schema: string; body: { elements: { tag: string; chart_spec?: { type: string } }[] } };
    expect(card.schema).toBe('2.0');
    expect(card.body.elements.find((e) => e.tag === 'chart')?.chart_spec?.type).toBe('bar');
    const png = await readFile(path.join(dir, 'digest/slack.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    if (existsSync(CHROMIUM)) expect((await readFile(path.join(dir, 'finance/exceptions.png'))).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('writes index.html: a self-contained page with no script, nothing remote and no live form', async () => {
    const html = await read('index.html');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\(/i);
    const targets = [...html.matchAll(/\b(?:href|src|action)="([^"]*)"/g)].map((m) => m[1]!);
    for (const target of targets) expect(target).toMatch(/^#[a-z-]+$|^[a-z]+\.md$|^\/console\/action$/);
    // The console's own forms are kept as it served them, but inside a disabled fieldset: nothing can be posted.
    const forms = [...html.matchAll(/<form\b/g)].map((m) => m.index);
    expect(forms.length).toBeGreaterThan(0);
    for (const at of forms) expect(html.lastIndexOf('<fieldset disabled', at)).toBeGreaterThan(html.lastIndexOf('</fieldset>', at));
    for (const f of ['console', 'feishu', 'dingtalk', 'slack', 'lifecycle']) expect(html).toContain(`<li><a href="#${f}">`);
  });

  it('shows every step of every story in order, with what each person wrote', async () => {
    const html = await read('index.html');
    for (const [id, sentence] of [['console', CONSOLE_SENTENCE], ['feishu', FEISHU_SENTENCE], ['dingtalk', DINGTALK_SENTENCE], ['slack', SLACK_SENTENCE], ['lifecycle', LIFECYCLE_SENTENCE]] as const) {
      const part = storyHtml(html, id);
      const headings = [...part.matchAll(/<h3>([\s\S]*?)<\/h3>/g)].map((m) => textOf(m[1]!));
      const steps = stepsOf(await read(`${id}.md`));
      expect(steps.length).toBeGreaterThanOrEqual(3);
      expect(headings.filter((x) => /^\d+\. /.test(x))).toEqual(steps);
      expect(texts(part, 'rp-bubble')).toContain(sentence);
    }
  });

  it('draws each platform card from the payload that platform received: titles, status and buttons', async () => {
    const html = await read('index.html');
    const feishu = storyHtml(html, 'feishu');
    const feishuMd = await read('feishu.md');
    const feishuTitles = jsonStrings(feishuMd, /"header": \{\s*"title": \{\s*"tag": "plain_text",\s*"content": "((?:[^"\\]|\\.)*)"/g);
    expect(feishuTitles.length).toBeGreaterThanOrEqual(5);
    expect(new Set(texts(feishu, 'pv-title'))).toEqual(new Set(feishuTitles));
    expect(count(feishu, '<button ')).toBe(count(feishuMd, '"tag": "button"'));
    expect(count(feishu, 'updated in place')).toBeGreaterThanOrEqual(3);

    const slack = storyHtml(html, 'slack');
    const slackMd = await read('slack.md');
    const slackHeaders = jsonStrings(slackMd, /"type": "header",\s*"text": \{\s*"type": "plain_text",\s*"text": "((?:[^"\\]|\\.)*)"/g);
    expect(slackHeaders.length).toBeGreaterThanOrEqual(4);
    expect(texts(slack, 'sl-header')).toEqual(slackHeaders);
    const modals = count(slack, 'class="pv-card sl-modal"');
    expect(modals).toBe(1);
    expect(count(slack, '<button ')).toBe(count(slackMd, '"type": "button"') + 2 * modals); // a modal has submit and close
    // After the reason was given, the rejected card and the notice show it outside the folded JSON.
    expect(count(textOf(slack.replace(/<details[\s\S]*?<\/details>/g, '')), SLACK_REASON)).toBeGreaterThanOrEqual(2);

    const dingtalk = storyHtml(html, 'dingtalk');
    const dingtalkTitles = jsonStrings(await read('dingtalk.md'), /"title": "((?:[^"\\]|\\.)*)"/g);
    expect(dingtalkTitles.length).toBeGreaterThanOrEqual(4);
    for (const title of dingtalkTitles) expect(texts(dingtalk, 'pv-title')).toContain(title);
    expect(texts(dingtalk, 'dt-message').length).toBe(2); // each click answer's message line, on the clicked card
  });

  it('draws the console cards as the console served them and the lifecycle cards with the same renderer', async () => {
    const html = await read('index.html');
    const consolePart = storyHtml(html, 'console');
    expect(count(consolePart, '<fieldset disabled class="rp-console">')).toBe(count(await read('console.md'), 'The HTML the console served'));
    expect(consolePart).toMatch(/<fieldset disabled class="rp-console"><div class="msg msg--bot"><article class="card card--[a-z]+" lang="zh-CN" data-kind="approval"/);
    const lifecycle = storyHtml(html, 'lifecycle');
    for (const kind of ['itinerary', 'expense_confirm', 'ledger_notice']) expect(lifecycle).toContain(`data-kind="${kind}"`);
    expect(textOf(lifecycle)).toMatch(/G\d+ 北京 → 上海/);
  });

  it.skipIf(!existsSync(CHROMIUM))('opens from file:// in headless Chromium: nothing else is fetched, every card is drawn, no button works (skipped without /usr/bin/chromium)', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => errors.push(e.message));
      const url = pathToFileURL(path.join(dir, 'index.html')).href;
      await page.goto(url);
      expect(requests).toEqual([url]);
      expect(errors).toEqual([]);
      const html = await read('index.html');
      expect(await page.locator('.rp-step').count()).toBe(count(html, '<article class="rp-step">'));
      const cards = page.locator('.rp-card');
      expect(await cards.count()).toBe(count(html, 'class="rp-card"'));
      for (const box of await Promise.all((await cards.all()).map((c) => c.boundingBox()))) expect(box?.height).toBeGreaterThan(40);
      expect(await page.locator('button').count()).toBeGreaterThan(20);
      expect(await page.locator('button:enabled, input:enabled, textarea:enabled').count()).toBe(0);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('refuses to run without --out, with a message and exit code 2', async () => {
    const r = await runCli([], 60_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out DIR is required');
  });
});
