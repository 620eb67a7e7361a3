// POST /api/v1/visits with `recurrence`: one request, one visit per occurrence (`series` in the answer), each read
// on its own at GET /api/v1/visits/{id}; another organisation's occurrence is 404 both ways; more than 26 is a 400
// naming the field; the OpenAPI document describes the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { addOrganisation, type OtherOrg } from '../helpers/two-orgs.js';

let t: TestApp;
let acme: OtherOrg;
beforeAll(async () => {
  t = await testApp();
  acme = await addOrganisation(t);
  expect((await t.call('PUT', '/api/v1/sites/hq', { actorId: 'e_sunli', name: '上海总部', address: '世纪大道100号' })).status).toBe(200);
  expect((await acme.call('PUT', '/api/v1/sites/hq', { actorId: acme.admin, name: 'Acme HQ', address: '1 Acme Road' })).status).toBe(200);
  const flow = await acme.call('PUT', '/api/v1/flows/acme-standard', { name: 'Acme flow', subjectTypes: ['*'], priority: 0, active: true, steps: [{ key: 'manager', name: 'Manager', mode: 'any', approvers: [{ kind: 'manager', level: 1 }] }] });
  expect(flow.status, JSON.stringify(flow.body)).toBe(200);
});
afterAll(() => t.close());

const series = (over: Record<string, unknown> = {}) => ({
  actorId: 'e_zhangwei',
  hostId: 'e_zhangwei',
  siteId: 'hq',
  visitors: [{ name: '王强', company: 'ABC科技' }],
  purpose: '驻场联调',
  start: '2026-11-20T14:00:00+08:00',
  end: '2026-11-20T16:00:00+08:00',
  estimate: { meal: 30_000 },
  recurrence: { frequency: 'daily', count: 3 },
  ...over,
});

describe('a recurring visit over REST', () => {
  it('answers the series, reads each occurrence, and walls it off from another organisation', async () => {
    const r = await t.call('POST', '/api/v1/visits', series());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.request.amount).toEqual({ minor: 90_000, currency: 'CNY' });
    expect(r.body.series).toMatchObject({ recurrence: { frequency: 'daily', count: 3 }, estimatePerOccurrence: { minor: 30_000 }, estimateTotal: { minor: 90_000 } });
    const ids = r.body.series.visits.map((v: { id: string }) => v.id);
    expect(r.body.series.visits.map((v: { start: string }) => v.start)).toEqual(['2026-11-20T06:00:00.000Z', '2026-11-21T06:00:00.000Z', '2026-11-22T06:00:00.000Z']);
    for (const [i, id] of ids.entries()) {
      const v = await t.call('GET', `/api/v1/visits/${id}?actorId=e_zhangwei`);
      expect([v.status, v.body.seriesId, v.body.occurrence, v.body.requestId]).toEqual([200, r.body.series.id, i + 1, r.body.request.id]);
      expect((await acme.call('GET', `/api/v1/visits/${id}?actorId=${acme.admin}`)).status).toBe(404);
    }
    const theirs = await acme.call('POST', '/api/v1/visits', series({ actorId: acme.employee, hostId: acme.employee, recurrence: { frequency: 'weekly', count: 2 } }));
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    for (const v of theirs.body.series.visits) expect((await t.call('GET', `/api/v1/visits/${v.id}?actorId=e_sunli`)).status).toBe(404);
  });

  it('refuses more than 26 occurrences or a bad rule, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ frequency: 'weekly', count: 27 }, 'recurrence.count'],
      [{ frequency: 'daily', until: '2027-03-31' }, 'recurrence.until'],
      [{ frequency: 'daily', count: 2, until: '2026-11-30' }, 'recurrence'],
    ];
    for (const [recurrence, field] of cases) {
      const r = await t.call('POST', '/api/v1/visits', series({ recurrence }));
      expect([r.status, r.body.error?.code, r.body.error?.details?.field], JSON.stringify(recurrence)).toEqual([400, 'VALIDATION.INVALID', field]);
    }
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { components: { schemas: Record<string, { properties?: Record<string, unknown>; description?: string }> } };
    expect(Object.keys(doc.components.schemas.VisitRecurrence?.properties ?? {})).toEqual(['frequency', 'interval', 'weekdays', 'count', 'until']);
    expect(doc.components.schemas.VisitRecurrence?.description).toContain('at most 26');
  });
});
