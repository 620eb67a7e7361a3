// What an entry (server, workers' thread) starts for observability: tracing when an OTLP endpoint is configured (the
// SDK imported only then), and this instance's metrics when METRICS_TOKEN is set.
import type { Db } from '../../db/database.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Metrics } from './metrics.js';
import type { TracingHandle } from './tracing-sdk.js';

export interface Observability {
  tracing?: TracingHandle;
  metrics?: Metrics;
  /** Flushes spans and (in the workers' thread) publishes the last counts; call before the database closes. */
  stop(): Promise<void>;
}

/**
 * OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT set (and the SDK not disabled) → tracing; METRICS_TOKEN → metrics. `thread`:
 * for the workers' thread (no backlog, pool or process metrics of its own; its counts go to the request thread).
 */
export async function startObservability(config: Config, db: Db, log: Logger, o: { thread?: boolean; env?: Record<string, string | undefined> } = {}): Promise<Observability> {
  const env = o.env ?? process.env;
  const stops: (() => Promise<void>)[] = [];
  const out: Observability = { stop: async () => void (await Promise.all(stops.map((s) => s()))) };
  // The SDK's own check, without loading it: a cheap string test decides whether the packages are imported at all.
  if (!(env.OTEL_SDK_DISABLED ?? '').match(/^true$/i) && (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT)) {
    const sdk = await import('./tracing-sdk.js');
    if (sdk.tracingWanted(env)) {
      const tracing = sdk.startTracing({ warn: (msg) => log.warn(msg) });
      out.tracing = tracing;
      stops.push(() => tracing.shutdown());
      log.info('tracing on', { endpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT, service: env.OTEL_SERVICE_NAME ?? 'spendbot' });
    }
  }
  if (config.METRICS_TOKEN) {
    const { createMetrics, publishToRequestThread } = await import('./metrics.js');
    // The workers' thread counts its own (deliveries, jobs' decisions) and publishes them to the request thread, whose
    // /metrics adds them up; the backlog, the pool and the process are the request thread's to report.
    const metrics = o.thread ? createMetrics({ processMetrics: false }) : createMetrics({ db, threads: true });
    out.metrics = metrics;
    if (o.thread) stops.push(publishToRequestThread(metrics));
  }
  return out;
}
