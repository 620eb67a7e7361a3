// The gate pages at /gate: a one-time signed link (/gate/open?t=…) starts a guard's session at one site; the page
// scans and checks visitors in and out through use cases that check the guard role on every request; every POST
// carries the session's CSRF token or is refused with 403 and nothing changes. The scanner's scripts are served from
// here (jsQR from the project's own dependencies): the page loads nothing from anywhere else.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createHash } from 'node:crypto';
import { actingVia } from '../../../db/acting.js';
import type { Db } from '../../../db/database.js';
import type { Clock, DomainError, IdGenerator } from '../../../domain/shared/index.js';
import { statusOf } from '../../api/errors.js';
import { errorReply } from '../../chat/texts.js';
import type { Config } from '../../config.js';
import type { SecretBox } from '../../secrets.js';
import { employeeActor } from '../../usecases/authorise.js';
import { checkInVisitor, checkOutVisitor, gateBoard, scanAtGate } from '../../usecases/reception/gate.js';
import { gateViewer, useGateLink } from '../../usecases/reception/gate-access.js';
import { registerWalkIn, waitingAtGate } from '../../usecases/reception/walk-in.js';
import { pageSessions, type PageSession } from '../page-session.js';
import { gatePage, gateRefusal, SCAN_SCRIPT, type GateResult, type Lang } from './gate-page.js';
import { GATE_COOKIE, GATE_SESSION_MS, readGateLink, siteOfScope } from './link.js';

export interface GatePagesDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  box: SecretBox;
  config: Pick<Config, 'PUBLIC_URL' | 'INVITATION_GRACE_MINUTES'> & Partial<Config>;
  kickOutbox?: () => void;
}

interface Seen {
  session: PageSession;
  siteId: string;
  lang: Lang;
  csrf: string;
  guardName: string;
}

const langOf = (locale: string | undefined): Lang => (locale?.toLowerCase().startsWith('en') ? 'en' : 'zh');
type Status = 200 | 400 | 401 | 403 | 404 | 409 | 410 | 422;
const pageStatus = (e: DomainError): Status => {
  const s = statusOf(e.code);
  return ([400, 401, 403, 404, 409, 410, 422] as number[]).includes(s) ? (s as Status) : 422;
};

/**
 * jsQR's browser build, read once from the installed package on Node. A Worker has no files to read: its entry imports
 * the script as text at build time and hands it over; without it the guard types codes.
 */
let jsqr: Promise<string | undefined> | undefined;
export function useBundledJsqr(source: string): void {
  jsqr = Promise.resolve(source);
}
const jsqrSource = () =>
  (jsqr ??= (async () => {
    try {
      const [{ createRequire }, { readFile }] = await Promise.all([import('node:module'), import('node:fs/promises')]);
      return await readFile(createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'), 'utf8');
    } catch {
      return undefined;
    }
  })());

/** Mounts /gate/open, the session guard on /gate/*, the page, its forms and the scanner's scripts. */
export function registerGatePages(app: Hono<any>, deps: GatePagesDeps): void {
  const secure = Boolean(deps.config.PUBLIC_URL?.startsWith('https:'));
  const sessions = pageSessions(deps.box, 'gate', GATE_SESSION_MS);
  const gate = { ...deps, graceMinutes: deps.config.INVITATION_GRACE_MINUTES };
  const send = (c: Context, page: ReturnType<typeof gatePage>, status: Status = 200) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    // The camera is this page's own; scripts only from here; forms post only here.
    c.header('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    c.header('Permissions-Policy', 'camera=(self)');
    return c.html(page, status);
  };
  const refuse = (c: Context, lang: Lang, status: Status, reason: string) => send(c, gateRefusal(lang, reason), status);

  app.get('/gate/assets/:file', async (c) => {
    const file = c.req.param('file');
    const body = file === 'scan.js' ? SCAN_SCRIPT : file === 'jsqr.js' ? await jsqrSource() : undefined;
    if (body === undefined) return c.text('not found', 404);
    return c.body(body, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' });
  });

  app.get('/gate/open', async (c) => {
    if (c.req.method === 'HEAD') return c.body(null, 200, { 'Cache-Control': 'no-store' });
    const now = deps.clock.now();
    const lang = langOf(c.req.header('accept-language'));
    const link = readGateLink(deps.box, c.req.query('t'), now);
    if (!link.ok) return refuse(c, lang, pageStatus(link.error), `${errorReply(lang, link.error)} (${link.error.message})`);
    const siteId = siteOfScope(link.value.scope)!;
    const used = await useGateLink(deps, link.value, siteId);
    if (!used.ok) return refuse(c, lang, pageStatus(used.error), `${errorReply(lang, used.error)} (${used.error.message})`);
    const { cookie } = sessions.start(link.value.orgId, link.value.employeeId, now, link.value.scope);
    setCookie(c, GATE_COOKIE, cookie, { path: '/gate', httpOnly: true, sameSite: 'Lax', secure, maxAge: GATE_SESSION_MS / 1000 });
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.redirect('/gate', 303);
  });

  const guard: MiddlewareHandler = async (c, next) => {
    if (c.req.path === '/gate/open' || c.req.path.startsWith('/gate/assets/')) return next();
    const fallback = langOf(c.req.header('accept-language'));
    const session = sessions.read(getCookie(c, GATE_COOKIE), deps.clock.now());
    const siteId = session && siteOfScope(session.scope);
    if (!session || !siteId) return refuse(c, fallback, 401, fallback === 'en' ? 'No gate session, or it has ended: open the gate page from the chat again.' : '没有门岗会话或会话已结束，请在聊天中重新打开。');
    const e = await gateViewer(deps, session.orgId, session.employeeId);
    if (!e) return refuse(c, fallback, 403, fallback === 'en' ? 'You are no longer an active employee of this organisation.' : '您已不是该组织的在职员工。');
    const lang = langOf(e.locale);
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!sessions.checkCsrf(session.id, form._csrf))
        return refuse(c, lang, 403, lang === 'en' ? 'The form has no valid CSRF token for this session (sent from elsewhere, or from an old page). Nothing was changed; reload the page and try again.' : '表单校验失败（来自其他页面或旧页面），未做任何更改，请刷新后重试。');
    }
    c.set('gate', { session, siteId, lang, csrf: sessions.csrf(session.id), guardName: e.name } satisfies Seen);
    await actingVia(`gate:${createHash('sha256').update(session.id).digest('hex').slice(0, 16)}`, next);
  };
  app.use('/gate', guard);
  app.use('/gate/*', guard);
  const seen = (c: Context) => c.get('gate') as Seen;
  const actorOf = (s: Seen) => employeeActor(s.session.employeeId);

  /** The page with the board as it is now and what the last action came to. */
  const board = async (c: Context, result?: GateResult, status: Status = 200, walkIn?: Record<string, string>) => {
    const s = seen(c);
    const [b, waiting] = [await gateBoard(deps, s.session.orgId, actorOf(s), s.siteId), await waitingAtGate(deps, s.session.orgId, actorOf(s), s.siteId)];
    if (!b.ok) return refuse(c, s.lang, pageStatus(b.error), `${errorReply(s.lang, b.error)} (${b.error.message})`);
    return send(c, gatePage({ lang: s.lang, csrf: s.csrf, guardName: s.guardName, board: b.value, waiting: waiting.ok ? waiting.value : [], ...(result ? { result } : {}), ...(walkIn ? { walkIn } : {}) }), status);
  };
  const failed = (c: Context, e: DomainError) => {
    const s = seen(c);
    if (e.code === 'AUTH.FORBIDDEN') return refuse(c, s.lang, 403, `${errorReply(s.lang, e)} (${e.message})`);
    return board(c, { kind: 'problem', message: `${errorReply(s.lang, e)} (${e.message})` }, pageStatus(e));
  };

  app.get('/gate', (c) => board(c));

  app.post('/gate/scan', async (c) => {
    const s = seen(c);
    const form = await c.req.parseBody();
    const r = await scanAtGate(gate, s.session.orgId, actorOf(s), s.siteId, typeof form.code === 'string' ? form.code : '');
    if (!r.ok) return failed(c, r.error);
    if (r.value.kind === 'checked_in') deps.kickOutbox?.();
    return board(c, r.value, r.value.kind === 'refused' ? 409 : 200);
  });

  app.post('/gate/visitors/:id/check-in', async (c) => {
    const s = seen(c);
    const r = await checkInVisitor(gate, s.session.orgId, actorOf(s), s.siteId, c.req.param('id'));
    if (!r.ok) return failed(c, r.error);
    if (r.value.kind === 'checked_in') deps.kickOutbox?.();
    return board(c, r.value, r.value.kind === 'refused' ? 409 : 200);
  });

  app.post('/gate/visitors/:id/check-out', async (c) => {
    const s = seen(c);
    const r = await checkOutVisitor(gate, s.session.orgId, actorOf(s), s.siteId, c.req.param('id'));
    return r.ok ? board(c, { kind: 'checked_out', visitor: r.value }) : failed(c, r.error);
  });

  app.post('/gate/walk-in', async (c) => {
    const s = seen(c);
    const form = await c.req.parseBody();
    const field = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).slice(0, 300) : '');
    const typed = { name: field('name'), company: field('company'), mobile: field('mobile'), host: field('host'), purpose: field('purpose') };
    const input = { name: typed.name, host: typed.host, purpose: typed.purpose, ...(typed.company.trim() ? { company: typed.company } : {}), ...(typed.mobile.trim() ? { mobile: typed.mobile } : {}) };
    const r = await registerWalkIn(deps, s.session.orgId, actorOf(s), s.siteId, input);
    if (!r.ok) {
      if (r.error.code === 'AUTH.FORBIDDEN') return refuse(c, s.lang, 403, `${errorReply(s.lang, r.error)} (${r.error.message})`);
      return board(c, { kind: 'problem', message: `${errorReply(s.lang, r.error)} (${r.error.message})` }, pageStatus(r.error), typed);
    }
    deps.kickOutbox?.();
    return board(c, { kind: 'walk_in', name: typed.name, hostName: r.value.hostName });
  });

  app.post('/gate/logout', (c) => {
    const s = seen(c);
    deleteCookie(c, GATE_COOKIE, { path: '/gate' });
    return refuse(c, s.lang, 200, s.lang === 'en' ? 'You are signed out of the gate.' : '您已退出门岗页面。');
  });
}
