// Registers every REST route group.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerBudgetRoutes } from './budgets.routes.js';
import type { AppDeps, AppEnv } from './context.js';
import { registerFlowRoutes } from './flows.routes.js';
import { registerOrgRoutes } from './org.routes.js';
import { registerRequestRoutes } from './requests.routes.js';
import { registerWebhookRoutes } from './webhooks.routes.js';

export function registerApiRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  registerOrgRoutes(api, deps);
  registerFlowRoutes(api, deps);
  registerBudgetRoutes(api, deps);
  registerRequestRoutes(api, deps);
  registerWebhookRoutes(api, deps);
}
