// Registers every REST route group.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerBudgetRoutes } from './budgets.routes.js';
import type { AppDeps, AppEnv } from './context.js';
import { registerFlowRoutes } from './flows.routes.js';
import { registerOrgRoutes } from './org.routes.js';
import { registerRequestRoutes } from './requests.routes.js';
import { registerWebhookRoutes } from './webhooks.routes.js';
import { registerCardFeedRoutes } from './card-feeds.routes.js';
import { registerClaimRoutes } from './claims.routes.js';
import { registerPaymentRoutes } from './payments.routes.js';
import { registerSettlementRoutes } from './settlements.routes.js';
import { registerReconciliationRoutes } from './reconciliation.routes.js';
import { registerVoucherRoutes } from './vouchers.routes.js';
import { registerVisitRoutes } from './visits.routes.js';
import { registerReceptionLedgerRoutes } from './reception-ledger.routes.js';
import { registerExpenseRoutes } from './expenses.routes.js';
import { registerTripRoutes } from './trips.routes.js';
import { createExtractor } from '../integrations/invoice/extract.js';
import { s3FromConfig } from '../integrations/storage/s3-store.js';

export function registerApiRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  registerOrgRoutes(api, deps);
  registerFlowRoutes(api, deps);
  registerBudgetRoutes(api, deps);
  registerRequestRoutes(api, deps);
  registerWebhookRoutes(api, deps);
  const receipts = deps.receipts ?? s3FromConfig(deps.config);
  const c = deps.config;
  registerExpenseRoutes(api, {
    ...deps,
    ...(receipts
      ? { receiptsDeps: { ...deps, receipts, maxBytes: c.RECEIPT_MAX_BYTES, extractor: createExtractor(c.OPENAI_API_KEY ? { openAi: { apiKey: c.OPENAI_API_KEY, model: c.OPENAI_MODEL, ...(c.OPENAI_BASE_URL ? { baseURL: c.OPENAI_BASE_URL } : {}) } } : {}) } }
      : {}),
  });
  registerClaimRoutes(api, deps);
  registerPaymentRoutes(api, { ...deps, ...(receipts ? { receipts } : {}) });
  registerSettlementRoutes(api, deps);
  registerReconciliationRoutes(api, deps);
  registerVoucherRoutes(api, deps);
  registerVisitRoutes(api, deps);
  registerReceptionLedgerRoutes(api, deps);
  registerTripRoutes(api, deps);
  registerCardFeedRoutes(api, deps);
}
