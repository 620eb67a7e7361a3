// Starts OpenTelemetry tracing when an OTLP endpoint is configured: a Node tracer provider (async-hooks context, W3C
// trace-context propagation), the OTLP/HTTP exporter (JSON encoding) behind a batch processor. The SDK reads the
// standard variables itself: OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT, OTEL_TRACES_SAMPLER(_ARG),
// OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_BSP_*. Imported only then (server.ts), so without it nothing loads.
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { setTracer } from './tracing.js';

export interface TracingHandle {
  /** Exports the spans ended so far (tests, shutdown). */
  forceFlush(): Promise<void>;
  /** Flushes and stops; tracing is off afterwards. */
  shutdown(): Promise<void>;
}

/** Whether the environment asks for traces: an OTLP endpoint for traces or for every signal, and the SDK not disabled. */
export function tracingWanted(env: Record<string, string | undefined>): boolean {
  if ((env.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return false;
  if ((env.OTEL_TRACES_EXPORTER ?? 'otlp').toLowerCase() === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/**
 * Starts the SDK and registers it globally. `url` overrides the endpoint (tests); otherwise the exporter reads it from
 * the environment. The service is named `spendbot` unless OTEL_SERVICE_NAME (or OTEL_RESOURCE_ATTRIBUTES) says otherwise.
 */
export function startTracing(o: { url?: string; serviceVersion?: string; warn?: (msg: string) => void } = {}): TracingHandle {
  const protocol = process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? process.env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (protocol && protocol !== 'http/json') o.warn?.(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol}: this service exports traces as http/json only`);
  const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'spendbot', ...(o.serviceVersion ? { [ATTR_SERVICE_VERSION]: o.serviceVersion } : {}) }).merge(detectResources({ detectors: [envDetector] }));
  const exporter = new OTLPTraceExporter(o.url ? { url: o.url } : {});
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  provider.register();
  setTracer(provider.getTracer('spendbot'));
  return {
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      setTracer(undefined);
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
