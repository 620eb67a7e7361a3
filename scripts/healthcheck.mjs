/* global fetch, AbortSignal */
// `npm run healthcheck` (and the container's HEALTHCHECK, which runs this file with plain node): exits 0 when the
// service on this machine answers GET /health with 2xx within the timeout, 1 otherwise. Needs no curl or wget, so it
// works in the slim runtime image. HEALTHCHECK_URL overrides the address (default: PORT on loopback, or HOST when the
// service listens on one interface only).
import process from 'node:process';

const TIMEOUT_MS = Number(process.env.HEALTHCHECK_TIMEOUT_MS ?? 4000);

function healthUrl(env = process.env) {
  if (env.HEALTHCHECK_URL) return env.HEALTHCHECK_URL;
  const port = env.PORT || '8787';
  const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/health`;
}

const url = healthUrl();
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  const body = await res.text();
  if (!res.ok) {
    process.stderr.write(`healthcheck: ${url} answered ${res.status}: ${body.slice(0, 200)}\n`);
    process.exit(1);
  }
  process.stdout.write(`healthcheck: ${url} ${res.status} ${body.slice(0, 200)}\n`);
} catch (e) {
  process.stderr.write(`healthcheck: ${url} unreachable: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
