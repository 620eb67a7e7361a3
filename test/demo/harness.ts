// The demo's service: createApp over a fresh in-memory PGlite seeded with the demo organisation, with a fixed clock,
// sequential ids and a fixed secret key (so two runs write the same transcript), and an outbox drain that fails loudly.
import { createHash } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import { openDatabase } from '../../db/open.js';
import type { Database } from '../../db/database.js';
import { linkIdentities } from '../../db/repos/org.js';
import { outbox } from '../../db/schema/index.js';
import type { IdGenerator } from '../../domain/shared/index.js';
import { createApp, type AppDeps } from '../../src/app.js';
import { cookiesOf, csrfOf, LOOPBACK } from '../helpers/console.js';
import type { ConfiguredSms } from '../../src/integrations/sms/from-config.js';
import { loadConfig } from '../../src/config.js';
import { dispatchOnce } from '../../src/jobs/dispatcher.js';
import type { Logger } from '../../src/log.js';
import { createSecretBox } from '../../src/secrets.js';
import { seedDemo } from '../../src/seed/demo.js';
import { outboxHandlers } from '../../src/services.js';
import { testClock, type TestClock } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';

/** 10:00 on Wednesday 18 November 2026 in Shanghai: "下周二" is the 24th, "next Monday" the 23rd. */
export const DEMO_START = '2026-11-18T02:00:00.000Z';
export const ORG = 'demo';

/** Raised when a step of the story did not happen; the message says which platform and which step. */
export class DemoFailure extends Error {
  constructor(platform: string, message: string) {
    super(`[${platform}] ${message}`);
    this.name = 'DemoFailure';
  }
}

/** Throws a DemoFailure unless `ok`. */
export function check(platform: string, ok: unknown, message: string): asserts ok {
  if (!ok) throw new DemoFailure(platform, message);
}

/** `<prefix>_000001`, `<prefix>_000002`…: unique and ordered within one database, and the same on every run. */
function sequentialIds(): IdGenerator {
  let n = 0;
  return { next: (prefix) => `${prefix}_${String(++n).padStart(6, '0')}` };
}

/** Keeps warnings and errors (a failed card callback is only logged) so a failure can say what went wrong. */
function collectingLogger(into: string[]): Logger {
  const keep = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    const error = fields?.error instanceof Error ? fields.error.message : fields ? JSON.stringify(fields) : '';
    into.push(`${level}: ${msg}${error ? ` (${error})` : ''}`);
  };
  return { debug() {}, info() {}, warn: keep('warn'), error: keep('error') };
}

export interface DemoService {
  app: ReturnType<typeof createApp>;
  deps: AppDeps & { parser: typeof ruleParser };
  database: Database;
  clock: TestClock;
  /** Warnings and errors the service logged. */
  problems: string[];
  /** Runs the outbox (platform sends, approval fan-out) until nothing is due; throws if a delivery failed. */
  drain(): Promise<void>;
  link(platform: 'feishu' | 'dingtalk' | 'slack', kind: string, ids: Record<string, string>): Promise<void>;
  /** `e` with what the service logged appended (a failed callback is only logged, the story just sees no answer). */
  explain(e: unknown): Error;
  close(): Promise<void>;
}

/**
 * Always the embedded database (PGlite in memory), whatever TEST_DATABASE_URL says: the demo must run anywhere.
 * `env` switches platforms on exactly as the service's environment would.
 */
export async function startService(platform: string, env: Record<string, string>, extra: Partial<Pick<AppDeps, 'receipts'>> & { sms?: ConfiguredSms } = {}): Promise<DemoService> {
  const database = await openDatabase({ dataDir: 'memory://' });
  const clock = testClock(DEMO_START);
  const problems: string[] = [];
  const config = loadConfig({ DATA_DIR: 'memory://', ...env });
  // A fixed key: signed button values in the transcript are the same on every run. Nothing outlives the process.
  const box = createSecretBox([createHash('sha256').update('spendbot demo transcript key').digest()]);
  const deps = { db: database.db, clock, ids: sequentialIds(), config, box, log: collectingLogger(problems), parser: ruleParser, ...extra };
  let app: ReturnType<typeof createApp>;
  try {
    await seedDemo(deps);
    app = createApp(deps);
  } catch (e) {
    await database.close();
    throw e;
  }
  const handlers = outboxHandlers(deps);

  const drain = async () => {
    for (let pass = 0; pass < 20; pass++) {
      // One delivery at a time, so the fakes record messages in the order the service produced them.
      const report = await dispatchOnce(database.db, handlers, { batch: 100, maxAttempts: 1, concurrency: 1, baseDelayMs: 0 }, deps.log);
      if (report.failed > 0 || report.dead > 0) {
        const bad = await database.db.select({ topic: outbox.topic, error: outbox.lastError }).from(outbox).where(and(eq(outbox.orgId, ORG), ne(outbox.status, 'delivered')));
        throw new DemoFailure(platform, `an outbox delivery failed: ${bad.map((b) => `${b.topic}: ${b.error ?? '?'}`).join('; ') || 'see the service log'}`);
      }
      if (report.claimed === 0) return;
    }
    throw new DemoFailure(platform, 'the outbox did not run dry after 20 passes');
  };

  return {
    app,
    deps,
    database,
    clock,
    problems,
    drain,
    link: async (p, kind, ids) => void (await linkIdentities(database.db, ORG, Object.entries(ids).map(([employeeId, externalId]) => ({ orgId: ORG, platform: p, kind: kind as never, externalId, employeeId })))),
    explain(e) {
      const error = e instanceof Error ? e : new Error(String(e));
      if (problems.length > 0) error.message += `\n  the service logged:\n${problems.map((p) => `    ${p}`).join('\n')}`;
      return error;
    },
    close: () => database.close(),
  };
}

/**
 * A browser session on the service's console as one employee (the console picks who you are by a cookie): say a
 * sentence, or click the newest button for an action; every form carries the session's CSRF token, read from the
 * page as a browser would.
 */
export async function demoConsole(s: Pick<DemoService, 'app'>, platform: string, employeeId: string) {
  const pick = await s.app.request(`/console?as=${employeeId}`, {}, LOOPBACK);
  const cookie = cookiesOf(pick);
  const page = async () => (await s.app.request('/console', { headers: { cookie } }, LOOPBACK)).text();
  const post = async (p: string, form: Record<string, string>) => s.app.request(p, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...form, _csrf: csrfOf(await page()) }).toString() }, LOOPBACK);
  const token = (html: string, action: string) => {
    const forms = [...html.matchAll(/<form[^>]*action="\/console\/action"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]!).reverse();
    const form = forms.find((f) => f.includes(`name="action" value="${action}"`));
    return form ? /name="value" value="([^"]+)"/.exec(form)![1]! : undefined;
  };
  return {
    say: (text: string) => post('/console/messages', { text }),
    click: async (action: string) => {
      const v = token(await page(), action);
      check(platform, v, `${employeeId}'s console has no ${action} button`);
      return post('/console/action', { action, value: v });
    },
  };
}
