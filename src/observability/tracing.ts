// Tracing hooks: spans for requests, use cases and outbox deliveries through @opentelemetry/api. Until the SDK is
// started (src/observability/tracing-sdk.ts, only when an OTLP endpoint is configured) there is no tracer and every
// hook calls straight through: no span objects, no context switches.
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';

let tracer: Tracer | undefined;

/** Set by the SDK when it starts (undefined again when it shuts down). */
export function setTracer(t: Tracer | undefined): void {
  tracer = t;
}

/** True when spans are being made (an OTLP endpoint is configured and the SDK started). */
export const tracingOn = (): boolean => tracer !== undefined;

/** The tracer, when tracing is on (the HTTP middleware makes its server span with it). */
export const activeTracer = (): Tracer | undefined => tracer;

/** Ends `span` with an error status and the exception recorded. */
export function failSpan(span: Span, e: unknown): void {
  span.recordException(e instanceof Error ? e : String(e));
  span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
}

/** Runs `fn` in a span named `name` (a child of the active span); without tracing it just runs `fn`. */
export function inSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>, parent?: Context): Promise<T> {
  const t = tracer;
  if (!t) return fn();
  const run = (span: Span) =>
    fn().then(
      (v) => {
        span.end();
        return v;
      },
      (e: unknown) => {
        failSpan(span, e);
        span.end();
        throw e;
      },
    );
  return parent ? t.startActiveSpan(name, { attributes }, parent, run) : t.startActiveSpan(name, { attributes }, run);
}

const TRACE_PARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The context a stored or received W3C `traceparent` names (a remote parent), or the root context when there is none
 * or it is malformed (an all-zero id is invalid by the specification).
 */
export function contextOfTraceParent(traceParent: string | undefined | null): Context {
  const m = traceParent ? TRACE_PARENT.exec(traceParent.trim().toLowerCase()) : null;
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: m[1]!, spanId: m[2]!, traceFlags: parseInt(m[3]!, 16) & TraceFlags.SAMPLED, isRemote: true });
}

/**
 * Runs an outbox delivery with one consumer span per message, each a child of the trace context stored with its
 * message, so every delivery joins the trace of the request that caused it. A batch handler delivers several messages
 * in one call: each still gets its own span (failed when `failedAt` names its error), and the handler runs with the
 * first one active, so what it enqueues continues that trace.
 */
export function inDeliverySpans<T>(
  topic: string,
  traceParents: readonly (string | undefined)[],
  attributes: Attributes,
  fn: () => Promise<T>,
  failedAt?: (result: T, index: number) => unknown,
): Promise<T> {
  const t = tracer;
  if (!t || traceParents.length === 0) return fn();
  const parents = traceParents.map(contextOfTraceParent);
  const options = { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'outbox', 'messaging.destination.name': topic, ...attributes } };
  const spans = parents.map((p) => t.startSpan(`outbox deliver ${topic}`, options, p));
  const end = (error: unknown, result?: T) =>
    spans.forEach((span, i) => {
      const e = error ?? (result !== undefined && failedAt ? failedAt(result, i) : undefined);
      if (e !== undefined) failSpan(span, e);
      span.end();
    });
  return context.with(trace.setSpan(parents[0]!, spans[0]!), fn).then(
    (r) => {
      end(undefined, r);
      return r;
    },
    (e: unknown) => {
      end(e);
      throw e;
    },
  );
}

/** Runs `fn` with no active span (a loop started inside a request must not make its passes children of it). */
export const outsideAnySpan = <T>(fn: () => T): T => (tracer ? context.with(ROOT_CONTEXT, fn) : fn());
