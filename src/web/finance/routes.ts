// The finance pages at /finance: a one-time signed link (/finance/open?t=…) starts a session for one employee of one
// organisation; every page then reads that organisation only, through use cases that check the finance role (or
// admin) on every request; every POST carries the session's CSRF token or is refused with 403 and nothing changes.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createHash } from 'node:crypto';
import { actingVia } from '../../../db/acting.js';
import type { Db } from '../../../db/database.js';
import type { Clock, DomainError, IdGenerator } from '../../../domain/shared/index.js';
import { statusOf } from '../../api/errors.js';
import { errorReply } from '../../chat/texts.js';
import type { SecretBox } from '../../secrets.js';
import { employeeActor } from '../../usecases/authorise.js';
import { financeViewer, useFinanceLink } from '../../usecases/finance/links.js';
import { budgetBurnOf, exceptionsPageOf, reconciliationStatusOf, runsPageOf } from '../../usecases/finance/pages.js';
import { decideLine, reopenPayment, type LineDecision } from '../../usecases/reconciliation/exceptions.js';
import { exceptionsPage, type Refill } from './exceptions-page.js';
import { langOf, refusal, shell, type Html, type Lang } from './layout.js';
import { readFinanceLink } from './link.js';
import { budgetsPage, reconciliationPage, runsPage } from './overview-pages.js';
import { receptionStatsPage } from './reception-page.js';
import { receptionLedgerCsv, receptionStatsCsv, receptionStatsOf, StatsQuerySchema } from '../../usecases/reception/ledger.js';
import { addCalendarDays, orgDate } from '../../usecases/org-time.js';
import { checkFinanceCsrf, FINANCE_COOKIE, FINANCE_SESSION_MS, financeCsrfToken, readFinanceSession, startFinanceSession, type FinanceSession } from './session.js';

export interface FinancePagesDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  box: SecretBox;
  config: { PUBLIC_URL?: string | undefined };
  kickOutbox?: () => void;
}

interface Seen {
  session: FinanceSession;
  lang: Lang;
  csrf: string;
}

type Status = 400 | 401 | 403 | 404 | 409 | 410 | 422;
const pageStatus = (e: DomainError): Status => {
  const s = statusOf(e.code);
  return ([400, 401, 403, 404, 409, 410, 422] as number[]).includes(s) ? (s as Status) : 422;
};
/** An expected failure in words the employee reads, with the engine's detail after it. */
const reasonOf = (lang: Lang, e: DomainError) => `${errorReply(lang, e)} (${e.message})`;
const ACTIONS = ['match', 'fee', 'write_off', 'not_ours'] as const;

/** Mounts /finance/open, the session guard on /finance/*, the four pages and the exceptions' decisions. */
export function registerFinancePages(app: Hono<any>, deps: FinancePagesDeps): void {
  const secure = Boolean(deps.config.PUBLIC_URL?.startsWith('https:'));
  const send = (c: Context, page: Html, status: Status | 200 = 200) => {
    // Pages hold money and names: never cached, never framed, never leak the link through a Referer.
    c.header('Cache-Control', 'no-store');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    return c.html(page, status);
  };
  const refuse = (c: Context, lang: Lang, status: Status, reason: string) => send(c, refusal(lang, reason), status);

  app.get('/finance/open', async (c) => {
    // A link checker's HEAD (Hono answers HEAD with the GET route) must not use the link up.
    if (c.req.method === 'HEAD') return c.body(null, 200, { 'Cache-Control': 'no-store' });
    const now = deps.clock.now();
    const lang = langOf(c.req.header('accept-language')); // nobody is known yet: the browser's language
    const link = readFinanceLink(deps.box, c.req.query('t'), now);
    if (!link.ok) return refuse(c, lang, pageStatus(link.error), reasonOf(lang, link.error));
    const used = await useFinanceLink(deps, link.value, now);
    if (!used.ok) return refuse(c, lang, used.error.code === 'ORG.UNKNOWN_EMPLOYEE' ? 403 : pageStatus(used.error), reasonOf(lang, used.error));
    const { cookie } = startFinanceSession(deps.box, link.value.orgId, used.value.employeeId, now);
    setCookie(c, FINANCE_COOKIE, cookie, { path: '/finance', httpOnly: true, sameSite: 'Lax', secure, maxAge: FINANCE_SESSION_MS / 1000 });
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.redirect(`/finance/${link.value.page}`, 303);
  });

  const guard: MiddlewareHandler = async (c, next) => {
    if (c.req.path === '/finance/open') return next();
    const session = readFinanceSession(deps.box, getCookie(c, FINANCE_COOKIE), deps.clock.now());
    const fallback = langOf(c.req.header('accept-language'));
    if (!session) return refuse(c, fallback, 401, fallback === 'en' ? 'No finance session, or it has ended: open the finance pages from the chat again.' : '没有财务页面会话或会话已结束，请在聊天中重新打开。');
    const viewer = await financeViewer(deps, session.orgId, session.employeeId);
    if (!viewer) return refuse(c, fallback, 403, fallback === 'en' ? 'You are no longer an active employee of this organisation.' : '您已不是该组织的在职员工。');
    const lang = langOf(viewer.locale);
    if (c.req.method === 'POST') {
      // Parsed with every value of a repeated field (ticked payments), and cached: the handler reads the same result.
      const form = await c.req.parseBody({ all: true });
      if (!checkFinanceCsrf(deps.box, session.id, form._csrf))
        return refuse(c, lang, 403, lang === 'en' ? 'The form has no valid CSRF token for this session (sent from elsewhere, or from an old page). Nothing was changed; reload the page and try again.' : '表单校验失败（来自其他页面或旧页面），未做任何更改，请刷新后重试。');
    }
    c.set('finance', { session, lang, csrf: financeCsrfToken(deps.box, session.id) } satisfies Seen);
    // Audit rows name the finance session as the credential, by a hash: the id itself stays in the cookie.
    await actingVia(`finance:${createHash('sha256').update(session.id).digest('hex').slice(0, 16)}`, next);
  };
  app.use('/finance', guard);
  app.use('/finance/*', guard);
  const seen = (c: Context) => c.get('finance') as Seen;
  const actorOf = (s: Seen) => employeeActor(s.session.employeeId);

  app.get('/finance', (c) => c.redirect('/finance/exceptions', 303));

  const exceptions = async (c: Context, refill?: Refill, status: Status | 200 = 200) => {
    const s = seen(c);
    const r = await exceptionsPageOf(deps, s.session.orgId, actorOf(s));
    if (!r.ok) return refuse(c, s.lang, pageStatus(r.error), reasonOf(s.lang, r.error));
    return send(c, exceptionsPage(s.lang, s.csrf, r.value, refill), status);
  };
  app.get('/finance/exceptions', (c) => exceptions(c));

  app.post('/finance/exceptions/:statementId/:ref', async (c) => {
    const s = seen(c);
    const { statementId, ref } = c.req.param();
    const form = await c.req.parseBody({ all: true });
    const one = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
    const action = one('action');
    const reason = one('reason').slice(0, 500);
    const ticked = ([] as unknown[]).concat(form.paymentIds ?? []).filter((x): x is string => typeof x === 'string');
    const typed = one('paymentIdsText').split(/[\s,，]+/).filter(Boolean);
    const paymentIds = [...new Set([...ticked, ...typed])].slice(0, 500);
    if (!(ACTIONS as readonly string[]).includes(action))
      return exceptions(c, { statementId, ref, action, reason, paymentIds, problem: s.lang === 'en' ? `Unknown action “${action}”.` : `未知操作“${action}”。` }, 400);
    const decision = { action, paymentIds, ...(reason.trim() ? { reason } : {}) } as LineDecision;
    const r = await decideLine(deps, s.session.orgId, actorOf(s), statementId, ref, decision);
    if (!r.ok) {
      if (r.error.code === 'AUTH.FORBIDDEN') return refuse(c, s.lang, 403, reasonOf(s.lang, r.error));
      return exceptions(c, { statementId, ref, action, reason, paymentIds, problem: reasonOf(s.lang, r.error) }, pageStatus(r.error));
    }
    deps.kickOutbox?.();
    return c.redirect('/finance/exceptions', 303);
  });

  app.post('/finance/payments/:id/reopen', async (c) => {
    const s = seen(c);
    const form = await c.req.parseBody();
    const reason = typeof form.reason === 'string' ? form.reason.slice(0, 500) : '';
    const r = await reopenPayment(deps, s.session.orgId, actorOf(s), c.req.param('id'), reason);
    if (!r.ok) {
      if (r.error.code === 'AUTH.FORBIDDEN') return refuse(c, s.lang, 403, reasonOf(s.lang, r.error));
      return refuse(c, s.lang, pageStatus(r.error), reasonOf(s.lang, r.error));
    }
    deps.kickOutbox?.();
    return c.redirect('/finance/exceptions', 303);
  });

  app.get('/finance/runs', async (c) => {
    const s = seen(c);
    const r = await runsPageOf(deps, s.session.orgId, actorOf(s));
    return r.ok ? send(c, runsPage(s.lang, s.csrf, r.value)) : refuse(c, s.lang, pageStatus(r.error), reasonOf(s.lang, r.error));
  });
  app.get('/finance/reconciliation', async (c) => {
    const s = seen(c);
    const r = await reconciliationStatusOf(deps, s.session.orgId, actorOf(s));
    return r.ok ? send(c, reconciliationPage(s.lang, s.csrf, r.value)) : refuse(c, s.lang, pageStatus(r.error), reasonOf(s.lang, r.error));
  });
  app.get('/finance/budgets', async (c) => {
    const s = seen(c);
    const r = await budgetBurnOf(deps, s.session.orgId, actorOf(s));
    return r.ok ? send(c, budgetsPage(s.lang, s.csrf, r.value)) : refuse(c, s.lang, pageStatus(r.error), reasonOf(s.lang, r.error));
  });

  // Visit statistics (接待统计) and their CSV: the period defaults to the last twelve months to today.
  const statsQuery = async (c: Context, s: Seen) => {
    const today = await orgDate(deps.db, s.session.orgId, deps.clock.now());
    const q = StatsQuerySchema.safeParse({ from: c.req.query('from') ?? `${addCalendarDays(today, -364)}`, to: c.req.query('to') ?? today, by: c.req.query('by') ?? 'company' });
    return q;
  };
  const badQuery = (s: Seen) => (s.lang === 'en' ? 'Choose a period (from, to: YYYY-MM-DD) and company, department or month.' : '请选择期间（从、到：YYYY-MM-DD）以及按客户公司、部门或月份统计。');
  const csv = (c: Context, name: string, text: string) => {
    c.header('Cache-Control', 'no-store');
    return c.body(text, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
  };
  app.get('/finance/reception', async (c) => {
    const s = seen(c);
    const q = await statsQuery(c, s);
    if (!q.success) return refuse(c, s.lang, 400, badQuery(s));
    const r = await receptionStatsOf(deps, s.session.orgId, actorOf(s), q.data);
    return r.ok ? send(c, receptionStatsPage(s.lang, s.csrf, r.value)) : refuse(c, s.lang, pageStatus(r.error), reasonOf(s.lang, r.error));
  });
  app.get('/finance/reception.csv', async (c) => {
    const s = seen(c);
    const q = await statsQuery(c, s);
    if (!q.success) return refuse(c, s.lang, 400, badQuery(s));
    const r = await receptionStatsCsv(deps, s.session.orgId, actorOf(s), q.data);
    return r.ok ? csv(c, `visit-stats-${q.data.by}-${q.data.from}-${q.data.to}.csv`, r.value) : refuse(c, s.lang, pageStatus(r.error), reasonOf(s.lang, r.error));
  });
  app.get('/finance/reception-ledger.csv', async (c) => {
    const s = seen(c);
    const q = await statsQuery(c, s);
    if (!q.success) return refuse(c, s.lang, 400, badQuery(s));
    const r = await receptionLedgerCsv(deps, s.session.orgId, actorOf(s), q.data);
    return r.ok ? csv(c, `visit-ledger-${q.data.from}-${q.data.to}.csv`, r.value) : refuse(c, s.lang, pageStatus(r.error), reasonOf(s.lang, r.error));
  });

  app.post('/finance/logout', (c) => {
    const s = seen(c);
    deleteCookie(c, FINANCE_COOKIE, { path: '/finance' });
    return send(c, shell(s.lang, s.lang === 'en' ? 'Signed out' : '已退出', s.lang === 'en' ? 'You are signed out of the finance pages.' : '您已退出财务页面。'));
  });
}
