// REST: corporate card and payment feeds — a CSV file or a JSON push — imported, matched and drafted.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { parseCardCsv } from '../integrations/cardfeed/csv-feed.js';
import { CardPushSchema, MAX_PUSH, parseCardPush } from '../integrations/cardfeed/json-feed.js';
import { importCardFeed, type ImportReport } from '../usecases/cardfeed/import-feed.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { body, errorResponses, json } from './schemas.js';

const Report = z
  .object({ importId: z.string(), rows: z.number(), accepted: z.number(), duplicates: z.number(), matched: z.number(), drafted: z.number(), unassigned: z.number(), refunds: z.number(), errors: z.array(z.object({ row: z.number(), field: z.string().optional(), message: z.string() })) })
  .openapi('CardImportReport');

export function registerCardFeedRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const answer = async (c: { get(k: 'principal'): { orgId: string; keyId: string } }, feed: { provider: string; source: 'csv' | 'api'; rows: Parameters<typeof importCardFeed>[3]['rows']; errors: ImportReport['errors'] }) => {
    if (feed.rows.length === 0) return { report: undefined, error: { code: 'FEED.INVALID' as const, message: feed.errors[0] ? `row ${feed.errors[0].row}${feed.errors[0].field ? ` ${feed.errors[0].field}` : ''}: ${feed.errors[0].message}` : 'the feed has no transactions', details: { errors: feed.errors.slice(0, 100) } } };
    const p = c.get('principal');
    return { report: await importCardFeed(deps, p.orgId, `apikey:${p.keyId}`, feed), error: undefined };
  };

  // The CSV body is text/csv, so this route reads it itself (OpenAPI documents the query only).
  api.post('/api/v1/card-feeds/csv', requireScope('finance:write'), async (c) => {
    const provider = c.req.query('provider');
    if (!provider) return errorResponse(c, { code: 'REQUEST.INVALID', message: 'provider: pass ?provider=<the card or payment provider>' });
    const currency = c.req.query('currency');
    const parsed = parseCardCsv(await c.req.text(), { provider, ...(currency ? { defaultCurrency: currency.toUpperCase() } : {}) });
    const r = await answer(c, { provider, source: 'csv', ...parsed });
    if (r.error) return errorResponse(c, r.error);
    deps.kickOutbox?.();
    return c.json(r.report!, 200);
  });

  api.openapi(
    createRoute({ method: 'post', path: '/api/v1/card-feeds', tags: ['Card feeds'], summary: `Push card or payment transactions (up to ${MAX_PUSH})`, description: 'Each transaction is checked on its own: malformed ones are reported by index and field, the rest are imported. Resending a transaction id is harmless. Transactions are matched to open expense lines (amount, date window, merchant); unmatched ones become draft lines the employee confirms in chat.', middleware: [requireScope('finance:write')] as const, request: { body: body(CardPushSchema.openapi('CardPush')) }, responses: { 200: json(Report, 'What became of each row'), ...errorResponses } }),
    async (c) => {
      const parsed = parseCardPush(c.req.valid('json'));
      const r = await answer(c, { provider: parsed.provider, source: 'api', rows: parsed.rows, errors: parsed.errors });
      if (r.error) return errorResponse(c, r.error);
      deps.kickOutbox?.();
      return c.json(r.report!, 200);
    },
  );
}
