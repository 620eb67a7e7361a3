// Who may use the web console, and CSRF for its forms. Without CONSOLE_PASSWORD the console answers loopback peers
// only (it lets anyone act as any employee); with one, a login page starts a signed session. Either way every POST
// must carry the session's CSRF token, or it is refused with 403 and the reason on the page.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { actingVia } from '../../db/acting.js';
import type { Clock } from '../../domain/shared/index.js';
import type { SecretBox } from '../secrets.js';
import { consoleSessions, isLoopback, PASSWORD_SESSION_MS, SESSION_COOKIE, type ConsoleSessions } from './console-session.js';

export const CSRF_FIELD = '_csrf';

export interface ConsoleGuardDeps {
  box: SecretBox;
  clock: Clock;
  config: { CONSOLE_PASSWORD?: string | undefined; PUBLIC_URL?: string | undefined };
}

/** The connecting socket's address on Node; undefined where there is no socket (Workers, `app.request()` without bindings). */
function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/** A reverse proxy on this machine connects from loopback for every visitor; its forwarding headers give it away. */
const forwarded = (c: Context) => c.req.header('forwarded') !== undefined || c.req.header('x-forwarded-for') !== undefined;

const shell = (title: string, body: unknown) => html`<!doctype html>
<html>
  <head>
    <meta charset="utf-8" /><meta name="viewport" content="width=device-width,initial-scale=1" /><title>${title}</title>
    <style>
      body{font:14px/1.5 system-ui,sans-serif;max-width:30rem;margin:10vh auto;padding:12px}.error{color:#c5221f}
      input{padding:6px 10px;font-size:15px}button{padding:6px 14px}
    </style>
  </head>
  <body>${body}</body>
</html>`;

/** A refusal with its reason on the page (status 401 or 403). */
export function refuse(c: Context, status: 401 | 403, reason: string) {
  return c.html(shell('Console: refused', html`<h1>Refused / 已拒绝</h1><p class="error">${reason}</p><p><a href="/console">Back to the console</a></p>`), status);
}

const loginPage = (error?: string) =>
  shell(
    'Console sign-in',
    html`<h1>Console / 控制台</h1>
      ${error ? html`<p class="error">${error}</p>` : ''}
      <form method="post" action="/console/login">
        <label>Password / 密码 <input type="password" name="password" required autofocus autocomplete="current-password" /></label>
        <button>Sign in / 登录</button>
      </form>`,
  );

/**
 * Mounts the guard on /console and /console/*, and the login and logout routes. Handlers after it find the session id
 * in `c.get('consoleSession')` and the token for their forms in `c.get('consoleCsrf')`.
 */
export function registerConsoleGuard(app: Hono<any>, deps: ConsoleGuardDeps): ConsoleSessions {
  const password = deps.config.CONSOLE_PASSWORD;
  const sessions = consoleSessions(deps.box, password);
  const secure = (c: Context) => new URL(c.req.url).protocol === 'https:' || Boolean(deps.config.PUBLIC_URL?.startsWith('https:'));
  const startSession = (c: Context) => {
    const s = sessions.start(deps.clock.now());
    setCookie(c, SESSION_COOKIE, s.cookie, { path: '/console', httpOnly: true, sameSite: 'Lax', secure: secure(c), ...(password ? { maxAge: PASSWORD_SESSION_MS / 1000 } : {}) });
    return s.id;
  };

  const guard: MiddlewareHandler = async (c, next) => {
    if (!password && (!isLoopback(peerAddress(c)) || forwarded(c)))
      return refuse(c, 403, 'The console answers only on this machine (loopback) because CONSOLE_PASSWORD is not set. 未设置 CONSOLE_PASSWORD 时控制台只接受本机访问。');
    if (password && c.req.path === '/console/login') return next();
    let sid = sessions.read(getCookie(c, SESSION_COOKIE), deps.clock.now());
    if (!sid) {
      if (c.req.method !== 'GET') return refuse(c, 403, 'No console session: open the console page again, then retry. 会话无效，请重新打开控制台。');
      // Only the page itself sends a person to sign in; the transcript poll gets a bare 401 instead of the login page.
      if (password) return c.req.path === '/console' ? c.redirect('/console/login', 303) : c.body(null, 401);
      sid = startSession(c);
    }
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody(); // cached: the handler's own parseBody() reads the same result
      const token = form[CSRF_FIELD];
      if (!sessions.checkCsrf(sid, typeof token === 'string' ? token : undefined))
        return refuse(c, 403, 'The form has no valid CSRF token for this session (it was sent from elsewhere, or from an old page). Nothing was changed; reload the console and try again. 表单校验失败，未做任何更改。');
    }
    c.set('consoleSession', sid);
    c.set('consoleCsrf', sessions.csrfToken(sid));
    // Audit rows name the console session as the credential, by a hash: the id itself stays in the cookie.
    await actingVia(`console:${createHash('sha256').update(sid).digest('hex').slice(0, 16)}`, next);
  };
  app.use('/console', guard);
  app.use('/console/*', guard);

  app.get('/console/login', (c) => (password ? c.html(loginPage()) : c.redirect('/console', 303)));
  app.post('/console/login', async (c) => {
    if (!password) return c.redirect('/console', 303);
    const form = await c.req.parseBody();
    const given = typeof form.password === 'string' ? form.password : '';
    if (!sessions.checkPassword(given)) return c.html(loginPage('Wrong password. 密码错误。'), 401);
    startSession(c); // a fresh id on every sign-in, so a session id planted before it is worthless
    return c.redirect('/console', 303);
  });
  app.post('/console/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/console' });
    return c.redirect(password ? '/console/login' : '/console', 303);
  });
  return sessions;
}
