// The finance digest: due at DIGEST_TIME in each organisation's own time zone, sent once per organisation and day
// however many instances check at once, to finance on the platforms they are linked on; it reports yesterday's
// payments by state, bank lines matched and open, the open exceptions and the budget burn; a quiet day is one line.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import { linkIdentities, upsertEmployees } from '../../../db/repos/org.js';
import { activePayee, insertPayments } from '../../../db/repos/payments.js';
import { insertStatementLines } from '../../../db/repos/reconciliation.js';
import type { DigestCardView } from '../../../cards/digest-view.js';
import { renderFeishuCard } from '../../../cards/render-feishu.js';
import { silentLogger } from '../../../src/log.js';
import { randomIds } from '../../../src/runtime.js';
import { digestChartUrl, sendDueDigests, verifyDigestChart, type DigestDeps } from '../../../src/usecases/digest/daily-digest.js';
import { Hono } from 'hono';
import { burnChartPng } from '../../../src/integrations/chart/render.js';
import { registerDigestChart } from '../../../src/web/digest-chart.js';
import { loadConfig } from '../../../src/config.js';
import { scheduledJobs } from '../../../src/services.js';
import { testApp, type TestApp } from '../../helpers/app.js';
import { openPayable } from '../../helpers/payables.js';
import { addOrganisation } from '../../helpers/two-orgs.js';

let t: TestApp;
let deps: DigestDeps;
let acme: string;

const chatRows = async (orgId: string) =>
  rowsOf<{ card_key: string; recipient_id: string; channel: string; view: DigestCardView }>(
    await t.database.db.execute(sql`SELECT card_key, recipient_id, channel, view FROM chat_cards WHERE org_id = ${orgId} AND card_key LIKE 'digest:%' ORDER BY recipient_id`),
  );
const outboxRows = async (orgId: string) => rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM outbox WHERE org_id = ${orgId} AND topic = 'chat.send'`))[0]!.n;

beforeAll(async () => {
  t = await testApp({ PUBLIC_URL: 'https://spend.example.com' });
  // 2026-11-18T02:00Z is 10:00 in Shanghai: yesterday there is 2026-11-17.
  t.clock.set('2026-11-18T00:30:00.000Z');
  deps = { ...t.deps, log: silentLogger, channels: new Set(['feishu', 'slack']), console: false, config: { DIGEST_TIME: '09:00', PUBLIC_URL: 'https://spend.example.com' } };
  await linkIdentities(t.database.db, 'demo', [
    { platform: 'feishu', tenant: 'tk1', kind: 'open_id', externalId: 'ou_zhaomin', employeeId: 'e_zhaomin' },
    { platform: 'slack', tenant: 'T1', kind: 'user_id', externalId: 'U_SARAH', employeeId: 'e_sarah' },
  ]);
  // Yesterday in Shanghai: one payment settled and one rejected; a line matched and one open (booked that day).
  expect((await t.call('PUT', '/api/v1/payees/employee/e_zhangwei', { actorId: 'e_sarah', account: { holderName: '张伟', bankName: 'CMB', accountNumber: '6214831234567896', cnaps: '308290003020' } })).status).toBe(200);
  const payee = await activePayee(t.database.db, 'demo', 'employee', 'e_zhangwei');
  const at = new Date('2026-11-17T03:00:00.000Z');
  const payment = async (minor: number, status: string, when: Date) => {
    const id = randomIds.next('pmt');
    await insertPayments(t.database.db, [{ id, orgId: 'demo', runId: 'prun_d', payableId: await openPayable(t, 'demo', 'e_zhangwei', minor), payeeId: payee!.id, ownerType: 'employee', ownerId: 'e_zhangwei', amountMinor: minor, currency: 'CNY', endToEndId: `E2E-${id}`, msgId: 'MSG-D', pmtInfId: 'PMI-D', status, reasonCode: null, reasonText: null, retryOf: null, createdAt: when, updatedAt: when }]);
  };
  await payment(68_800, 'settled', at);
  await payment(12_800, 'rejected', at);
  // 23:30 Shanghai time on the 16th (15:30Z): the day before yesterday, not in this digest.
  await payment(99_900, 'settled', new Date('2026-11-16T15:30:00.000Z'));
  const line = (ref: string, state: string, minor: number, date: string) => ({ orgId: 'demo', statementId: 'bst_d', ref, entryIndex: Number(ref[0]), txIndex: 1, amountMinor: minor, currency: 'CNY', creditDebit: 'DBIT', booked: true, date, endToEndId: null, counterpartyName: null, counterpartyLast4: null, texts: [], returnReason: null, state, paymentIds: [], rule: null, decidedBy: null, reason: null, decidedAt: null, version: 1 });
  await insertStatementLines(t.database.db, [line('1.1', 'matched', 68_800, '2026-11-17'), line('2.1', 'fee', 1_500, '2026-11-17'), line('3.1', 'open', 300_000, '2026-11-17'), line('4.1', 'open', 5_000, '2026-11-16')]);
  acme = (await addOrganisation(t, `acme${randomIds.next('x').slice(-6)}`)).orgId;
  // Acme is in New York: its 09:00 comes 13 hours after Shanghai's.
  await t.database.db.execute(sql`UPDATE organisations SET time_zone = 'America/New_York' WHERE id = ${acme}`);
  await upsertEmployees(t.database.db, [{ id: 'a_fin', orgId: acme, name: 'Ann Finance', email: null, mobile: null, departmentId: 'd1', managerId: null, roles: ['employee', 'finance'], grade: 3, locale: 'en', active: true }], t.clock.now());
  await linkIdentities(t.database.db, acme, [{ platform: 'feishu', tenant: 'tk-acme', kind: 'open_id', externalId: 'ou_ann', employeeId: 'a_fin' }]);
});
afterAll(() => t.close());

describe('the daily finance digest', () => {
  it('waits for 09:00 in the organisation’s time zone, then goes to finance once, whoever else checks at the same moment', async () => {
    // 08:30 in Shanghai: not yet. 19:30 on the 17th in New York: Acme's digest of the 16th is due (since 09:00 there).
    expect(await sendDueDigests(deps)).toBe(1);
    expect(await chatRows('demo')).toEqual([]);
    expect((await chatRows(acme)).map((r) => r.card_key)).toEqual(['digest:2026-11-16']);
    t.clock.set('2026-11-18T01:00:00.000Z'); // 09:00 in Shanghai, 20:00 the day before in New York
    const sent = await Promise.all([sendDueDigests(deps), sendDueDigests(deps), sendDueDigests(deps)]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    const rows = await chatRows('demo');
    expect(rows.map((r) => [r.card_key, r.recipient_id, r.channel])).toEqual([
      ['digest:2026-11-17', 'e_sarah', 'slack'],
      ['digest:2026-11-17', 'e_zhaomin', 'feishu'],
    ]);
    expect(await outboxRows('demo')).toBe(2);
    expect(await chatRows(acme)).toHaveLength(1);
    expect(await sendDueDigests(deps)).toBe(0);
    expect(await outboxRows('demo')).toBe(2);
    const audit = rowsOf<{ action: string }>(await t.database.db.execute(sql`SELECT action FROM audit_log WHERE org_id = 'demo' AND action = 'digest.sent'`));
    expect(audit).toHaveLength(1);
  });

  it('reports yesterday only: payments by state, lines matched and open, every open exception, the burn chart', async () => {
    const zh = (await chatRows('demo')).find((r) => r.recipient_id === 'e_zhaomin')!.view;
    expect(zh.day).toBe('2026-11-17');
    expect(zh.payments).toEqual([
      { status: 'rejected', count: 1, amounts: [{ minor: 12_800, currency: 'CNY' }] },
      { status: 'settled', count: 1, amounts: [{ minor: 68_800, currency: 'CNY' }] },
    ]);
    expect(zh.matched).toEqual({ count: 2, amounts: [{ minor: 70_300, currency: 'CNY' }] });
    expect(zh.unmatched).toEqual({ count: 1, amounts: [{ minor: 300_000, currency: 'CNY' }] });
    // Every open exception, whatever its day: both open lines (the day before's too); no payment is overdue.
    expect(zh.exceptions).toBe(2);
    expect(zh.chart?.locale).toBe('zh');
    expect(zh.chart?.bars.map((b) => b.label).some((l) => l.includes('销售'))).toBe(true);
    for (const b of zh.chart!.bars) expect(b.consumedMinor + b.frozenMinor + b.availableMinor).toBeGreaterThan(0);
    expect(zh.chartUrl).toMatch(/^https:\/\/spend\.example\.com\/charts\/digest\/demo\/2026-11-17\.png\?l=zh&s=/);
    const en = (await chatRows('demo')).find((r) => r.recipient_id === 'e_sarah')!.view;
    expect(en.chart?.locale).toBe('en');
    expect(en.chart?.title).toMatch(/^Budget burn by department, 2026-11$/);
    // The Feishu card carries the chart as a VChart spec with every department's three segments.
    const card = renderFeishuCard(zh, { locale: 'zh', timeZone: 'Asia/Shanghai' });
    const chart = card.body.elements.find((e) => e.tag === 'chart') as { chart_spec: { type: string; data: { values: unknown[] }[]; stack: boolean } };
    expect(chart.chart_spec.type).toBe('bar');
    expect(chart.chart_spec.stack).toBe(true);
    expect(chart.chart_spec.data[0]!.values).toHaveLength(zh.chart!.bars.length * 3);
  });

  it('signs the chart address for its organisation and day', () => {
    const url = new URL(digestChartUrl(t.deps.box, 'https://spend.example.com', 'demo', '2026-11-17', 'zh'));
    const s = url.searchParams.get('s')!;
    expect(verifyDigestChart(t.deps.box, 'demo', '2026-11-17', s)).toBe(true);
    expect(verifyDigestChart(t.deps.box, acme, '2026-11-17', s)).toBe(false);
    expect(verifyDigestChart(t.deps.box, 'demo', '2026-11-16', s)).toBe(false);
  });

  it('says a quiet day in one line, in New York’s morning', async () => {
    t.clock.set('2026-11-18T14:00:00.000Z'); // 09:00 in New York (EST, UTC−5)
    expect(await sendDueDigests(deps)).toBe(1);
    const row = (await chatRows(acme)).find((r) => r.card_key === 'digest:2026-11-17');
    expect(row!.view.day).toBe('2026-11-17');
    const card = renderFeishuCard(row!.view, { locale: 'en', timeZone: 'America/New_York' });
    const text = JSON.stringify(card.body.elements);
    expect(card.body.elements).toHaveLength(2); // the rule and the one line
    expect(text).toContain('No payments and no bank lines yesterday, and no open exceptions.');
    expect(text).not.toContain('"chart"');
  });

  it('serves the chart’s PNG at the signed address only, in the reader’s language', async () => {
    const app = new Hono();
    registerDigestChart(app, { db: t.database.db, box: t.deps.box, chartPng: (c) => burnChartPng(c, { scale: 1 }) });
    const get = (url: string) => app.request(url.replace('https://spend.example.com', ''));
    for (const locale of ['zh', 'en'] as const) {
      const res = await get(digestChartUrl(t.deps.box, 'https://spend.example.com', 'demo', '2026-11-17', locale));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    const good = new URL(digestChartUrl(t.deps.box, 'https://spend.example.com', 'demo', '2026-11-17', 'zh'));
    // Another organisation's path with this signature, another day, a changed signature, and a digest without a chart.
    expect((await get(`/charts/digest/${acme}/2026-11-17.png?l=zh&s=${good.searchParams.get('s')}`)).status).toBe(404);
    expect((await get(`/charts/digest/demo/2026-11-16.png?l=zh&s=${good.searchParams.get('s')}`)).status).toBe(404);
    expect((await get(`/charts/digest/demo/2026-11-17.png?l=zh&s=x${good.searchParams.get('s')}`)).status).toBe(404);
    expect((await get(digestChartUrl(t.deps.box, 'https://spend.example.com', acme, '2026-11-17', 'en'))).status).toBe(404);
  });

  it('as the service schedules it: its buttons open the finance pages through one-time links', async () => {
    const config = loadConfig({ DATA_DIR: 'memory://', PUBLIC_URL: 'https://spend.example.com' });
    const job = scheduledJobs({ ...t.deps, config }).find((j) => j.name === 'digest')!;
    t.clock.set('2026-11-19T01:30:00.000Z'); // 09:30 in Shanghai: the digest of the 18th is due
    await job.run(t.clock.now());
    const [row] = (await chatRows('demo')).filter((r) => r.card_key === 'digest:2026-11-18');
    expect(row).toBeDefined();
    const links = row!.view.links;
    expect(links.map((l) => l.label.en)).toEqual(['Resolve exceptions', 'Budget burn']);
    for (const l of links) expect(l.url).toMatch(/^https:\/\/spend\.example\.com\/finance\/open\?t=/);
    // The link opens the page once, for the reader it was made for.
    const opened = await t.app.request(links[0]!.url.replace('https://spend.example.com', ''));
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/finance/exceptions');
    expect((await t.app.request(links[0]!.url.replace('https://spend.example.com', ''))).status).toBe(410);
  });
});
