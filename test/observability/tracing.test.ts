import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../fakes/otlp-receiver.js';
import { startTracing, tracingWanted, type TracingHandle } from '../../src/observability/tracing-sdk.js';
import { tracingOn } from '../../src/observability/tracing.js';
import { obsApp, type ObsApp } from './obs-app.js';
import { waitFor } from '../helpers/wait-for.js';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.js';

let receiver: OtlpReceiver;
let tracing: TracingHandle;
let t: ObsApp;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tracing = startTracing({ url: `${receiver.url}/v1/traces` });
  t = await obsApp();
});
afterAll(async () => {
  await t?.close();
  await tracing?.shutdown();
  await receiver?.close();
});

/** The chain of parents of `span` within its trace, nearest first. */
function ancestors(span: ReceivedSpan, spans: readonly ReceivedSpan[]): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  let at = span;
  for (;;) {
    const parent = spans.find((s) => s.traceId === at.traceId && s.spanId === at.parentSpanId);
    if (!parent) return out;
    out.push(parent);
    at = parent;
  }
}

const spansOf = async (traceId: string, names: string[]) => {
  await tracing.forceFlush();
  await waitFor(() => names.every((n) => receiver.spans.some((s) => s.traceId === traceId && s.name === n)), { what: `spans ${names.join(', ')} of trace ${traceId}` });
  return receiver.spans.filter((s) => s.traceId === traceId);
};

describe('traces over OTLP/HTTP', () => {
  it('puts the outbox delivery of an approval in the trace of the click, under its request span', async () => {
    // The caller's trace context (a gateway or an OA system that traces): the request joins it.
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    await t.approveOne({ traceparent: `00-${callerTrace}-${callerSpan}-01` });
    await t.drain();
    const spans = await spansOf(callerTrace, ['POST /api/v1/approvals/:id/actions', 'usecase act-on-approval', 'outbox deliver event.publish']);
    const request = spans.find((s) => s.name === 'POST /api/v1/approvals/:id/actions')!;
    expect(request).toMatchObject({ kind: 2, parentSpanId: callerSpan, service: 'spendbot' });
    expect(request.attributes).toMatchObject({ 'http.route': '/api/v1/approvals/:id/actions', 'http.response.status_code': 200, 'http.request.method': 'POST' });
    const usecase = spans.find((s) => s.name === 'usecase act-on-approval')!;
    expect(usecase.parentSpanId).toBe(request.spanId);
    expect(usecase.attributes['spendbot.approval.action']).toBe('approve');

    // The approval's event was stored with the use case's context; its delivery (another "process" in a real
    // deployment: the dispatcher) starts a consumer span under it.
    const deliveries = spans.filter((s) => s.name === 'outbox deliver event.publish');
    expect(deliveries.length).toBeGreaterThanOrEqual(1);
    for (const d of deliveries) {
      expect(d.kind).toBe(5);
      expect(d.traceId).toBe(request.traceId);
    }
    // The approval's own event (the submission published one too, under the submit request of the same trace).
    const approved = deliveries.filter((d) => ancestors(d, spans).some((a) => a.spanId === usecase.spanId));
    expect(approved).toHaveLength(1);
    expect(ancestors(approved[0]!, spans).map((a) => a.spanId)).toEqual([usecase.spanId, request.spanId]);
    // The submission carried the same traceparent, so its request and use case spans are in this trace too.
    expect(spans.some((s) => s.name === 'usecase submit-request')).toBe(true);
  });

  it('starts a new trace for a request without traceparent, and its deliveries join that one', async () => {
    const approvalId = await t.approveOne();
    await t.drain();
    await tracing.forceFlush();
    await waitFor(() => receiver.spans.some((s) => s.name === 'POST /api/v1/approvals/:id/actions' && s.attributes['url.path'] === `/api/v1/approvals/${approvalId}/actions`), { what: 'the approval request span' });
    const request = receiver.spans.find((s) => s.attributes['url.path'] === `/api/v1/approvals/${approvalId}/actions`)!;
    expect(request.parentSpanId).toBe('');
    const spans = await spansOf(request.traceId, ['outbox deliver event.publish']);
    const delivery = spans.filter((s) => s.name === 'outbox deliver event.publish');
    expect(delivery).toHaveLength(1);
    expect(ancestors(delivery[0]!, spans).at(-1)!.spanId).toBe(request.spanId);
  });

  it('stores the trace context with the outbox row', async () => {
    const list = rowsOf<{ trace_parent: string | null }>(await t.database.db.execute(sql`SELECT trace_parent FROM outbox WHERE topic = 'event.publish'`));
    expect(list.length).toBeGreaterThan(0);
    for (const r of list) expect(r.trace_parent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});

describe('without an endpoint', () => {
  it('asks for no tracing, so the SDK is never loaded', () => {
    expect(tracingWanted({})).toBe(false);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracingOn()).toBe(true); // started in this file
  });
});
