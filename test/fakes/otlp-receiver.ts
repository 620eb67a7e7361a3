// A loopback OTLP/HTTP trace receiver for tests and the benchmark: accepts POST /v1/traces in the JSON encoding
// (what @opentelemetry/exporter-trace-otlp-http sends) and records every span with its resource's service name.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
  service: string;
}

export interface OtlpReceiver {
  /** e.g. http://127.0.0.1:53211 (the exporter posts to <url>/v1/traces). */
  readonly url: string;
  readonly spans: readonly ReceivedSpan[];
  /** Export requests received (each a batch of spans). */
  readonly requests: number;
  /** Bodies received that were not OTLP JSON (answered 400). */
  readonly rejected: number;
  /** Spans received, kept or not. */
  readonly counted: number;
  close(): Promise<void>;
}

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
const valueOf = (v: AnyValue | undefined): unknown => v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : undefined) ?? v?.boolValue ?? v?.doubleValue;
const attrs = (list: { key: string; value: AnyValue }[] | undefined) => Object.fromEntries((list ?? []).map((a) => [a.key, valueOf(a.value)]));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the receiver on a free loopback port. `keep: false` counts spans without keeping them (the benchmark). */
export async function startOtlpReceiver(o: { keep?: boolean } = {}): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  let requests = 0;
  let rejected = 0;
  let counted = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !/json/.test(req.headers['content-type'] ?? '')) {
        rejected++;
        res.writeHead(req.url === '/v1/traces' ? 415 : 404).end();
        return;
      }
      requests++;
      try {
        const doc = JSON.parse(body) as { resourceSpans?: { resource?: { attributes?: { key: string; value: AnyValue }[] }; scopeSpans?: { spans?: any[] }[] }[] };
        for (const rs of doc.resourceSpans ?? []) {
          const service = String(attrs(rs.resource?.attributes)['service.name'] ?? '');
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? []) {
              counted++;
              if (o.keep === false) continue;
              spans.push({ traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? '', name: s.name, kind: s.kind, attributes: attrs(s.attributes), links: (s.links ?? []).map((l: any) => ({ traceId: l.traceId, spanId: l.spanId })), service });
            }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        rejected++;
        res.writeHead(400).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    get requests() {
      return requests;
    },
    get rejected() {
      return rejected;
    },
    get counted() {
      return counted;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
