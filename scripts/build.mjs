// `npm run build`: bundles the Node entry (src/server.ts) into dist/server.js with esbuild, beside a copy of the
// migrations and a migrated PGlite template, so `npm start` runs plain JavaScript instead of transpiling ~400
// TypeScript files on every start, and a first start copies a database instead of running initdb.
// Exported for scripts/start.mjs, which rebuilds each part only when its sources are newer.
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
export const ENTRY = path.join(DIST, 'server.js');
const TEMPLATE = path.join(DIST, 'pglite-template');
/** Written after the template is complete: its mtime is the template's age (PostgreSQL's own files keep theirs). */
const TEMPLATE_DONE = path.join(DIST, 'pglite-template.done');
const MIGRATIONS = path.join(ROOT, 'db', 'migrations');
/** The ISO 20022 XSDs: src/integrations/bank/iso20022/xsd-validate.ts reads `./xsd/` beside its chunk. */
const ISO_XSD = path.join(ROOT, 'src', 'integrations', 'bank', 'iso20022', 'xsd');

/** Everything the bundle is made from. */
const CODE = ['domain', 'db', 'cards', 'bots', 'src', 'assets', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];
/** Everything the template is made from: the schema, and PGlite itself (its on-disk format follows its version). */
const DATA = ['db/migrations', 'package-lock.json', 'scripts/build.mjs'];

/** The newest modification time under `p` (a file or a directory tree), 0 when it does not exist. */
function newest(p) {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs; // a deleted file only shows as its directory's mtime
  for (const e of readdirSync(p)) max = Math.max(max, newest(path.join(p, e)));
  return max;
}

const staleAgainst = (output, sources) => {
  const built = newest(output);
  return built === 0 || sources.some((s) => newest(path.join(ROOT, s)) > built);
};

/** Which parts of dist/ are missing or older than their sources. */
export function staleParts() {
  return { bundle: staleAgainst(ENTRY, CODE), template: staleAgainst(TEMPLATE_DONE, DATA) };
}

/** Packages left as imports from node_modules (see buildBundle). */
// The chart renderer (ECharts, resvg's native binary) loads on first use from node_modules (src/integrations/chart/lazy.ts).
// qrcode is CommonJS that requires node:fs at load (its PNG renderer): bundled into ESM it fails, so it stays external.
// prom-client is CommonJS requiring node builtins likewise; OpenTelemetry stays one copy (its API keeps globals), loaded
// from node_modules, the SDK only when tracing is configured (src/observability/start.ts).
const EXTERNAL = ['prom-client', '@opentelemetry/*', '@electric-sql/pglite', 'swagger-ui-dist', 'pg', '@larksuiteoapi/node-sdk', '@slack/bolt', '@slack/oauth', '@slack/socket-mode', 'dingtalk-stream', 'openai', 'esbuild', '@resvg/resvg-js', 'echarts', 'qrcode'];

/** Bundles src/server.ts into dist/ (npm packages stay external imports) and copies db/migrations to dist/migrations. */
export async function buildBundle() {
  // esbuild is imported here, not at the top, so a start with a fresh bundle never loads it.
  const esbuild = await import('esbuild');
  mkdirSync(DIST, { recursive: true });
  for (const f of readdirSync(DIST)) if (f.endsWith('.js') || f.endsWith('.js.map') || f === 'migrations') rmSync(path.join(DIST, f), { recursive: true, force: true });
  // Bundled, db/open.ts looks for `./migrations` and `./pglite-template` beside its chunk: every chunk sits in dist/.
  cpSync(MIGRATIONS, path.join(DIST, 'migrations'), { recursive: true });
  cpSync(ISO_XSD, path.join(DIST, 'xsd'), { recursive: true });
  // The chart's CJK font: src/integrations/chart/render.ts looks for `./fonts/` beside its chunk.
  cpSync(path.join(ROOT, 'assets', 'fonts'), path.join(DIST, 'fonts'), { recursive: true });
  await esbuild.build({
    // The workers' thread (src/jobs/background-host.ts) loads dist/background-thread.js; all entries share the chunks.
    // dist/migrate.js is `npm run db:migrate` compiled (`npm run db:migrate:prod`): the container's migration step,
    // run with plain node.
    entryPoints: {
      server: path.join(ROOT, 'src', 'server.ts'),
      'background-thread': path.join(ROOT, 'src', 'background-thread.ts'),
      migrate: path.join(ROOT, 'src', 'cli', 'migrate.ts'),
    },
    outdir: DIST,
    // The service's dynamic imports become chunks loaded while the database opens (see src/server.ts).
    splitting: true,
    chunkNames: '[name]-[hash]',
    bundle: true,
    // Pure-JS packages are bundled: one file to load instead of hundreds of small ES modules to resolve one by one.
    // Kept external: packages that find files beside their own code (PGlite's wasm and data, Swagger UI's assets),
    // the database driver, and the platform SDKs, which are required only when configured.
    external: EXTERNAL,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
}

/** Initialises a PGlite directory and applies every migration; written beside and renamed, so never half-made. */
export async function buildTemplate() {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  mkdirSync(DIST, { recursive: true });
  const partial = `${TEMPLATE}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const client = new PGlite(partial);
  await client.waitReady;
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
  await client.close();
  rmSync(TEMPLATE, { recursive: true, force: true });
  renameSync(partial, TEMPLATE);
  writeFileSync(TEMPLATE_DONE, `${new Date().toISOString()}\n`);
}

/** Rebuilds what is stale (or everything with `force`), saying so on `say`. */
export async function build({ force = false, say = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const stale = force ? { bundle: true, template: true } : staleParts();
  if (stale.bundle) {
    const t0 = Date.now();
    await buildBundle();
    say(`built ${path.relative(ROOT, ENTRY)} in ${Date.now() - t0} ms`);
  }
  if (stale.template) {
    const t0 = Date.now();
    say('building the embedded database template (initdb and migrations, once per schema change)…');
    await buildTemplate();
    say(`built ${path.relative(ROOT, TEMPLATE)} in ${Date.now() - t0} ms`);
  }
  return stale;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build({ force: process.argv.includes('--force') });
}
