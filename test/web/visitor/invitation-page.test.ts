// The visitor's invitation page: every field escaped, the QR code only for a valid invitation (and, read back from a
// phone-sized screenshot in headless Chromium, it is the link exactly), a reason otherwise, and a refusal page that
// says nothing about any visit.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import jsqr from 'jsqr';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationPage, refusalPage, type InvitationView } from '../../../src/web/visitor/invitation-page.js';
import { CHROMIUM } from '../../helpers/finance-browser.js';

// jsqr is CommonJS typed as an ES module; Node hands over module.exports, on which the decoder is also `default`.
const jsQR = jsqr.default;

/** A link shaped like the real one: PUBLIC_URL/v/ and 39 characters of claims, a dot, 43 of signature. */
const newLink = () => `https://spend.example.com/v/${randomBytes(29).toString('base64url')}.${randomBytes(32).toString('base64url')}`;

const visit = (over: Partial<InvitationView> = {}): InvitationView => ({
  link: newLink(),
  company: '星海科技有限公司',
  visitors: ['王强', '李娜'],
  purpose: '年度合作洽谈',
  start: new Date('2026-12-08T01:00:00Z'), // 09:00 in Shanghai
  end: new Date('2026-12-08T03:30:00Z'), // 11:30
  timeZone: 'Asia/Shanghai',
  site: { name: '上海总部', address: '上海市浦东新区世纪大道100号 18楼', rules: ['请携带身份证件', '厂区内禁止拍照'] },
  host: { name: '张伟', phone: '+8613812345678' },
  status: 'valid',
  ...over,
});

const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "'><svg onload=alert(3)>", '</style><iframe src=//evil>'];
const hostileVisit = (): InvitationView =>
  visit({
    company: HOSTILE[0]!,
    visitors: ['<script>', ...HOSTILE],
    purpose: HOSTILE[1]!,
    site: { name: HOSTILE[2]!, address: HOSTILE[3]!, rules: HOSTILE },
    host: { name: HOSTILE[1]!, phone: HOSTILE[2]! },
  });

/** The elements the page itself writes; a field's text must never add another, nor an attribute to one of these. */
const OWN_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'h1', 'h2', 'p', 'section', 'div', 'svg', 'path', 'dl', 'dt', 'dd', 'span', 'ul', 'li', 'a']);
function expectNoInjectedMarkup(out: string) {
  const tags = new Set([...out.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()));
  expect([...tags].filter((t) => !OWN_TAGS.has(t))).toEqual([]);
  expect(out).not.toMatch(/<[^>]*\son\w+=/i); // no event handler inside any tag
  expect(out.match(/<svg/g)?.length ?? 0).toBeLessThanOrEqual(1); // the QR code, and nothing a field brought
  expect(out.match(/<\/style>/g)).toHaveLength(1);
}

describe('invitation page markup', () => {
  it('escapes every field: hostile names, purpose, site, rules and host render as text', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const out = String(await invitationPage(hostileVisit(), lang));
      expectNoInjectedMarkup(out);
      expect(out).toContain('<span class="visitor">&lt;script&gt;</span>');
      expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(out).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
      expect(out).toContain('&lt;/style&gt;&lt;iframe src=//evil&gt;');
    }
  });

  it('a hostile link only ever becomes QR modules, never markup', async () => {
    const out = String(await invitationPage(visit({ link: 'https://spend.example.com/v/"><script>alert(1)</script>' }), 'zh'));
    expectNoInjectedMarkup(out);
    expect(out).toContain('<svg');
  });

  it('is Chinese by default and English when asked, with the lang attribute, a phone viewport and the times in the visit zone', async () => {
    const zh = String(await invitationPage(visit()));
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('<meta name="viewport" content="width=device-width,initial-scale=1" />');
    expect(zh).toContain('来访邀请');
    expect(zh).toContain('2026年12月8日星期二 09:00–11:30');
    expect(zh).toContain('邀请单位：星海科技有限公司');
    expect(zh).toContain('+8613812345678');
    expect(zh).toContain('<li>厂区内禁止拍照</li>');

    const en = String(await invitationPage(visit({ timeZone: 'Europe/London' }), 'en'));
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Visit invitation');
    expect(en).toContain('Tuesday, 8 December 2026, 01:00–03:30');
    expect(en).not.toContain('来访邀请');
  });

  it('uses no script, and asks for nothing from elsewhere: no src, no stylesheet link, no referrer', async () => {
    const out = String(await invitationPage(visit(), 'zh'));
    expect(out).not.toMatch(/<script|<link|src=|url\(|@import/i);
    expect(out).toContain('<meta name="referrer" content="no-referrer" />');
  });

  it.each([
    ['used', '此邀请已使用', 'This invitation has already been used'],
    ['expired', '此邀请已过期', 'This invitation has expired'],
    ['revoked', '此邀请已被取消', 'This invitation has been cancelled'],
  ] as const)('status %s: the reason instead of a QR code', async (status, zh, en) => {
    const v = visit({ status });
    const zhOut = String(await invitationPage(v, 'zh'));
    const enOut = String(await invitationPage(v, 'en'));
    for (const out of [zhOut, enOut]) {
      expect(out).not.toContain('<svg');
      expect(out).not.toContain('class="qr"');
      expect(out).toContain(`data-status="${status}"`);
    }
    expect(zhOut).toContain(zh);
    expect(enOut).toContain(en);
  });

  it('a revoked invitation shows only that, not the visit (the link may have reached the wrong person)', async () => {
    const out = String(await invitationPage(visit({ status: 'revoked' }), 'zh'));
    for (const s of ['王强', '年度合作洽谈', '上海总部', '世纪大道', '张伟', '+8613812345678', '请携带身份证件']) expect(out).not.toContain(s);
  });

  it('the refusal page is the same for a forged and an unknown code and mentions no visit', async () => {
    const v = visit();
    for (const lang of ['zh', 'en'] as const) {
      const forged = String(await refusalPage('FORGED', lang));
      const unknown = String(await refusalPage('UNKNOWN', lang));
      expect(forged).toBe(unknown);
      expect(forged).toContain(lang === 'en' ? 'This link is not valid.' : '此链接无效。');
      expect(forged).not.toMatch(/<svg|FORGED|UNKNOWN|\/v\//);
      for (const s of [v.company, ...v.visitors, v.purpose, v.site.name, v.site.address, v.host.name, v.host.phone!, ...v.site.rules]) expect(forged).not.toContain(s);
    }
  });
});

describe('invitation page in a phone browser', () => {
  const noChromium = !existsSync(CHROMIUM);
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (noChromium) return;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens `body` at `link` in a phone-sized page with scripts off; what else the page asked for is recorded. */
  async function open(link: string, body: string, width = 390) {
    const context = await browser!.newContext({ viewport: { width, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    const elsewhere: string[] = [];
    await page.route('**/*', (route) => {
      if (route.request().url() === link) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
      elsewhere.push(route.request().url());
      return route.abort();
    });
    await page.goto(link);
    return { page, elsewhere, close: () => context.close() };
  }

  it.skipIf(noChromium)('the QR code read from a 390×844 screenshot is the invitation link exactly (skipped without /usr/bin/chromium)', async () => {
    const v = visit({ visitors: ['王强', '<script>'] });
    const { page, elsewhere, close } = await open(v.link, String(await invitationPage(v, 'zh')));
    try {
      const box = await page.locator('.qr svg').boundingBox();
      expect(box!.width).toBeGreaterThanOrEqual(240);
      expect(box!.y + box!.height).toBeLessThanOrEqual(844); // in view without scrolling: the guard scans it as it opens

      const png = PNG.sync.read(await page.screenshot());
      const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
      expect(code?.data).toBe(v.link);

      // A visitor named <script> is text on the page, not an element.
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.locator('.visitor').allTextContents()).toEqual(['王强', '<script>']);
      expect(elsewhere).toEqual([]);
    } finally {
      await close();
    }
  });

  it.skipIf(noChromium)('reads at 360 px: nothing wider than the screen and the QR code still at least 240 px (skipped without /usr/bin/chromium)', async () => {
    const v = visit({ site: { name: '上海总部', address: `上海市浦东新区${'很长的地址'.repeat(20)}Unbroken${'x'.repeat(120)}`, rules: ['请携带身份证件'] } });
    const { page, close } = await open(v.link, String(await invitationPage(v, 'en')), 360);
    try {
      const box = await page.locator('.qr svg').boundingBox();
      expect(box!.width).toBeGreaterThanOrEqual(240);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    } finally {
      await close();
    }
  });

  it.skipIf(noChromium)('an expired invitation shows the reason and no QR code a camera could read (skipped without /usr/bin/chromium)', async () => {
    const v = visit({ status: 'expired' });
    const { page, close } = await open(v.link, String(await invitationPage(v, 'zh')));
    try {
      await expect(page.getByRole('alert').textContent()).resolves.toBe('此邀请已过期');
      const png = PNG.sync.read(await page.screenshot({ fullPage: true }));
      expect(jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)).toBeNull();
    } finally {
      await close();
    }
  });
});
