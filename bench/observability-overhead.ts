// The CPU the metrics hooks add to one request, measured in-process without a database or a network: the same Hono
// route (the approval action's pattern) served through app.fetch with and without the observing middleware and the
// approval counter, alternating, in microseconds per request. `npx tsx bench/observability-overhead.ts [requests]`
import { Hono } from 'hono';
import { createMetrics } from '../src/observability/metrics.js';
import { observeRequests } from '../src/observability/http.js';
import { countApproval } from '../src/observability/scope.js';

const n = Number(process.argv[2] ?? 100_000);
const metrics = createMetrics();
function appWith(on: boolean): Hono {
  const app = new Hono();
  const observe = on ? observeRequests(metrics) : undefined;
  if (observe) app.use('*', observe);
  app.use('/api/v1/*', (_c, next) => next());
  app.post('/api/v1/approvals/:id/actions', (c) => {
    countApproval(on ? metrics : undefined, 'approve', 'approved');
    return c.json({ approvalId: c.req.param('id'), status: 'approved' });
  });
  return app;
}
const apps = { off: appWith(false), on: appWith(true) };
const req = (i: number) => new Request(`http://x/api/v1/approvals/ap_${i}/actions`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
async function round(app: Hono): Promise<number> {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await (await app.fetch(req(i))).text();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / n;
}
const results: Record<'off' | 'on', number[]> = { off: [], on: [] };
for (let r = 0; r < 6; r++) for (const k of ['off', 'on'] as const) results[k].push(await round(apps[k]));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const off = median(results.off.slice(1));
const on = median(results.on.slice(1));
process.stdout.write(`${n} requests per round, 6 rounds (first dropped), CPU µs per request: off ${off.toFixed(2)}, on ${on.toFixed(2)}, added ${(on - off).toFixed(2)} µs\n`);
