// End to end in headless Chromium: a visit registered in chat and approved on the card (the staff get the schedule), the visitor's invitation page (from the texted link) shows a QR
// code a standard decoder reads as the link; the guard opens the gate page from a one-time link, the page's scanner
// reads that QR code from the camera (Chromium's fake camera playing a video of it), the visitor is checked in and the
// host told; scanned again it is refused with the reason on the page; the guard checks the visitor out; the host's
// hospitality claim links the visit, consumes its freeze (the rest released), and the ledger shows it.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import type { SmsMessage } from '../../../domain/reception/index.js';
import { createConsoleSmsSender } from '../../../src/integrations/sms/console.js';
import { silentLogger } from '../../../src/log.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { button, consoleAs } from '../../helpers/console.js';
import { ruleParser } from '../../helpers/parser.js';
import { drainOutbox } from '../../helpers/bank.js';
import { writeQrVideo } from '../../helpers/fake-camera.js';
import { CHROMIUM, serveApp } from '../../helpers/finance-browser.js';

let t: TestApp;
let served: Awaited<ReturnType<typeof serveApp>>;
let dir: string;
const sent: SmsMessage[] = [];

beforeAll(async () => {
  t = await testApp({}, { parser: ruleParser });
  const console = createConsoleSmsSender({ logger: silentLogger });
  (t.deps as { sms?: unknown }).sms = { sender: { provider: 'console', send: (m: SmsMessage) => (sent.push(m), console.send(m)) }, templateParams: () => undefined };
  served = await serveApp(t);
  dir = await mkdtemp(path.join(tmpdir(), 'gate-'));
  expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '上海市浦东新区世纪大道100号', rules: ['请携带身份证'], deskIds: ['e_sunli'] })).status).toBe(200);
});
afterAll(async () => {
  await served?.close();
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

// jsqr is CommonJS typed as an ES module; Node hands over module.exports, on which the decoder is also `default`.
const jsQR = jsqr.default;

const decode = (png: Buffer) => {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)?.data;
};

describe('the gate in a browser', () => {
  it.skipIf(!existsSync(CHROMIUM))('invitation page QR → guard scans it with the camera → checked in once, host told → checked out → claimed, budget consumed, ledger (skipped without /usr/bin/chromium)', async () => {
    // The host registers a visit this afternoon in chat (the web console: the one inbound entry every channel uses).
    const zhang = await consoleAs(t, 'e_zhangwei');
    await zhang.say('今天下午两点ABC科技王强来访，需要午餐');
    expect(await zhang.page()).toContain('王强的手机号是多少');
    await zhang.say('13800138000');
    await zhang.click('submit', button(await zhang.page(), 'submit'));
    const [row] = rowsOf<{ id: string; request_id: string }>(await t.database.db.execute(sql`SELECT id, request_id FROM visits WHERE org_id = 'demo' ORDER BY created_at DESC LIMIT 1`));
    const r = { body: { visit: (await t.call('GET', `/api/v1/visits/${row!.id}?actorId=e_zhangwei`)).body, request: { id: row!.request_id } } };
    expect(r.body.visit.visitors[0]).toMatchObject({ name: '王强', mobile: '****8000' });
    // The manager approves on the card in chat; the host and the desk get the schedule.
    await drainOutbox(t);
    const wang = await consoleAs(t, 'e_wangqiang');
    await wang.click('approve', button(await wang.page(), 'approve'));
    expect((await t.call('GET', `/api/v1/requests/${row!.request_id}`)).body.approval.status).toBe('approved');
    await drainOutbox(t);
    expect(await (await consoleAs(t, 'e_sunli')).page()).toContain('ABC科技');
    const texted = sent.find((m) => m.template === 'visit_invitation');
    expect(texted?.to).toBe('+8613800138000');
    const invitationPath = new URL(texted!.params.link!).pathname;
    t.clock.set('2026-11-18T06:00:00Z'); // 14:00 Beijing

    const { chromium } = await import('playwright-core');
    // The visitor's phone: the invitation page, its QR code read back from a screenshot.
    const phone = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    let link: string | undefined;
    try {
      const page = await phone.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
      await page.goto(`${served.base}${invitationPath}`);
      await expect(page.locator('h1').textContent()).resolves.toBe('来访邀请');
      link = decode(await page.screenshot());
      expect(link).toBe(texted!.params.link);
    } finally {
      await phone.close();
    }

    // The guard's tablet, its camera showing that QR code.
    const video = path.join(dir, 'qr.y4m');
    await writeQrVideo(video, link!);
    const gateLink = await t.call('POST', '/api/v1/sites/hq/gate-link', { actorId: 'e_zhoujun' });
    expect(gateLink.status).toBe(200);
    const gatePath = new URL(gateLink.body.url).pathname + new URL(gateLink.body.url).search;
    const tablet = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`] });
    try {
      const context = await tablet.newContext({ viewport: { width: 800, height: 1000 }, permissions: ['camera'] });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (q) => requests.push(q.url()));
      await page.goto(`${served.base}${gatePath}`);
      expect(new URL(page.url()).pathname).toBe('/gate');
      // The scanner reads the code and submits it: the visitor is let in.
      const ok = page.locator('[data-result="checked_in"]');
      await ok.waitFor({ timeout: 20_000 });
      await expect(ok.locator('.visitor-name').textContent()).resolves.toBe('王强');
      await expect(ok.locator('.host-name').textContent()).resolves.toBe('张伟');
      await page.screenshot({ path: path.join(dir, 'gate-checked-in.png'), fullPage: true });
      expect(await page.locator('#on-site tr[data-visitor]').count()).toBe(1);
      // The host is told in chat (the console transcript, the channel on here).
      await drainOutbox(t);
      const told = rowsOf<{ text: string }>(await t.database.db.execute(sql`SELECT text FROM console_messages WHERE org_id = 'demo' AND employee_id = 'e_zhangwei' AND text LIKE '%王强%' AND text LIKE '%入场%'`));
      expect(told).toHaveLength(1);

      // The code stays in front of the camera: it is not sent again at once.
      await page.goto(`${served.base}/gate`);
      await page.waitForTimeout(1500);
      expect(await page.locator('[data-result]').count()).toBe(0);
      // Shown again later (the scanner's memory of it gone), it is refused, and the page says why.
      await page.evaluate('sessionStorage.clear()');
      const no = page.locator('[data-result="refused"]');
      await no.waitFor({ timeout: 20_000 });
      await expect(no.getAttribute('data-code')).resolves.toBe('GATE.ALREADY_CHECKED_IN');
      await expect(no.locator('.reason').textContent()).resolves.toContain('已经登记入场');

      // Checked out from the on-site list.
      await page.evaluate(`sessionStorage.setItem('gate-last', ${JSON.stringify(JSON.stringify({ code: link, at: Date.now() }))})`);
      await page.locator('#on-site button').click();
      await page.locator('[data-result="checked_out"]').waitFor();
      expect(await page.locator('#on-site tr[data-visitor]').count()).toBe(0);
      const [row] = rowsOf<{ checked_in_at: Date; checked_out_at: Date; checked_in_by: string }>(await t.database.db.execute(sql`SELECT checked_in_at, checked_out_at, checked_in_by FROM visitors WHERE org_id = 'demo' AND visit_id = ${r.body.visit.id}`));
      expect(row).toMatchObject({ checked_in_by: 'e_zhoujun' });
      expect(row!.checked_out_at).toBeTruthy();
      // Nothing but the service was asked for: the decoder is ours, no CDN.
      expect(requests.every((u) => u.startsWith(served.base))).toBe(true);
    } finally {
      await tablet.close();
    }

    // The host claims the lunch: the claim links the visit; approved, it consumes the visit's freeze and releases the rest.
    const hospitality = async () => (await t.call('GET', '/api/v1/budgets?departmentId=d_sales&category=hospitality&periodKey=2026-11')).body.budgets[0] as { frozen: { minor: number }; consumed: { minor: number } };
    const before = await hospitality();
    const line = await t.call('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'meal', amount: { minor: 68_000, currency: 'CNY' }, date: '2026-11-18', merchant: '外滩餐厅' });
    expect(line.status, JSON.stringify(line.body)).toBe(201);
    const claim = await t.call('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: [line.body.id], visitIds: [r.body.visit.id], title: 'ABC科技来访午餐' });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    for (let i = 0; i < 4; i++) {
      const q = await t.call('GET', `/api/v1/requests/${claim.body.request.id}`);
      if (q.body.approval.status !== 'pending') break;
      expect((await t.call('POST', `/api/v1/approvals/${q.body.approval.id}/actions`, { actorId: q.body.approval.progress.pending[0], action: 'approve' })).status).toBe(200);
    }
    const after = await hospitality();
    expect(after.consumed.minor - before.consumed.minor).toBe(68_000);
    expect(before.frozen.minor - after.frozen.minor).toBe(r.body.visit.estimateTotal.minor as number);
    t.clock.set('2026-11-18T09:30:00Z'); // 17:30: the visit is over
    const ledger = await t.call('GET', `/api/v1/visits/${r.body.visit.id}/ledger?actorId=e_zhangwei`);
    expect(ledger.status, JSON.stringify(ledger.body)).toBe(200);
    expect(ledger.body).toMatchObject({ visitorCount: 1, host: { id: 'e_zhangwei' } });
    expect(JSON.stringify(ledger.body)).toContain(claim.body.request.id);
  });
});
