// The reception story: a customer visit registered, approved (its estimate frozen in the hospitality budget), the
// visitor texted the invitation link, the invitation page opened on a phone in Chromium (its QR code read back from the
// screenshot), the guard's gate page scanning that QR code through Chromium's fake camera, the visitor checked in (the
// host told in chat) and out. Writes reception.md and the two screenshots under reception/.
import { serve, type ServerType } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.js';
import { API_SCOPES, createApiKey } from '../../db/repos/api-keys.js';
import { consoleTranscript } from '../../db/repos/chat.js';
import { formatAmount } from '../../domain/money/index.js';
import type { SmsMessage } from '../../domain/reception/index.js';
import { createConsoleSmsSender } from '../../src/integrations/sms/console.js';
import { silentLogger } from '../../src/log.js';
import { writeQrVideo } from '../helpers/fake-camera.js';
import { CHROMIUM } from '../helpers/finance-browser.js';
import { check, demoConsole, startService, type DemoService } from './harness.js';
import type { StoryResult } from './story.js';
import { Transcript, who } from './transcript.js';

const P = 'Reception';
export const RECEPTION_SENTENCE = '明天下午两点ABC科技王强等2人来访，需要会议室和午餐';
// jsqr is CommonJS typed as an ES module; Node hands over module.exports, on which the decoder is also `default`.
const jsQR = jsqr.default;
const yuan = (minor: number) => `¥${formatAmount({ minor, currency: 'CNY' })}`;

export async function receptionStory(): Promise<StoryResult> {
  let svc: DemoService | undefined;
  let server: ServerType | undefined;
  const dir = await mkdtemp(path.join(tmpdir(), 'demo-reception-'));
  const texts: SmsMessage[] = [];
  try {
    const logged = createConsoleSmsSender({ logger: silentLogger });
    svc = await startService(P, { PUBLIC_URL: 'https://spend.example.com' }, { sms: { sender: { provider: 'console', send: (m) => (texts.push(m), logged.send(m)) }, templateParams: () => undefined } });
    const s = svc;
    server = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server!.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const key = await createApiKey(s.database.db, 'demo', 'key_demo_reception', 'demo reception', [...API_SCOPES]);
    const api = async (method: string, p: string, body?: unknown) => {
      const r = await s.app.request(p, { method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: r.status, body: (await r.json()) as any };
    };
    const files: { name: string; content: string | Uint8Array }[] = [];
    const t = new Transcript('Business reception / 业务接待', [
      `${who('e_zhangwei')} receives two people from ABC科技 tomorrow afternoon. The visit is approved by his manager and its estimate frozen in the sales department's hospitality budget; the visitor is texted an invitation link; ${who('e_zhoujun')} at the gate scans the QR code on the visitor's phone, and ${who('e_zhangwei')} is told they have arrived.`,
    ]);

    t.section('The reception desk sets up the site', s.clock.now());
    const site = await api('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '上海市浦东新区世纪大道100号 20楼', rules: ['请携带身份证件', '访客须全程佩戴访客证'], deskIds: ['e_sunli'] });
    check(P, site.status === 200, `the site answered ${site.status}: ${JSON.stringify(site.body)}`);
    t.json(`${who('e_sunli')} (reception) saves the site visitors come to:`, site.body);

    const consoleOf = (employeeId: string) => demoConsole(s, P, employeeId);
    const lastOut = async (employeeId: string) => (await consoleTranscript(s.database.db, 'demo', employeeId)).filter((m) => m.direction === 'out').at(-1);

    t.section('The host registers the visit in chat', s.clock.now());
    const zhang = await consoleOf('e_zhangwei');
    await zhang.say(RECEPTION_SENTENCE);
    t.said('张伟', RECEPTION_SENTENCE, 'web console');
    const asked = await lastOut('e_zhangwei');
    check(P, asked?.text, `the bot did not ask for what was missing: ${JSON.stringify(asked)}`);
    t.botText('张伟', asked.text!, 'web console');
    await zhang.say('13800138000');
    // The console keeps a typed mobile number only masked; the transcript shows what it kept.
    const typed = (await consoleTranscript(s.database.db, 'demo', 'e_zhangwei')).filter((m) => m.direction === 'in').at(-1);
    check(P, typed?.text && !typed.text.includes('13800138000'), `the console kept the mobile number in the clear: ${typed?.text}`);
    t.said('张伟', `${typed.text} (typed in full; kept masked)`, 'web console');
    const draft = await lastOut('e_zhangwei');
    check(P, draft?.view, 'no draft card');
    t.json('The draft card (view JSON; the mobile number shown only by its last four):', draft.view);
    await zhang.click('submit');
    const [row] = rowsOf<{ id: string; request_id: string }>(await s.database.db.execute(sql`SELECT id, request_id FROM visits WHERE org_id = 'demo' ORDER BY created_at DESC LIMIT 1`));
    check(P, row, 'submitting the draft registered no visit');
    const visit = { body: { visit: (await api('GET', `/api/v1/visits/${row.id}?actorId=e_zhangwei`)).body, request: (await api('GET', `/api/v1/requests/${row.request_id}`)).body.request } };
    t.line(`Registered as request \`${visit.body.request.number}\` (type \`visit\`, category \`hospitality\`) through the same use case as \`POST /api/v1/visits\`; estimate ${yuan(visit.body.visit.estimateTotal.minor)} from the reception standard for the party; visitors: ${visit.body.visit.visitors.map((v: any) => `${v.name}${v.mobile ? ` ${v.mobile}` : ''}`).join('、')}.`);

    t.section('The manager approves; the estimate is frozen; the visitor is texted', s.clock.now());
    const before = (await api('GET', '/api/v1/budgets?departmentId=d_sales&category=hospitality&periodKey=2026-11')).body.budgets[0];
    await s.drain();
    const req = await api('GET', `/api/v1/requests/${visit.body.request.id}`);
    const approver = req.body.approval.progress.pending[0] as string;
    const card = await lastOut(approver);
    check(P, card?.view, `${approver} got no approval card`);
    t.json(`${who(approver)}'s approval card (view JSON): the visit's fields, only the chosen reception types, the hospitality budget:`, card.view);
    await (await consoleOf(approver)).click('approve');
    const decided = await api('GET', `/api/v1/requests/${visit.body.request.id}`);
    check(P, decided.body.approval.status === 'approved', `the approval is ${decided.body.approval.status}`);
    t.line(`- ${who(approver)} clicks approve on the card → \`approved\``);
    await s.drain();
    const after = (await api('GET', '/api/v1/budgets?departmentId=d_sales&category=hospitality&periodKey=2026-11')).body.budgets[0];
    t.line(`Hospitality budget of 销售部, 2026-11: frozen ${yuan(before.frozen.minor)} → ${yuan(after.frozen.minor)}, available ${yuan(after.available.minor)}.`);
    check(P, after.frozen.minor - before.frozen.minor === visit.body.visit.estimateTotal.minor, 'the estimate was not frozen');
    const schedule = await lastOut('e_sunli');
    check(P, (schedule?.view as { kind?: string } | null)?.kind === 'visit_schedule', `the reception desk got no schedule card: ${JSON.stringify(schedule?.view)}`);
    t.json(`The schedule card the host, the companions and the reception desk (${who('e_sunli')}) get on approval, and again ${s.deps.config.VISIT_REMINDER_MINUTES} minutes before the visit:`, schedule!.view);
    const text = texts.find((m) => m.template === 'visit_invitation');
    check(P, text, 'no invitation text was sent');
    t.json('The invitation text (SMS_PROVIDER=console: logged, number masked in the log; with Aliyun or Tencent Cloud the same parameters fill the approved template):', { to: `****${text.to.slice(-4)}`, template: text.template, params: text.params });
    const link = text.params.link!;

    if (!existsSync(CHROMIUM)) {
      t.line(`(No Chromium at ${CHROMIUM}: the invitation page and the gate were not opened in a browser.)`);
    } else {
      const { chromium } = await import('playwright-core');
      const local = `${base}${new URL(link).pathname}`;
      t.section('The visitor opens the link on a phone', s.clock.now());
      const phone = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      let read: string | undefined;
      try {
        const page = await phone.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 2 });
        await page.goto(local);
        const shot = await page.screenshot({ fullPage: true });
        files.push({ name: 'reception/invitation.png', content: shot });
        const png = PNG.sync.read(shot);
        read = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data;
      } finally {
        await phone.close();
      }
      check(P, read === link, `the QR code on the invitation page reads ${read ?? 'nothing'}, not the link`);
      t.line(`The page (\`reception/invitation.png\`, 390 × 844 in headless Chromium) shows the visit, the address, the host (and their phone where the directory has one), the site's rules and the QR code; a standard decoder (jsQR) reads the QR code in the screenshot as the link itself: \`${read}\`.`);

      s.clock.set('2026-11-19T05:55:00.000Z'); // 13:55 in Shanghai, five minutes early
      t.section('The guard scans the QR code at the gate', s.clock.now());
      const gate = await api('POST', '/api/v1/sites/hq/gate-link', { actorId: 'e_zhoujun' });
      check(P, gate.status === 200, `the gate link answered ${gate.status}`);
      const video = path.join(dir, 'qr.y4m');
      await writeQrVideo(video, read!);
      const tablet = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`] });
      try {
        const context = await tablet.newContext({ viewport: { width: 820, height: 1100 }, permissions: ['camera'], locale: 'zh-CN' });
        const page = await context.newPage();
        const g = new URL(gate.body.url);
        await page.goto(`${base}${g.pathname}${g.search}`);
        await page.locator('[data-result="checked_in"]').waitFor({ timeout: 20_000 });
        files.push({ name: 'reception/gate-checked-in.png', content: await page.screenshot({ fullPage: true }) });
        t.line(`${who('e_zhoujun')} opens the gate page from his one-time link; the page's scanner reads the QR code from the camera (Chromium's fake camera playing the code) and checks the visitor in: \`reception/gate-checked-in.png\`.`);
        t.line(`On the page: **${(await page.locator('[data-result="checked_in"] .big').textContent())?.trim()}** — ${(await page.locator('[data-result="checked_in"] .visitor-name').textContent())?.trim()}, host ${(await page.locator('[data-result="checked_in"] .host-name').textContent())?.trim()}; on site now: ${await page.locator('#on-site tr[data-visitor]').count()}.`);
        await s.drain();
        const told = (await consoleTranscript(s.database.db, 'demo', 'e_zhangwei')).filter((m) => m.text?.includes('登记入场')).at(-1);
        check(P, told?.text, '张伟 was not told of the arrival');
        t.botText('张伟', told.text!, 'console');

        s.clock.set('2026-11-19T08:40:00.000Z');
        await page.goto(`${base}/gate`);
        await page.evaluate(`sessionStorage.setItem('gate-last', ${JSON.stringify(JSON.stringify({ code: read, at: Date.now() }))})`);
        await page.goto(`${base}/gate`);
        await page.locator('#on-site button').click();
        await page.locator('[data-result="checked_out"]').waitFor();
        t.section('The visitor leaves', s.clock.now());
        t.line(`${who('e_zhoujun')} checks the visitor out from the on-site list at 16:40; nobody from the visit is on site any more.`);
      } finally {
        await tablet.close();
      }
    }
    s.clock.set('2026-11-19T10:00:00.000Z'); // 18:00: the visit is over
    t.section('The host claims the lunch; the freeze is consumed; the visit is in the ledger', s.clock.now());
    const budgetNow = async () => (await api('GET', '/api/v1/budgets?departmentId=d_sales&category=hospitality&periodKey=2026-11')).body.budgets[0];
    const b0 = await budgetNow();
    const meal = await api('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'meal', amount: { minor: 58_000, currency: 'CNY' }, date: '2026-11-19', merchant: '外滩餐厅' });
    check(P, meal.status === 201, `the expense line answered ${meal.status}: ${JSON.stringify(meal.body)}`);
    const claim = await api('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [meal.body.id], visitIds: [visit.body.visit.id], title: 'ABC科技来访午餐' });
    check(P, claim.status === 201, `the claim answered ${claim.status}: ${JSON.stringify(claim.body)}`);
    t.line(`${who('e_zhangwei')} claims the lunch (${yuan(58_000)}, 外滩餐厅), linking the visit: claim \`${claim.body.request.number}\`.`);
    for (let i = 0; i < 4; i++) {
      const q = await api('GET', `/api/v1/requests/${claim.body.request.id}`);
      if (q.body.approval.status !== 'pending') break;
      const by = q.body.approval.progress.pending[0] as string;
      const done = await api('POST', `/api/v1/approvals/${q.body.approval.id}/actions`, { actorId: by, action: 'approve' });
      check(P, done.status === 200, `approving the claim answered ${done.status}`);
      t.line(`- ${who(by)} approves the claim → \`${done.body.status}\``);
    }
    await s.drain();
    const b1 = await budgetNow();
    check(P, b1.consumed.minor - b0.consumed.minor === 58_000, `consumed moved by ${b1.consumed.minor - b0.consumed.minor}`);
    t.line(`Hospitality budget of 销售部: consumed ${yuan(b0.consumed.minor)} → ${yuan(b1.consumed.minor)}, frozen ${yuan(b0.frozen.minor)} → ${yuan(b1.frozen.minor)} (the visit's freeze consumed by the actual cost, the rest released), available ${yuan(b1.available.minor)}.`);
    const ledger = await api('GET', `/api/v1/visits/${visit.body.visit.id}/ledger?actorId=e_sunli`);
    check(P, ledger.status === 200, `the ledger entry answered ${ledger.status}: ${JSON.stringify(ledger.body)}`);
    t.json('The visit\'s ledger entry (GET /api/v1/visits/{id}/ledger): visitors, actual times, host, estimate and cost by reception type, the claim:', ledger.body);
    return { platform: P, file: 'reception.md', title: 'Business reception / 业务接待', sentence: RECEPTION_SENTENCE, outcome: 'registered in chat, approved on the card, estimate frozen, invited by SMS, scanned in at the gate, host told, checked out, claimed, in the ledger', markdown: t.markdown(), ...t.report(), files };
  } catch (e) {
    throw svc ? svc.explain(e) : e;
  } finally {
    if (server) await new Promise((r) => server!.close(() => r(undefined)));
    await svc?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
