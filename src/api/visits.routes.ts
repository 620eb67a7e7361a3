// REST: business reception. Sites where visitors come, visits registered for approval (visitors' numbers stored
// encrypted and answered masked), the gate (check-in by code or booking number, check-out, who is on site, a guard's
// one-time link to the gate page) and the watchlist.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { employeeActor } from '../usecases/authorise.js';
import { registerVisit, visitOf } from '../usecases/reception/visits.js';
import { putSite, sitesOf } from '../usecases/reception/sites.js';
import { checkOutVisitor, gateBoard, scanAtGate } from '../usecases/reception/gate.js';
import { mayOpenGate } from '../usecases/reception/gate-access.js';
import { addToWatchlist, removeFromWatchlist, watchlistOf } from '../usecases/reception/watchlist.js';
import { changeVisitor } from '../usecases/reception/visitor-details.js';
import { publicUrlOf } from '../config.js';
import { domainError } from '../../domain/shared/index.js';
import { gateLink } from '../web/gate/link.js';
import { actingEmployee } from './actor.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { requestView } from './requests.routes.js';
import { body, errorResponses, Id, json } from './schemas.js';

const SiteOut = z.object({ id: z.string(), name: z.string(), address: z.string(), rules: z.array(z.string()), deskIds: z.array(z.string()) });
const SITE_EXAMPLE = { name: '上海总部', address: '上海市浦东新区世纪大道100号 20楼', rules: ['请携带身份证', '访客须全程佩戴访客证'], deskIds: ['e_sunli'] };

const VisitorOut = z.object({ id: z.string(), name: z.string(), company: z.string().optional(), title: z.string().optional(), mobile: z.string().optional().openapi({ description: 'Masked: the last four digits.', example: '****8000' }), idNumber: z.string().optional(), checkedInAt: z.string().optional(), checkedOutAt: z.string().optional() });
const VisitOut = z.object({
  id: z.string(),
  requestId: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'done']),
  hostId: z.string(),
  companions: z.array(z.string()),
  siteId: z.string(),
  level: z.string(),
  purpose: z.string(),
  start: z.string(),
  end: z.string(),
  resources: z.array(z.string()),
  estimate: z.record(z.string(), z.number()),
  estimateTotal: z.object({ minor: z.number(), currency: z.string() }),
  visitors: z.array(VisitorOut),
  advance: z
    .object({ amount: z.object({ minor: z.number(), currency: z.string() }), status: z.enum(['requested', 'pending', 'approved', 'settled', 'cancelled']), outstanding: z.object({ minor: z.number(), currency: z.string() }).optional() })
    .optional()
    .openapi({ description: 'The advance (借款) to the host asked for: `requested` until the visit is approved, then the host’s advance (approved and outstanding until a claim offsets it or it is repaid).' }),
  seriesId: z.string().optional().openapi({ description: 'A recurring visit’s series (each occurrence is its own visit).' }),
  occurrence: z.number().int().optional().openapi({ description: 'Which occurrence of the series this is, from 1.' }),
});

const RecurrenceIn = z
  .object({
    frequency: z.enum(['daily', 'weekly']),
    interval: z.number().int().min(1).max(4).optional().openapi({ description: 'Every n days or weeks (default 1).' }),
    weekdays: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).optional().openapi({ description: 'Weekly only: the days of the week (default: the first visit’s).' }),
    count: z.number().int().optional().openapi({ description: 'How many visits in all, the first included (at most 26).' }),
    until: z.string().optional().openapi({ description: 'Or the last local date (YYYY-MM-DD, inclusive) a visit may fall on.', example: '2027-01-05' }),
  })
  .openapi('VisitRecurrence', {
    description:
      'Makes the registration a recurring visit: `start`/`end` are the first occurrence, the others follow at the same local time in the organisation’s time zone. Exactly one of `count` and `until`; at most 26 occurrences (more is 400 VALIDATION.INVALID naming `recurrence.count` or `recurrence.until`). One request and one approval for the series; the estimate is per occurrence and the request’s amount is it times the occurrences.',
    example: { frequency: 'weekly', weekdays: ['tue'], count: 4 },
  });

const SeriesOut = z.object({
  id: z.string(),
  recurrence: z.object({ frequency: z.enum(['daily', 'weekly']), interval: z.number(), weekdays: z.array(z.string()).optional(), count: z.number().optional(), until: z.string().optional() }),
  estimatePerOccurrence: z.object({ minor: z.number(), currency: z.string() }),
  estimateTotal: z.object({ minor: z.number(), currency: z.string() }),
  visits: z.array(z.object({ id: z.string(), occurrence: z.number(), start: z.string(), end: z.string(), status: z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'done']) })),
});
const AdvanceIn = z
  .object({ minor: z.number().openapi({ example: 50_000 }), currency: z.string().optional().openapi({ description: 'The reception standards’ currency; may be left out.', example: 'CNY' }) })
  // Checked by the domain (it names the field); other keys reach it to be refused there.
  .passthrough()
  .openapi({ description: 'An advance (借款) to the host, in minor units of the reception standards’ currency, at most the estimate’s total. Approval makes it the host’s outstanding advance (linked to the visit’s request, with a payable to the host); a hospitality claim linking the visit offsets it.', example: { minor: 50_000 } });

const VISIT_EXAMPLE = {
  actorId: 'e_zhangwei',
  hostId: 'e_zhangwei',
  companions: [],
  siteId: 'hq',
  visitors: [
    { name: '王强', company: 'ABC科技', title: '采购总监', mobile: '+8613800138000' },
    { name: '李娜', company: 'ABC科技' },
  ],
  level: 'standard',
  purpose: '年度采购洽谈',
  start: '2026-12-08T14:00:00+08:00',
  end: '2026-12-08T17:00:00+08:00',
  resources: ['meeting_room', 'meal'],
  estimate: { meal: 60_000 },
  advance: { minor: 50_000 },
};

export function registerVisitRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/sites/{id}',
      tags: ['Reception'],
      summary: 'Create or replace a site visitors come to',
      description: 'Name, address, the rules visitors are shown, and the reception desk (employees told of each approved visit). The reception role or an administrator.',
      middleware: [requireScope('org:write')] as const,
      request: { params: z.object({ id: z.string().openapi({ example: 'hq' }) }), body: body(z.object({ actorId: Id.optional(), name: z.string(), address: z.string(), rules: z.array(z.string()).optional(), deskIds: z.array(z.string()).optional() }).openapi({ example: { actorId: 'e_sunli', ...SITE_EXAMPLE } })) },
      responses: { 200: json(SiteOut.openapi({ example: { id: 'hq', ...SITE_EXAMPLE } }), 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const { actorId, ...site } = c.req.valid('json');
      const actor = actingEmployee(c.get('principal'), actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await putSite(deps, c.get('principal').orgId, employeeActor(actor.value), c.req.valid('param').id, site);
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/sites',
      tags: ['Reception'],
      summary: 'The organisation’s sites',
      middleware: [requireScope('org:read')] as const,
      responses: { 200: json(z.object({ sites: z.array(SiteOut) }), 'Sites'), ...errorResponses },
    }),
    async (c) => c.json({ sites: await sitesOf(deps, c.get('principal').orgId) }, 200),
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/visits',
      tags: ['Reception'],
      summary: 'Register a visit for approval (业务接待申请)',
      description:
        'Visitors (name, company, title; a mobile in E.164 for the invitation; an 18-character resident ID number where the site requires one), level, purpose, window, host and staff, site, resources, and the estimate by reception type (visit, meal, alcohol, lodging, transport, gift) in minor units, and optionally an advance (借款) to the host (`advance.minor`, at most the estimate: more is 400 `VALIDATION.INVALID` naming `advance`). Checked against the reception standards (each excess a warning to justify) and the department’s hospitality budget, then routed for approval as a request of type `visit`; with an advance, the approval card also shows the hospitality budget available and the host’s outstanding advances, and approval pays the advance out to the host. The host, their staff, or the reception role may register it. A window that is over, ends before it starts or lasts more than a week, an unknown site or host: 4xx naming the field. With `recurrence` (daily or weekly, a count or an end date, at most 26 occurrences) it is a recurring visit: one request and one approval, one visit per occurrence (`series` in the answer), each frozen in its own month’s budget and with its own invitations once approved.',
      middleware: [requireScope('requests:write')] as const,
      // The bounds of `recurrence` are checked by the use case, which names the field it refuses.
      request: { body: body(z.object({ actorId: Id.optional(), advance: AdvanceIn.optional(), recurrence: RecurrenceIn.optional() }).passthrough().openapi({ example: VISIT_EXAMPLE })) },
      responses: { 201: json(z.object({ visit: VisitOut, series: SeriesOut.optional().openapi({ description: 'A recurring visit’s occurrences.' }), request: z.unknown(), approvalId: z.string(), violations: z.array(z.unknown()), budget: z.unknown().optional(), replayed: z.boolean() }), 'Registered'), ...errorResponses },
    }),
    async (c) => {
      const { actorId, ...visit } = c.req.valid('json') as { actorId?: string } & Record<string, unknown>;
      const actor = actingEmployee(c.get('principal'), actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await registerVisit(deps, c.get('principal').orgId, employeeActor(actor.value), visit);
      if (!r.ok) return errorResponse(c, r.error);
      deps.kickOutbox?.();
      const s = r.value.submitted;
      return c.json({ visit: r.value.visit, ...(r.value.series ? { series: r.value.series } : {}), request: requestView(s.request), approvalId: s.approvalId, violations: s.violations, ...(s.budget ? { budget: s.budget } : {}), replayed: s.replayed }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/visits/{id}',
      tags: ['Reception'],
      summary: 'A visit with its visitors (numbers masked)',
      description: 'For its host and staff, the reception desk, guards and finance.',
      middleware: [requireScope('requests:read')] as const,
      request: { params: z.object({ id: z.string() }), query: z.object({ actorId: Id.optional() }) },
      responses: { 200: json(VisitOut, 'The visit'), ...errorResponses },
    }),
    async (c) => {
      const actor = actingEmployee(c.get('principal'), c.req.valid('query').actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await visitOf(deps, c.get('principal').orgId, employeeActor(actor.value), c.req.valid('param').id);
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/visits/{id}/visitors/{visitorId}',
      tags: ['Reception'],
      summary: 'Complete or correct a visitor (name a group’s placeholder, give a mobile later)',
      description:
        'Any of name, company, title, mobile (E.164) and idNumber. For the host, their staff or the reception desk, until the visitor is in: a visit that is over, withdrawn or rejected, or a visitor already checked in, is 409 RECEPTION.VISIT_CLOSED. The watchlist is asked again (403 RECEPTION.WATCHLISTED). On an approved visit a mobile given or changed gets the invitation text, and a changed one a new invitation code: the link texted to the old number stops opening the gate.',
      middleware: [requireScope('requests:write')] as const,
      request: {
        params: z.object({ id: z.string(), visitorId: z.string() }),
        body: body(z.object({ actorId: Id.optional() }).passthrough().openapi({ example: { actorId: 'e_zhangwei', name: '赵敏', title: '采购经理', mobile: '+8613700137000' } })),
      },
      responses: { 200: json(VisitorOut, 'The visitor as changed (numbers masked)'), ...errorResponses },
    }),
    async (c) => {
      const { actorId, ...change } = c.req.valid('json') as { actorId?: string } & Record<string, unknown>;
      const actor = actingEmployee(c.get('principal'), actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const { id, visitorId } = c.req.valid('param');
      const r = await changeVisitor(deps, c.get('principal').orgId, employeeActor(actor.value), id, visitorId, change);
      if (!r.ok) return errorResponse(c, r.error);
      deps.kickOutbox?.();
      return c.json(r.value, 200);
    },
  );

  const GateVisitorOut = z.object({ visitorId: z.string(), visitId: z.string(), name: z.string(), company: z.string().optional(), title: z.string().optional(), mobile: z.string().optional(), host: z.object({ id: z.string(), name: z.string() }), purpose: z.string(), start: z.string(), end: z.string(), checkedInAt: z.string().optional(), checkedOutAt: z.string().optional() });
  const gate = { ...deps, graceMinutes: deps.config.INVITATION_GRACE_MINUTES };

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/sites/{id}/check-ins',
      tags: ['Reception'],
      summary: 'Check a visitor in at a site’s gate (a scanned invitation code, its link, or a booking number)',
      description:
        'For a turnstile or a guard’s device. An invitation code lets its visitor in once, inside the visit’s window widened by INVITATION_GRACE_MINUTES, at its own site, unless withdrawn or watchlisted: 200 `checked_in`, and the host is told in chat. A booking number answers the visit’s visitors to pick from (200 `booking`). Refused: 4xx with the reason’s code (GATE.ALREADY_CHECKED_IN, GATE.EXPIRED, GATE.NOT_YET, GATE.WRONG_SITE, GATE.REVOKED, GATE.NOT_APPROVED, GATE.INVALID_CODE, RECEPTION.WATCHLISTED); the refusal is recorded in the audit. The guard or reception role.',
      middleware: [requireScope('reception:write')] as const,
      request: { params: z.object({ id: z.string() }), body: body(z.object({ actorId: Id.optional(), code: z.string().min(1).max(2048) }).openapi({ example: { actorId: 'e_guard', code: 'https://spend.example.com/v/AQ…' } })) },
      responses: { 200: json(z.object({ kind: z.enum(['checked_in', 'booking']), visitor: GateVisitorOut.optional(), bookingNumber: z.string().optional(), visitors: z.array(GateVisitorOut).optional() }), 'Checked in, or the booking’s visitors'), ...errorResponses },
    }),
    async (c) => {
      const { actorId, code } = c.req.valid('json');
      const actor = actingEmployee(c.get('principal'), actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await scanAtGate(gate, c.get('principal').orgId, employeeActor(actor.value), c.req.valid('param').id, code);
      if (!r.ok) return errorResponse(c, r.error);
      if (r.value.kind === 'refused') return errorResponse(c, domainError(r.value.code, r.value.message, r.value.visitor ? { visitorId: r.value.visitor.visitorId, visitId: r.value.visitor.visitId } : undefined));
      if (r.value.kind === 'checked_in') deps.kickOutbox?.();
      return c.json(r.value, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/sites/{id}/check-outs',
      tags: ['Reception'],
      summary: 'Check a visitor out at a site’s gate',
      middleware: [requireScope('reception:write')] as const,
      request: { params: z.object({ id: z.string() }), body: body(z.object({ actorId: Id.optional(), visitorId: Id }).openapi({ example: { actorId: 'e_zhoujun', visitorId: 'vis_01J8_1' } })) },
      responses: { 200: json(GateVisitorOut, 'Checked out'), ...errorResponses },
    }),
    async (c) => {
      const { actorId, visitorId } = c.req.valid('json');
      const actor = actingEmployee(c.get('principal'), actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await checkOutVisitor(gate, c.get('principal').orgId, employeeActor(actor.value), c.req.valid('param').id, visitorId);
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/sites/{id}/on-site',
      tags: ['Reception'],
      summary: 'Who is on site now (the evacuation list) and who is still expected today',
      middleware: [requireScope('reception:read')] as const,
      request: { params: z.object({ id: z.string() }), query: z.object({ actorId: Id.optional() }) },
      responses: { 200: json(z.object({ site: z.object({ id: z.string(), name: z.string() }), onSite: z.array(GateVisitorOut), expected: z.array(GateVisitorOut), timeZone: z.string() }), 'The board'), ...errorResponses },
    }),
    async (c) => {
      const actor = actingEmployee(c.get('principal'), c.req.valid('query').actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await gateBoard(deps, c.get('principal').orgId, employeeActor(actor.value), c.req.valid('param').id);
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/sites/{id}/gate-link',
      tags: ['Reception'],
      summary: 'A one-time link that opens the gate page of a site for a guard',
      description: 'The link works once, within 10 minutes, for an active employee with the guard or reception role; it starts a 12-hour session at that site only.',
      middleware: [requireScope('reception:write')] as const,
      request: { params: z.object({ id: z.string() }), body: body(z.object({ actorId: Id.optional() }).openapi({ example: { actorId: 'e_zhoujun' } })) },
      responses: { 200: json(z.object({ url: z.string(), expiresAt: z.string() }), 'The link'), ...errorResponses },
    }),
    async (c) => {
      const actor = actingEmployee(c.get('principal'), c.req.valid('json').actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const orgId = c.get('principal').orgId;
      const siteId = c.req.valid('param').id;
      const may = await mayOpenGate(deps, orgId, employeeActor(actor.value), siteId);
      if (!may.ok) return errorResponse(c, may.error);
      const link = gateLink({ ...deps, publicUrl: publicUrlOf(deps.config) }, orgId, actor.value, siteId);
      return c.json({ url: link.url, expiresAt: link.expiresAt.toISOString() }, 200);
    },
  );

  const WatchOut = z.object({ id: z.string(), name: z.string().optional(), company: z.string().optional(), mobile: z.string().optional(), idNumber: z.string().optional(), reason: z.string(), createdBy: z.string(), createdAt: z.string() });
  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/watchlist',
      tags: ['Reception'],
      summary: 'Add a person to the visitor watchlist (访客黑名单)',
      description: 'By ID number, mobile number, or name (with a company or not), with a reason. Numbers are kept only as keyed MACs with their last four digits. Checked at registration and at the gate. The reception role.',
      middleware: [requireScope('reception:write')] as const,
      request: { body: body(z.object({ actorId: Id.optional() }).passthrough().openapi({ example: { actorId: 'e_sunli', name: '赵六', company: 'XYZ公司', reason: '曾冒用他人邀请' } })) },
      responses: { 201: json(WatchOut, 'Added'), ...errorResponses },
    }),
    async (c) => {
      const { actorId, ...entry } = c.req.valid('json') as { actorId?: string } & Record<string, unknown>;
      const actor = actingEmployee(c.get('principal'), actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await addToWatchlist(deps, c.get('principal').orgId, employeeActor(actor.value), entry);
      return r.ok ? c.json(r.value, 201) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/watchlist',
      tags: ['Reception'],
      summary: 'The visitor watchlist (numbers masked)',
      middleware: [requireScope('reception:read')] as const,
      request: { query: z.object({ actorId: Id.optional() }) },
      responses: { 200: json(z.object({ entries: z.array(WatchOut) }), 'Entries'), ...errorResponses },
    }),
    async (c) => {
      const actor = actingEmployee(c.get('principal'), c.req.valid('query').actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await watchlistOf(deps, c.get('principal').orgId, employeeActor(actor.value));
      return r.ok ? c.json({ entries: r.value }, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/watchlist/{id}',
      tags: ['Reception'],
      summary: 'Remove a watchlist entry',
      middleware: [requireScope('reception:write')] as const,
      request: { params: z.object({ id: z.string() }), query: z.object({ actorId: Id.optional() }) },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const actor = actingEmployee(c.get('principal'), c.req.valid('query').actorId, 'actorId');
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await removeFromWatchlist(deps, c.get('principal').orgId, employeeActor(actor.value), c.req.valid('param').id);
      return r.ok ? c.body(null, 204) : errorResponse(c, r.error);
    },
  );
}
