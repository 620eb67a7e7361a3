// The finance pages in headless Chromium: a finance person opens the one-time link, sees the open transactions,
// writes one off with a reason through the form and sees it gone; a screenshot of the page is saved on the way.
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { financeLink } from '../../../src/web/finance/link.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { seedFinance, type FinanceSeed } from '../../helpers/finance.js';
import { CHROMIUM, screenshotFinancePage, serveApp } from '../../helpers/finance-browser.js';

let t: TestApp;
let seed: FinanceSeed;
let served: Awaited<ReturnType<typeof serveApp>>;
beforeAll(async () => {
  t = await testApp();
  seed = await seedFinance(t, t.call, 'demo', 'e_sarah', 'e_zhangwei', 'demo');
  served = await serveApp(t);
});
afterAll(async () => {
  await served.close();
  await t.close();
});

describe('finance pages in a browser', () => {
  it.skipIf(!existsSync(CHROMIUM))('opens the link, sees the exceptions, writes one off with a reason and sees it gone (skipped without /usr/bin/chromium)', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const dir = await mkdtemp(path.join(tmpdir(), 'finance-shots-'));
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${served.base}${financeLink(t.deps, 'demo', 'e_sarah', 'exceptions')}`);
      expect(new URL(page.url()).pathname).toBe('/finance/exceptions');
      const card = page.locator(`[data-line="${seed.statementId}/2.1"]`);
      await expect(card.textContent()).resolves.toContain('money in that no payment of ours explains');
      expect(await page.locator('section.card[data-line]').count()).toBe(3);

      const shot = await screenshotFinancePage(page, dir);
      expect(shot).toBe(path.join(dir, 'finance', 'exceptions.png'));
      expect(statSync(shot).size).toBeGreaterThan(1000);

      // The form refuses to send without a reason (required), so the browser stays on the page.
      await card.getByRole('button', { name: 'Write off' }).click();
      expect(await page.locator('section.card[data-line]').count()).toBe(3);
      await card.getByPlaceholder('Reason (required)').fill('Customer overpaid; refunded by hand');
      await Promise.all([page.waitForURL(`${served.base}/finance/exceptions`), card.getByRole('button', { name: 'Write off' }).click()]);
      await page.waitForLoadState('domcontentloaded');
      expect(await page.locator(`[data-line="${seed.statementId}/2.1"]`).count()).toBe(0);
      expect(await page.locator('section.card[data-line]').count()).toBe(2);
      // Nothing but the service itself was asked for: no CDN, no fonts, no scripts from elsewhere.
      expect(requests.every((u) => u.startsWith(served.base))).toBe(true);
    } finally {
      await browser.close();
      if (!process.env.FINANCE_SHOTS_KEEP) await rm(dir, { recursive: true, force: true });
    }
  });
});
