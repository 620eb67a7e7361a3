// The digest's chart as a PNG at the address the digest carries (DingTalk's markdown and other clients fetch it):
// `/charts/digest/<org>/<day>.png?l=<zh|en>&s=<signature>`. The signature binds organisation and day, so the address
// cannot be turned into another organisation's figures; the chart is drawn from what the digest recorded.
import type { Hono } from 'hono';
import type { Db } from '../../db/database.js';
import type { BurnChart } from '../../cards/digest-view.js';
import type { SecretBox } from '../secrets.js';
import { errorBody } from '../api/errors.js';
import { digestChartFor } from '../usecases/digest/daily-digest.js';

export interface DigestChartDeps {
  db: Db;
  box: SecretBox;
  chartPng: (chart: BurnChart) => Promise<Uint8Array>;
}

const DAY = /^(\d{4}-\d{2}-\d{2})\.png$/;

export function registerDigestChart(app: Hono<any>, deps: DigestChartDeps): void {
  app.get('/charts/digest/:org/:file', async (c) => {
    const day = DAY.exec(c.req.param('file'))?.[1];
    const orgId = c.req.param('org');
    const locale = c.req.query('l') === 'en' ? 'en' : 'zh';
    const sig = c.req.query('s') ?? '';
    // One answer for a bad signature and a missing digest: the address tells nothing about what exists.
    const notFound = () => c.json(errorBody('NOT_FOUND', 'no such chart'), 404);
    const chart = day ? await digestChartFor(deps, orgId, day, locale, sig) : undefined;
    if (!chart) return notFound();
    const png = await deps.chartPng(chart);
    return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png', 'cache-control': 'private, max-age=86400', 'x-content-type-options': 'nosniff' });
  });
}
