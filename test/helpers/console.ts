// Driving the web console from tests as a browser would (the cookie picks the employee), and running the outbox.
import { expect } from 'vitest';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { silentLogger } from '../../src/log.js';
import { outboxHandlers } from '../../src/services.js';
import type { TestApp } from './app.js';

/**
 * What @hono/node-server hands the app for a connection from this machine: the console without CONSOLE_PASSWORD
 * answers loopback peers only, and reads the peer from these bindings (`getConnInfo`).
 */
export const LOOPBACK = { incoming: { socket: { remoteAddress: '127.0.0.1', remotePort: 52000, remoteFamily: 'IPv4' } } };
/** The same from another machine. */
export const REMOTE = { incoming: { socket: { remoteAddress: '203.0.113.7', remotePort: 52000, remoteFamily: 'IPv4' } } };

/** Every cookie a response sets, as one Cookie request header. */
export const cookiesOf = (r: Response): string => r.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');

/** The CSRF token in a console page's forms. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

/** A console session as one employee: read the page, say something, click a button by its token. */
export async function consoleAs(t: TestApp, employeeId: string) {
  const pick = await t.app.request(`/console?as=${employeeId}`, {}, LOOPBACK);
  expect(pick.status).toBe(303);
  const cookie = cookiesOf(pick);
  const page = async () => (await t.app.request('/console', { headers: { cookie } }, LOOPBACK)).text();
  let token: string | undefined;
  const post = async (path: string, form: Record<string, string>) => {
    // As a browser does: the token comes from the page the form is on.
    token ??= csrfOf(await page());
    const r = await t.app.request(path, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...form, _csrf: token }).toString() }, LOOPBACK);
    expect(r.status).toBe(303);
  };
  return { page, say: (text: string) => post('/console/messages', { text }), click: (action: string, value: string, reason?: string) => post('/console/action', { action, value, ...(reason ? { reason } : {}) }) };
}

/** The hidden token of the newest button for `action` on a console page. */
export function button(html: string, action: string): string {
  const forms = [...html.matchAll(/<form[^>]*action="\/console\/action"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]!);
  const form = forms.reverse().find((f) => f.includes(`name="action" value="${action}"`));
  if (!form) throw new Error(`no ${action} button on the page`);
  return /name="value" value="([^"]+)"/.exec(form)![1]!;
}

/** Runs the outbox until nothing is due (at most `passes` passes). */
export async function drainOutbox(t: TestApp, passes = 20): Promise<void> {
  for (let i = 0; i < passes; i++) if ((await dispatchOnce(t.database.db, outboxHandlers(t.deps), { batch: 100, maxAttempts: 3, concurrency: 4, baseDelayMs: 0 }, silentLogger)).claimed === 0) return;
}

/** The conversation on a console page, entities decoded. */
export function transcript(html: string): string {
  const from = html.indexOf('<section id="transcript"');
  return html.slice(from, html.indexOf('<form class="composer"', from)).replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** The last card on a console page (its HTML article). */
export const lastCard = (html: string): string => transcript(html).slice(transcript(html).lastIndexOf('<article'));

/** What the bot said last on a console page. */
export const tail = (html: string): string => transcript(html).slice(transcript(html).lastIndexOf('msg--bot'));
