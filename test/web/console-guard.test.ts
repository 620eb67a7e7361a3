// Who may use the web console and how its forms are protected: loopback only without CONSOLE_PASSWORD, a password
// login with it, and a CSRF token bound to the session on every POST.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { consoleTranscript } from '../../db/repos/chat.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';
import { cookiesOf, csrfOf, LOOPBACK, REMOTE } from '../helpers/console.js';

const PASSWORD = 'correct horse battery';
let t: TestApp;
/** The same service and database with CONSOLE_PASSWORD set. */
let withPassword: ReturnType<typeof createApp>;
beforeAll(async () => {
  t = await testApp({}, { parser: ruleParser });
  withPassword = createApp({ ...t.deps, parser: ruleParser, config: loadConfig({ DATA_DIR: 'memory://', CONSOLE_PASSWORD: PASSWORD }) });
});
afterAll(() => t.close());

type Bindings = typeof LOOPBACK | typeof REMOTE | undefined;
const form = (fields: Record<string, string>) => ({ 'content-type': 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() });
const postForm = (app: ReturnType<typeof createApp>, path: string, cookie: string, fields: Record<string, string>, env: Bindings = LOOPBACK) => {
  const { body, ...headers } = form(fields);
  return app.request(path, { method: 'POST', headers: { ...headers, ...(cookie ? { cookie } : {}) }, body }, env);
};

/** A browser session on the open (loopback) console as `employeeId`: its cookies and the CSRF token of its pages. */
async function session(employeeId: string) {
  const pick = await t.app.request(`/console?as=${employeeId}`, {}, LOOPBACK);
  expect(pick.status).toBe(303);
  const cookie = cookiesOf(pick);
  const page = await t.app.request('/console', { headers: { cookie } }, LOOPBACK);
  return { cookie, token: csrfOf(await page.text()) };
}
const said = async (employeeId: string) => (await consoleTranscript(t.database.db, 'demo', employeeId)).filter((m) => m.direction === 'in').map((m) => m.text);

describe('the console without CONSOLE_PASSWORD', () => {
  it('answers a browser on this machine', async () => {
    const r = await t.app.request('/console', {}, LOOPBACK);
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/console_session=.*HttpOnly.*SameSite=Lax/i);
  });

  it('refuses a peer on another machine, one it cannot identify, and one behind a local proxy', async () => {
    for (const [env, headers] of [[REMOTE, {}], [undefined, {}], [LOOPBACK, { 'x-forwarded-for': '198.51.100.4' }], [LOOPBACK, { forwarded: 'for=198.51.100.4' }]] as const) {
      const r = await t.app.request('/console', { headers }, env);
      expect(r.status).toBe(403);
      expect(await r.text()).toContain('only on this machine (loopback)');
    }
    const { cookie, token } = await session('e_lina');
    const r = await postForm(t.app, '/console/messages', cookie, { text: 'hello from afar', _csrf: token }, REMOTE);
    expect(r.status).toBe(403);
    expect(await said('e_lina')).toEqual([]);
  });

  it('refuses a POST without a CSRF token with the reason on the page, and changes nothing', async () => {
    const { cookie } = await session('e_zhangwei');
    const r = await postForm(t.app, '/console/messages', cookie, { text: '出租车 27.5元 昨天' });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('no valid CSRF token');
    const click = await postForm(t.app, '/console/action', cookie, { action: 'approve', value: 'anything' });
    expect(click.status).toBe(403);
    expect(await said('e_zhangwei')).toEqual([]);
  });

  it("refuses another session's token, and accepts the session's own", async () => {
    const mine = await session('e_wangqiang');
    const theirs = await session('e_wangqiang');
    expect(theirs.token).not.toBe(mine.token);
    const r = await postForm(t.app, '/console/messages', mine.cookie, { text: 'status', _csrf: theirs.token });
    expect(r.status).toBe(403);
    expect(await said('e_wangqiang')).toEqual([]);
    const ok = await postForm(t.app, '/console/messages', mine.cookie, { text: 'status', _csrf: mine.token });
    expect(ok.status).toBe(303);
    expect(await said('e_wangqiang')).toEqual(['status']);
  });

  it('refuses a POST whose session cookie was tampered with', async () => {
    const { cookie, token } = await session('e_chenjing');
    const forged = cookie.replace(/console_session=([^.;]+)/, 'console_session=$1x');
    const r = await postForm(t.app, '/console/messages', forged, { text: 'status', _csrf: token });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('No console session');
    expect(await said('e_chenjing')).toEqual([]);
  });
});

describe('the console with CONSOLE_PASSWORD', () => {
  it('sends a visitor without a session to the sign-in page, from any machine', async () => {
    const r = await withPassword.request('/console', {}, REMOTE);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/console/login');
    const login = await withPassword.request('/console/login', {}, REMOTE);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('type="password" name="password"');
    expect((await withPassword.request('/console/transcript?since=0', {}, REMOTE)).status).toBe(401);
  });

  it('refuses a wrong password without starting a session', async () => {
    const r = await postForm(withPassword, '/console/login', '', { password: 'wrong horse battery' }, REMOTE);
    expect(r.status).toBe(401);
    expect(await r.text()).toContain('Wrong password');
    expect(r.headers.getSetCookie()).toEqual([]);
  });

  it('starts a session with the right password; its forms still need the CSRF token', async () => {
    const login = await postForm(withPassword, '/console/login', '', { password: PASSWORD }, REMOTE);
    expect(login.status).toBe(303);
    expect(login.headers.get('set-cookie')).toMatch(/console_session=.*HttpOnly.*SameSite=Lax/i);
    const pick = await withPassword.request('/console?as=e_sunli', { headers: { cookie: cookiesOf(login) } }, REMOTE);
    expect(pick.status).toBe(303);
    const cookie = `${cookiesOf(login)}; ${cookiesOf(pick)}`;
    const page = await withPassword.request('/console', { headers: { cookie } }, REMOTE);
    expect(page.status).toBe(200);
    const token = csrfOf(await page.text());
    expect((await postForm(withPassword, '/console/messages', cookie, { text: 'status' }, REMOTE)).status).toBe(403);
    expect((await postForm(withPassword, '/console/messages', cookie, { text: 'status', _csrf: token }, REMOTE)).status).toBe(303);
    expect(await said('e_sunli')).toEqual(['status']);
  });

  it('does not accept a session made without the password', async () => {
    const open = await session('e_david');
    const r = await withPassword.request('/console', { headers: { cookie: open.cookie } }, LOOPBACK);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/console/login');
  });
});
