// Builds the real app over a fresh database with the demo organisation, an API key and a controllable clock.
import { randomBytes } from 'node:crypto';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { randomIds } from '../../src/runtime.js';
import { createSecretBox } from '../../src/secrets.js';
import { seedDemo } from '../../src/seed/demo.js';
import { API_SCOPES, createApiKey, type ApiScope } from '../../db/repos/api-keys.js';
import { freshDatabase, type TestDatabase } from './db.js';
import type { RequestParser } from '../../src/chat/handle-message.js';
import type { PlatformMessenger } from '../../bots/chat/messenger.js';
import type { ReceiptStore } from '../../src/integrations/storage/receipt-store.js';
import type { OutboundDeps } from '../../src/integrations/net/outbound-post.js';

export interface TestClock {
  now(): Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function testClock(iso = '2026-11-18T02:00:00.000Z'): TestClock {
  let t = new Date(iso).getTime();
  return { now: () => new Date(t), set: (s) => (t = new Date(s).getTime()), advance: (ms) => (t += ms) };
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  database: TestDatabase;
  clock: TestClock;
  deps: Parameters<typeof createApp>[0];
  key: string;
  /** Creates another key with only `scopes`. */
  keyWith(scopes: ApiScope[]): Promise<string>;
  /** JSON request with the API key. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** `extra` adds dependencies: the chat parser (which mounts the chat channels), platform messengers, a logger to read. */
export async function testApp(env: Record<string, string> = {}, extra: { parser?: RequestParser; messengers?: ReadonlyMap<string, PlatformMessenger>; receipts?: ReceiptStore; outbound?: OutboundDeps; log?: Logger } = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const clock = testClock();
  const config = loadConfig({ DATA_DIR: 'memory://', ...env });
  const deps = { db: database.db, clock, ids: randomIds, config, box: createSecretBox([randomBytes(32)]), log: silentLogger, ...extra };
  await seedDemo(deps);
  const key = await createApiKey(database.db, 'demo', randomIds.next('key'), 'test', [...API_SCOPES]);
  const app = createApp(deps);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    app,
    database,
    clock,
    deps,
    key,
    keyWith: (scopes) => createApiKey(database.db, 'demo', randomIds.next('key'), 'limited', scopes),
    call,
    close: () => database.close(),
  };
}

/** A small expense request body for the demo organisation. */
export const expense = (over: Record<string, unknown> = {}) => ({
  type: 'expense',
  submitterId: 'e_zhangwei',
  title: '打车去机场 Taxi to airport',
  amount: { minor: 4500, currency: 'CNY' },
  category: 'transport',
  details: { date: '2026-11-17', hasInvoice: true },
  ...over,
});
