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
 * Runs one outbox delivery in a consumer span whose parent is the trace context stored with the message, so the
 * delivery joins the trace of the request that caused it. Several messages (a batch handler) get one span linked to
 * each stored context, the first as its parent.
 */
export function inDeliverySpan<T>(topic: string, traceParents: readonly (string | undefined)[], attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  const t = tracer;
  if (!t) return fn();
  const contexts = traceParents.map(contextOfTraceParent);
  const parent = contexts.find((c) => c !== ROOT_CONTEXT) ?? ROOT_CONTEXT;
  const links = contexts.slice(1).flatMap((c) => {
    const sc = c === ROOT_CONTEXT ? undefined : trace.getSpanContext(c);
    return sc ? [{ context: sc }] : [];
  });
  return t.startActiveSpan(`outbox deliver ${topic}`, { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'outbox', 'messaging.destination.name': topic, ...attributes }, links }, parent, (span) =>
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
    ),
  );
}

/** Runs `fn` with no active span (a loop started inside a request must not make its passes children of it). */
export const outsideAnySpan = <T>(fn: () => T): T => (tracer ? context.with(ROOT_CONTEXT, fn) : fn());
