// The container recipe, proved without a container engine. The Dockerfile's steps are npm scripts; this test reads
// the Dockerfile and performs them the way the image does:
// - the build context is a copy of the repository without the .dockerignore entries, built with the build stage's
//   `npm run build`;
// - the runtime stage's `COPY --from=build` lines are laid out in a second directory, over the packages
//   `npm ci --omit=dev` installs (the lockfile's non-dev packages), without tsx and esbuild: the compiled service and
//   migration must not need a TypeScript loader or a bundler at run time;
// - there, with no NODE_OPTIONS and the image's ENV, `npm run db:migrate:prod`, the CMD and the HEALTHCHECK run on an
//   empty PGlite DATA_DIR and (with TEST_DATABASE_URL) on a fresh PostgreSQL database, and /health answers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/free-port.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const MIGRATIONS = (JSON.parse(readFileSync(path.join(ROOT, 'db', 'migrations', 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

// ---- The Dockerfile, read as instructions grouped by stage.

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  name: string;
  from: string;
  steps: Instruction[];
}

/** Instructions with their continuation lines joined, comments and blank lines dropped. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (pending && line.startsWith('#')) continue;
    pending += (pending ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (line.endsWith('\\')) continue;
    const m = /^(\w+)\s+(.*)$/.exec(pending);
    if (m) out.push({ op: m[1]!.toUpperCase(), args: m[2]! });
    pending = '';
  }
  return out;
}

function stages(text: string): Stage[] {
  const out: Stage[] = [];
  for (const i of instructions(text)) {
    if (i.op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(i.args)!;
      out.push({ name: m[2] ?? String(out.length), from: m[1]!, steps: [] });
    } else out.at(-1)?.steps.push(i);
  }
  return out;
}

/** The argv of an exec-form (JSON array) CMD / HEALTHCHECK CMD. */
const execForm = (args: string): string[] => JSON.parse(args) as string[];

const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const all = stages(dockerfile);
const runtime = all.at(-1)!;
const buildStage = all.find((s) => s.name === 'build')!;
const env = (stage: Stage): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const s of stage.steps.filter((x) => x.op === 'ENV')) for (const m of s.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) out[m[1]!] = m[2]!.replace(/^"|"$/g, '');
  return out;
};

/** `npm ci` with these flags, `npm run <script>` of package.json, or making a directory: nothing else runs. */
function checkRun(command: string): string | undefined {
  const words = command.trim().split(/\s+/);
  if (words[0] === 'npm' && words[1] === 'ci') return words.slice(2).every((w) => ['--omit=dev', '--ignore-scripts'].includes(w)) ? undefined : `unexpected npm ci flags: ${command}`;
  if (words[0] === 'npm' && words[1] === 'run') return words[2] && pkg.scripts[words[2]] ? undefined : `no npm script "${words[2]}": ${command}`;
  if (words[0] === 'install' && words[1] === '-d') return undefined;
  return `not an npm script: ${command}`;
}

describe('Dockerfile', () => {
  it('runs only npm ci and the npm scripts of package.json', () => {
    const runs = all.flatMap((s) => s.steps.filter((x) => x.op === 'RUN').map((x) => x.args));
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.flatMap((r) => r.split('&&')).map(checkRun).filter(Boolean)).toEqual([]);
    expect(buildStage.steps.filter((x) => x.op === 'RUN').map((x) => x.args)).toContain('npm run build');
  });

  it('starts the service as `npm run start:prod` does, with plain node (no tsx, no rebuild)', () => {
    const cmd = runtime.steps.filter((x) => x.op === 'CMD');
    expect(cmd).toHaveLength(1);
    expect(execForm(cmd[0]!.args).join(' ')).toBe(pkg.scripts['start:prod']);
    for (const script of ['start:prod', 'db:migrate:prod', 'healthcheck']) expect(pkg.scripts[script]).toMatch(/^node (--enable-source-maps )?(dist|scripts)\/[\w.-]+\.m?js$/);
  });

  it('checks /health with the healthcheck script, stops on SIGTERM, runs as a non-root user in production mode', () => {
    const hc = runtime.steps.find((x) => x.op === 'HEALTHCHECK')!;
    const argv = execForm(hc.args.replace(/^.*?CMD\s+/, ''));
    expect(argv.join(' ')).toBe(pkg.scripts.healthcheck);
    expect(readFileSync(path.join(ROOT, argv[1]!), 'utf8')).toContain('/health');
    expect(runtime.steps.find((x) => x.op === 'STOPSIGNAL')?.args).toBe('SIGTERM');
    const users = runtime.steps.filter((x) => x.op === 'USER').map((x) => x.args);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0', 'root:root']).not.toContain(users.at(-1));
    // The CMD runs after the last USER.
    expect(runtime.steps.findIndex((x) => x.op === 'CMD')).toBeGreaterThan(runtime.steps.findLastIndex((x) => x.op === 'USER'));
    const vars = env(runtime);
    expect(vars.NODE_ENV).toBe('production');
    expect(runtime.steps.find((x) => x.op === 'EXPOSE')?.args).toBe(vars.PORT);
    expect(JSON.parse(runtime.steps.find((x) => x.op === 'VOLUME')!.args)).toContain(vars.DATA_DIR);
  });

  it('gives the runtime stage production packages only', () => {
    const copies = runtime.steps.filter((x) => x.op === 'COPY').map((x) => x.args);
    const modules = copies.filter((c) => /node_modules/.test(c));
    expect(modules).toHaveLength(1);
    const from = /--from=(\S+)/.exec(modules[0]!)![1]!;
    const deps = all.find((s) => s.name === from)!;
    expect(deps.steps.filter((x) => x.op === 'RUN').map((x) => x.args)).toEqual(['npm ci --omit=dev --ignore-scripts']);
  });
});

describe('compose.yaml', () => {
  const compose = readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8');
  it('runs npm scripts that exist, PostgreSQL with a healthcheck, and the service after the migration', () => {
    const scripts = [...compose.matchAll(/"npm", "run", "([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toContain('db:migrate:prod');
    for (const s of scripts) expect(pkg.scripts[s], s).toBeDefined();
    expect(compose).toMatch(/image: postgres:1[56]/);
    expect(compose).toContain('pg_isready');
    expect(compose).toContain('condition: service_healthy');
    expect(compose).toContain('condition: service_completed_successfully');
    expect(compose).toMatch(/ENCRYPTION_KEY: "\$\{ENCRYPTION_KEY:\?/);
  });

  it('quotes every value YAML would misread (": " or " #" inside a plain value)', () => {
    // No YAML parser among the project's packages: this catches the mistake made once, `KEY: ${VAR:?hint: more}`.
    const misread = compose
      .split('\n')
      .map((line, i) => ({ line, n: i + 1, value: /^\s*(?:- )?[\w.-]+:\s+(.*)$/.exec(line)?.[1] }))
      .filter(({ value }) => value !== undefined && !/^["'[{|>&*]/.test(value) && /: | #/.test(value));
    expect(misread.map(({ n, line }) => `${n}: ${line}`)).toEqual([]);
  });
});

// ---- The same steps, run.

/** .dockerignore entries as matchers of a path's first segment or its file name. */
function dockerignored(): (file: string) => boolean {
  const globs = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((g) => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`));
  return (file) => {
    const parts = file.split('/');
    return globs.some((g) => g.test(parts[0]!) || g.test(parts.at(-1)!));
  };
}

/** The build context: the repository's files (tracked and new, not git-ignored) less the .dockerignore entries. */
function buildContext(dir: string) {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  expect(listed.status).toBe(0);
  const ignored = dockerignored();
  for (const file of new Set(listed.stdout.split('\0').filter(Boolean))) {
    if (ignored(file) || !existsSync(path.join(ROOT, file))) continue;
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(dir, file));
  }
  // The build stage's `npm ci`: every package.
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/** Packages the runtime must do without: the TypeScript loader and the bundler (both production dependencies). */
const NOT_AT_RUN_TIME = ['tsx', 'esbuild'];

/** `npm ci --omit=dev`: the lockfile's top-level packages not marked dev, linked from the installed tree. */
function productionModules(dir: string) {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  mkdirSync(dir);
  let n = 0;
  for (const [key, meta] of Object.entries(lock.packages)) {
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key);
    if (!m || meta.dev || NOT_AT_RUN_TIME.includes(m[1]!)) continue;
    const installed = path.join(ROOT, 'node_modules', m[1]!);
    if (!existsSync(installed)) continue; // an optional package for another platform
    mkdirSync(path.dirname(path.join(dir, m[1]!)), { recursive: true });
    symlinkSync(installed, path.join(dir, m[1]!), 'dir');
    n += 1;
  }
  return n;
}

/** The runtime stage's `COPY --from=<stage> /app/<source> ./<dest>` lines, performed from the built context. */
function runtimeLayout(built: string, dir: string) {
  for (const copy of runtime.steps.filter((x) => x.op === 'COPY').map((x) => x.args)) {
    const m = /^--from=(\S+)\s+\/app\/(\S+)\s+\.\/(\S+)$/.exec(copy);
    expect(m, `COPY line in the form --from=stage /app/source ./dest: ${copy}`).not.toBeNull();
    const [, from, source, dest] = m!;
    if (source === 'node_modules') productionModules(path.join(dir, dest!));
    else {
      expect(from).toBe('build');
      cpSync(path.join(built, source!), path.join(dir, dest!), { recursive: true });
    }
  }
}

/**
 * The image's environment, without vitest's or npm's, a loader in NODE_OPTIONS or a database URL of this machine.
 * NODE_PRESERVE_SYMLINKS: the linked packages resolve their own imports from the production node_modules too, not
 * from the full tree they are linked from, so a package missing from `npm ci --omit=dev` fails here as in the image.
 */
function imageEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const keep = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|npm_|NODE_OPTIONS$|DATABASE_URL$|TEST_DATABASE_URL$|ENCRYPTION_KEY$|PORT$|HOST$|DATA_DIR$)/.test(k)));
  return { ...keep, ...env(runtime), NODE_OPTIONS: '', NODE_PRESERVE_SYMLINKS: '1', LOG_LEVEL: 'info', ...extra };
}

function run(cwd: string, command: string[], environment: NodeJS.ProcessEnv) {
  const r = spawnSync(command[0]!, command.slice(1), { cwd, env: environment, encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}` };
}

interface Service {
  child: ChildProcess;
  lines: { msg: string; [k: string]: unknown }[];
  output: string[];
}

const children = new Set<ChildProcess>();

/** The CMD, exactly as the image runs it, until its `ready` line. */
async function startCmd(cwd: string, environment: NodeJS.ProcessEnv): Promise<Service> {
  const argv = execForm(runtime.steps.find((x) => x.op === 'CMD')!.args);
  const child = spawn(argv[0] === 'node' ? process.execPath : argv[0]!, argv.slice(1), { cwd, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const s: Service = { child, lines: [], output: [] };
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "ready" line:\n${s.output.join('')}`)), 120_000);
    child.stderr!.on('data', (d: Buffer) => s.output.push(d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      s.output.push(d.toString());
      buffered += d.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const p of parts.filter((x) => x.startsWith('{'))) {
        const line = JSON.parse(p) as Service['lines'][number];
        s.lines.push(line);
        if (line.msg === 'ready') {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before "ready":\n${s.output.join('')}`));
    });
  });
  return s;
}

/** The container's stop: SIGTERM (the STOPSIGNAL), then the exit code. */
function stop(s: Service): Promise<number | null> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null) return resolve(s.child.exitCode);
    s.child.once('exit', (code) => {
      children.delete(s.child);
      resolve(code);
    });
    s.child.kill('SIGTERM');
  });
}

/** The HEALTHCHECK, exactly as the image runs it. */
function healthcheck(cwd: string, environment: NodeJS.ProcessEnv) {
  const argv = execForm(runtime.steps.find((x) => x.op === 'HEALTHCHECK')!.args.replace(/^.*?CMD\s+/, ''));
  return run(cwd, [argv[0] === 'node' ? process.execPath : argv[0]!, ...argv.slice(1)], environment);
}

/** The started CMD answers /health with the database ok, and the image's HEALTHCHECK (run from `cwd`) passes. */
async function expectServing(cwd: string, port: number, environment: NodeJS.ProcessEnv): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' });
  const hc = healthcheck(cwd, environment);
  expect(hc.status, hc.output).toBe(0);
}

describe('the image steps, without a container engine', { timeout: 300_000 }, () => {
  let work: string;
  let built: string;
  let app: string;

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'spendbot-container-'));
    built = path.join(work, 'build');
    app = path.join(work, 'app');
    mkdirSync(built);
    mkdirSync(app);
    buildContext(built);
    // The build stage's RUN steps after `npm ci`.
    for (const step of buildStage.steps.filter((x) => x.op === 'RUN' && x.args.startsWith('npm run '))) {
      const r = run(built, step.args.split(/\s+/), { ...imageEnv({}), NODE_ENV: '' });
      expect(r.status, r.output).toBe(0);
    }
    runtimeLayout(built, app);
  });

  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('lays out the compiled service over production packages, without tsx, esbuild or any dev dependency', () => {
    expect(existsSync(path.join(app, 'dist', 'server.js'))).toBe(true);
    expect(existsSync(path.join(app, 'dist', 'migrate.js'))).toBe(true);
    expect(existsSync(path.join(app, 'dist', 'pglite-template', 'PG_VERSION'))).toBe(true);
    const modules = readdirSync(path.join(app, 'node_modules'));
    for (const name of [...NOT_AT_RUN_TIME, 'vitest', 'typescript', 'drizzle-kit', 'eslint', 'wrangler']) expect(modules).not.toContain(name);
    // Nothing in dist/ names the TypeScript loader.
    for (const f of readdirSync(path.join(app, 'dist')).filter((x) => x.endsWith('.js'))) expect(readFileSync(path.join(app, 'dist', f), 'utf8'), f).not.toMatch(/from\s*["']tsx|import\(\s*["']tsx|require\(\s*["']tsx/);
  });

  it('on the embedded database: the CMD starts from the template, /health and the HEALTHCHECK answer, SIGTERM stops it, db:migrate:prod finds nothing to do', async () => {
    const dataDir = path.join(work, 'data');
    const port = await freePort();
    const environment = imageEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' });
    const s = await startCmd(app, environment);
    try {
      expect(s.lines.find((l) => l.msg === 'opening the database')).toMatchObject({ kind: 'pglite', created: 'from the build template' });
      await expectServing(app, port, environment);
    } finally {
      expect(await stop(s)).toBe(0);
    }
    // Stopped: the HEALTHCHECK fails.
    expect(healthcheck(app, environment).status).toBe(1);
    const migrate = run(app, ['npm', 'run', 'db:migrate:prod'], environment);
    expect(migrate.status, migrate.output).toBe(0);
    expect(migrate.stdout).toContain('migrated pglite database');
  });

  describe.skipIf(!process.env.TEST_DATABASE_URL)('on PostgreSQL', () => {
    const name = `t_container_${randomBytes(4).toString('hex')}`;
    const admin = () => new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    let url: string;

    beforeAll(async () => {
      const a = admin();
      await a.connect();
      await a.query(`CREATE DATABASE ${name}`);
      await a.end();
      const u = new URL(process.env.TEST_DATABASE_URL!);
      u.pathname = `/${name}`;
      url = u.toString();
    });

    afterAll(async () => {
      const a = admin();
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    });

    it('compose\'s steps: db:migrate:prod migrates an empty database, then the CMD serves /health with nothing left to migrate', async () => {
      const port = await freePort();
      const environment = imageEnv({ DATABASE_URL: url, ENCRYPTION_KEY: randomBytes(32).toString('base64'), DATA_DIR: path.join(work, 'data-pg'), PORT: String(port), HOST: '127.0.0.1' });
      const migrate = run(app, ['npm', 'run', 'db:migrate:prod'], environment);
      expect(migrate.status, migrate.output).toBe(0);
      expect(migrate.stdout).toContain('migrated postgres database');
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const { rows } = await c.query<{ n: string }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
      await c.end();
      expect(Number(rows[0]!.n)).toBe(MIGRATIONS);

      const s = await startCmd(app, environment);
      try {
        expect(s.lines.find((l) => l.msg === 'migrated the database')).toMatchObject({ applied: 0, total: MIGRATIONS });
        await expectServing(app, port, environment);
      } finally {
        expect(await stop(s)).toBe(0);
      }
    });
  });
});
