import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('Cloudflare Workers entry', () => {
  it('bundles with wrangler (dry run) without the embedded database', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'wrangler-'));
    try {
      // Telemetry off: tests never talk to the internet.
      await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out], {
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
        timeout: 120_000,
      });
      const bundle = readFileSync(path.join(out, 'worker.js'), 'utf8');
      expect(bundle).toContain('/api/v1/approvals/{id}/actions');
      expect(bundle).not.toMatch(/@electric-sql\/pglite/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
