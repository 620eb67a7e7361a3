// What every route can reach: dependencies, the authenticated principal, and the typed Hono env.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../../db/database.js';
import type { ApiPrincipal } from '../../db/repos/api-keys.js';
import type { Clock, IdGenerator } from '../../domain/shared/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { SecretBox } from '../secrets.js';
import type { RequestParser } from '../chat/handle-message.js';
import { errorResponse } from './errors.js';
import type { ReceiptStore } from '../integrations/storage/receipt-store.js';
import type { OutboundDeps } from '../integrations/net/outbound-post.js';
import type { Metrics } from '../observability/metrics.js';

export interface AppDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  config: Config;
  box: SecretBox;
  log: Logger;
  /** Wakes the outbox dispatcher after a commit so deliveries start at once. */
  kickOutbox?: () => void;
  /** Understands chat messages; with it the chat channels (and the web console, when enabled) are mounted. */
  parser?: RequestParser;
  /** Where receipt files are kept (local disk on Node, S3-compatible when configured); receipts routes need it. */
  receipts?: ReceiptStore;
  /** How outbound URLs (webhooks) resolve names when they are registered; by default node:dns. */
  outbound?: OutboundDeps;
  /** This instance's metrics (shared with its workers), made by the entry when METRICS_TOKEN is set. */
  metrics?: Metrics;
  /** True from the moment the instance begins shutting down (src/server.ts): /health/ready then answers 503. */
  shuttingDown?: () => boolean;
  /**
   * Given what a mounted channel must stop when the instance shuts down (a long connection: Slack Socket Mode); the
   * entry runs them in its shutdown, before the database closes.
   */
  onStop?: (stop: () => Promise<void>) => void;
}

export type AppEnv = { Variables: { principal: ApiPrincipal } };

/** An OpenAPIHono whose validation failures answer `{ error: { code: 'REQUEST.INVALID', … } }` with every issue. */
export function newApi(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      const first = issues[0];
      return errorResponse(c, {
        code: 'REQUEST.INVALID',
        message: first ? `${first.path || '(body)'}: ${first.message}` : 'invalid request',
        details: issues,
      });
    },
  });
}
