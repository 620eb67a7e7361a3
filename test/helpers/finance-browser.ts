// The finance pages in headless Chromium: serve a test app on a loopback port, and screenshot a page where the demo
// report (or anyone) wants it: DIR/finance/<name>.png.
import { serve } from '@hono/node-server';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { TestApp } from './app.js';

/** Debian's Chromium; browser tests are skipped where it is not installed. */
export const CHROMIUM = '/usr/bin/chromium';

/** Serves `t`'s app on 127.0.0.1 (any free port); its base URL and a close. */
export async function serveApp(t: TestApp): Promise<{ base: string; close(): Promise<void> }> {
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r(undefined))) };
}

/**
 * Saves a full-page screenshot of what `page` shows as `dir`/finance/`name`.png (a phone-sized viewport unless the
 * page was given another) and returns the file's path.
 */
export async function screenshotFinancePage(page: Page, dir: string, name = 'exceptions'): Promise<string> {
  const file = path.join(dir, 'finance', `${name}.png`);
  await mkdir(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
