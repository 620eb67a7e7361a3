// REST: corporate card and payment feeds — a CSV file or a JSON push — imported, matched and drafted.
import { callerOf } from './actor.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { parseCardCsv } from '../integrations/cardfeed/csv-feed.js';
import { CardPushSchema, MAX_PUSH, parseCardPush } from '../integrations/cardfeed/json-feed.js';
import { importCardFeed, type ImportReport } from '../usecases/cardfeed/import-feed.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { body, errorResponses, json } from './schemas.js';

const Report = z
  .object({ importId: z.string(), rows: z.number(), accepted: z.number(), duplicates: z.number(), matched: z.number(), drafted: z.number(), unassigned: z.number(), refunds: z.number(), errors: z.array(z.object({ row: z.number(), field: z.string().optional(), message: z.string() })) })
  .openapi('CardImportReport', {
    example: { importId: 'imp_00mx5c3e2f000p9o8i7u6y', rows: 3, accepted: 2, duplicates: 0, matched: 1, drafted: 1, unassigned: 0, refunds: 0, errors: [{ row: 3, field: 'transactionDate', message: "'2026-13-01' is not a date" }] },
  });

/** The CSV route's own gate: the app-wide middleware lets its raw body through, so the accepted types are checked here. */
const CSV_TYPES = ['text/csv', 'text/plain'];
const isCsvType = (header: string | undefined) => CSV_TYPES.includes((header ?? '').split(';')[0]!.trim().toLowerCase());

const FEED_DESCRIPTION =
  'Each row is checked on its own: malformed rows are reported by row number and field while the rest are imported (200). Resending a transaction is harmless (counted in `duplicates`). Transactions are matched to open expense lines (amount, date window, merchant); unmatched ones become draft lines the employee confirms in chat. A feed with no usable row answers 422 FEED.INVALID listing the errors.';

// Two rows: one in decimal with the card's last digits, one in minor units naming the employee by email.
const CARD_PUSH_EXAMPLE = {
  provider: 'cmb-corporate-card',
  transactions: [
    { id: 'TXN-20261117-0001', cardLast4: '4821', amount: '128.00', currency: 'CNY', transactionDate: '2026-11-17', postedDate: '2026-11-18', merchant: '首汽约车 Shouqi Car', mcc: '4121' },
    { id: 'TXN-20261117-0002', employee: 'li.na@galaxy.example', amountMinor: 56000, currency: 'CNY', transactionDate: '2026-11-17', merchant: '全季酒店 Ji Hotel Shanghai', description: '1 night' },
  ],
};

type Feed = { provider: string; source: 'csv' | 'api'; rows: Parameters<typeof importCardFeed>[3]['rows']; errors: ImportReport['errors'] };

/** Registers the card-feed routes: the CSV upload and the JSON push, both answering with the same import report. */
export function registerCardFeedRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const importOrRefuse = async (c: Context<AppEnv>, feed: Feed) => {
    if (feed.rows.length === 0) {
      const first = feed.errors[0];
      const message = first ? `row ${first.row}${first.field ? ` ${first.field}` : ''}: ${first.message}` : 'the feed has no transactions';
      return errorResponse(c, { code: 'FEED.INVALID', message, details: { errors: feed.errors.slice(0, 100) } });
    }
    const p = c.get('principal');
    const report = await importCardFeed(deps, p.orgId, callerOf(p), feed);
    if (!report.ok) return errorResponse(c, report.error);
    deps.kickOutbox?.();
    return c.json(report.value, 200);
  };

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/card-feeds/csv',
      tags: ['Card feeds'],
      summary: 'Upload a card or payment CSV export',
      description: `${FEED_DESCRIPTION} The body is the file itself (text/csv or text/plain, UTF-8); English and Chinese headers are understood.`,
      middleware: [requireScope('finance:write')] as const,
      request: {
        query: z.object({
          provider: z.string().min(1).max(100).openapi({ description: 'The card or payment provider; transaction ids are unique per provider.' }),
          currency: z.string().regex(/^[A-Za-z]{3}$/, 'ISO 4217 code such as CNY').optional().openapi({ description: 'The currency of rows without a currency column.' }),
        }),
        body: { required: true, content: { 'text/csv': { schema: z.string() }, 'text/plain': { schema: z.string() } } },
      },
      responses: { 200: json(Report, 'What became of each row'), ...errorResponses },
    }),
    async (c) => {
      if (!isCsvType(c.req.header('content-type'))) return errorResponse(c, { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', message: `send the CSV file as ${CSV_TYPES.join(' or ')}` });
      const { provider, currency } = c.req.valid('query');
      const parsed = parseCardCsv(await c.req.text(), { provider, ...(currency ? { defaultCurrency: currency.toUpperCase() } : {}) });
      return importOrRefuse(c, { provider, source: 'csv', ...parsed });
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/card-feeds',
      tags: ['Card feeds'],
      summary: `Push card or payment transactions (up to ${MAX_PUSH})`,
      description: `${FEED_DESCRIPTION} Rows are numbered from 1 in the order of \`transactions\`.`,
      middleware: [requireScope('finance:write')] as const,
      request: { body: body(CardPushSchema.openapi('CardPush', { example: CARD_PUSH_EXAMPLE })) },
      responses: { 200: json(Report, 'What became of each row'), ...errorResponses },
    }),
    async (c) => {
      const parsed = parseCardPush(c.req.valid('json'));
      return importOrRefuse(c, { provider: parsed.provider, source: 'api', rows: parsed.rows, errors: parsed.errors });
    },
  );
}
