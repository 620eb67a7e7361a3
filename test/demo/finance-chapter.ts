// The lifecycle story's last chapter: after the bank's answers, the books close by themselves. The statement is
// reconciled (the exceptions queue shows only what needs a person), the vouchers are booked and exported for the ERP
// (JSON and CSV), and the next morning finance gets the digest with the budget burn chart (the Feishu card JSON is
// written as Feishu would receive it).
import type { CardView } from '../../cards/view-model.js';
import type { DigestCardView } from '../../cards/digest-view.js';
import { renderFeishuCard } from '../../cards/render-feishu.js';
import { consoleTranscript } from '../../db/repos/chat.js';
import { formatAmount } from '../../domain/money/index.js';
import { existsSync } from 'node:fs';
import { burnChartPng } from '../../src/integrations/chart/render.js';
import { sendDueDigests } from '../../src/usecases/digest/daily-digest.js';
import { financeLink } from '../../src/web/finance/link.js';
import { CHROMIUM } from '../helpers/finance-browser.js';
import { addCalendarDays, localDate } from '../../src/usecases/org-time.js';
import { check, type DemoService } from './harness.js';
import { Transcript, who } from './transcript.js';

const P = 'Lifecycle';
type Api = (method: string, p: string, body?: unknown) => Promise<{ status: number; body: any }>;
const money = (m: { minor: number; currency: string }) => `${m.currency} ${formatAmount(m)}`;

/** Runs the chapter on the lifecycle story's service and returns the files it wrote (paths relative to the output directory). */
export async function financeChapter(s: DemoService, api: Api, t: Transcript, apiKey: string, base: string): Promise<{ name: string; content: string | Uint8Array }[]> {
  const files: { name: string; content: string | Uint8Array }[] = [];
  t.section('The books close by themselves: the statement reconciled, only what needs a person left', s.clock.now());
  const q = (await api('GET', '/api/v1/reconciliation/exceptions?actorId=e_sarah')).body;
  check(P, q.lines && q.payments && q.statements, `no exceptions queue: ${JSON.stringify(q)}`);
  const rows = [
    ...(q.lines as any[]).map((l) => ['bank line', `${l.statementId} ${l.ref}`, l.amount ? money(l.amount) : '', l.reason]),
    ...(q.payments as any[]).map((p) => ['payment', p.endToEndId, money(p.amount), p.reason]),
    ...(q.statements as any[]).map((x) => ['statement', x.statementId, '', x.reason]),
  ];
  t.line(`Every booked line of the bank's statement was matched to its payment by the rules (the \`EndToEndId\` first); the refused payment never reached the statement. What is left in ${who('e_sarah')}'s exceptions queue: ${rows.length === 0 ? '**nothing**.' : ''}`);
  if (rows.length > 0) t.table(['kind', 'what', 'amount', 'reason'], rows);
  check(P, (q.lines as any[]).length === 0, `bank lines left open on the clean path: ${JSON.stringify(q.lines)}`);

  const period = localDate(s.clock.now(), 'Asia/Shanghai').slice(0, 7);
  const vouchers = (await api('GET', `/api/v1/vouchers?actorId=e_sarah&period=${period}`)).body.vouchers as any[];
  check(P, Array.isArray(vouchers) && vouchers.length > 0, 'no vouchers were booked');
  const csv = await s.app.request(`/api/v1/vouchers?actorId=e_sarah&period=${period}&format=csv`, { headers: { authorization: `Bearer ${apiKey}` } });
  check(P, csv.status === 200, `the vouchers CSV answered ${csv.status}`);
  files.push({ name: 'finance/vouchers.json', content: `${JSON.stringify(vouchers, null, 2)}\n` }, { name: 'finance/vouchers.csv', content: await csv.text() });
  t.line(`The ERP vouchers (记账凭证) of ${period}, numbered without gaps, debits equal to credits in every voucher (written to \`finance/vouchers.json\` and \`finance/vouchers.csv\`):`);
  t.table(
    ['number', 'kind', 'lines', 'debits', 'credits'],
    vouchers.map((v) => {
      const sum = (side: 'debitMinor' | 'creditMinor') => (v.lines as any[]).reduce((n, l) => n + (l[side] as number), 0);
      return [v.number ?? `(waiting: ${v.reason ?? ''})`, v.kind, String(v.lines.length), formatAmount({ minor: sum('debitMinor'), currency: 'CNY' }), formatAmount({ minor: sum('creditMinor'), currency: 'CNY' })];
    }),
  );

  // The next morning at 09:00 in Shanghai.
  const today = localDate(s.clock.now(), 'Asia/Shanghai');
  s.clock.set(`${addCalendarDays(today, 1)}T01:00:00.000Z`);
  t.section('The next morning: the finance digest with the budget burn chart', s.clock.now());
  const sent = await sendDueDigests({ ...s.deps, channels: new Set(), console: true, config: { DIGEST_TIME: '09:00', PUBLIC_URL: 'https://spend.example.com' } });
  check(P, sent === 1, `the digest went out ${sent} times`);
  const digest = (await consoleTranscript(s.database.db, 'demo', 'e_zhaomin')).map((m) => m.view as CardView | null).filter((v): v is DigestCardView => v?.kind === 'digest').at(-1);
  check(P, digest?.chart, '赵敏 got no digest with a chart');
  t.card(`**bot → ${who('e_zhaomin')}** — the finance digest (view JSON)`, { platform: 'view', view: digest! });
  const feishu = renderFeishuCard(digest!, { locale: 'zh', timeZone: 'Asia/Shanghai' });
  files.push({ name: 'digest/feishu-card.json', content: `${JSON.stringify(feishu, null, 2)}\n` });
  t.line(`On Feishu the same digest is a card JSON 2.0 whose \`chart\` element carries the VChart spec (written to \`digest/feishu-card.json\`).`);
  const png = await burnChartPng(digest!.chart!);
  files.push({ name: 'digest/slack.png', content: png });
  t.line(`On Slack the chart is drawn on the server (ECharts to SVG, resvg to PNG with the CJK font the project ships) and uploaded with the message: \`digest/slack.png\`, ${png.length} bytes.`);

  // The exceptions page, opened through the one-time link of the digest's button, in headless Chromium.
  if (existsSync(CHROMIUM)) {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 420, height: 800 } });
      const link = financeLink({ ...s.deps, config: {} }, 'demo', 'e_zhaomin', 'exceptions');
      const opened = await page.goto(`${base}${link}`);
      check(P, opened?.status() === 200, `the finance page answered ${opened?.status()}`);
      files.push({ name: 'finance/exceptions.png', content: await page.screenshot({ fullPage: true }) });
      t.line(`${who('e_zhaomin')} opens the exceptions page from the digest's button (a one-time link that starts a session): \`finance/exceptions.png\`.`);
    } finally {
      await browser.close();
    }
  } else t.line(`(No screenshot of the finance page: ${CHROMIUM} is not installed.)`);
  return files;
}
