// An app over a fresh database with the demo organisation, its metrics shared with the dispatcher passes the test runs.
import { randomBytes } from 'node:crypto';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { randomIds } from '../../src/runtime.js';
import { createSecretBox } from '../../src/secrets.js';
import { seedDemo } from '../../src/seed/demo.js';
import { API_SCOPES, createApiKey } from '../../db/repos/api-keys.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import { outboxHandlers } from '../../src/services.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { expense, testClock } from '../helpers/app.js';

export const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

export interface ObsApp {
  app: ReturnType<typeof createApp>;
  database: TestDatabase;
  metrics: Metrics | undefined;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  /** Submits a small expense and approves it over REST; returns the approval's id. */
  approveOne(headers?: Record<string, string>): Promise<string>;
  /** Runs dispatcher passes (counting into the app's metrics) until nothing is due. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export async function obsApp(env: Record<string, string> = { METRICS_TOKEN }): Promise<ObsApp> {
  const database = await freshDatabase();
  const config = loadConfig({ DATA_DIR: 'memory://', ...env });
  const metrics = config.METRICS_TOKEN ? createMetrics({ db: database.db, processMetrics: false }) : undefined;
  const deps = { db: database.db, clock: testClock(), ids: randomIds, config, box: createSecretBox([randomBytes(32)]), log: silentLogger, ...(metrics ? { metrics } : {}) };
  await seedDemo(deps);
  const key = await createApiKey(database.db, 'demo', randomIds.next('key'), 'test', [...API_SCOPES]);
  const app = createApp(deps);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // the metrics text
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
  const handlers = outboxHandlers(deps);
  return {
    app,
    database,
    metrics,
    call,
    async approveOne(headers = {}) {
      const s = await call('POST', '/api/v1/requests', expense(), headers);
      if (s.status !== 201) throw new Error(`submit answered ${s.status}: ${JSON.stringify(s.body)}`);
      const r = await call('POST', `/api/v1/approvals/${s.body.approvalId}/actions`, { actorId: 'e_wangqiang', action: 'approve' }, headers);
      if (r.status !== 200) throw new Error(`approve answered ${r.status}: ${JSON.stringify(r.body)}`);
      return s.body.approvalId as string;
    },
    async drain() {
      for (let i = 0; i < 10; i++) if ((await dispatchOnce(database.db, handlers, { batch: 100, maxAttempts: 1, concurrency: 4, baseDelayMs: 0, metrics }, silentLogger)).claimed === 0) return;
    },
    close: () => database.close(),
  };
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text exposition format into samples (comments and HELP/TYPE lines skipped). */
export function parseExposition(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The value of the one sample named `name` whose labels include `labels` (undefined when there is none). */
export function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}
