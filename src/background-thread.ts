// The workers' thread: the outbox dispatcher, the audit sealer and the scheduler of an instance on PostgreSQL, run on
// a thread of their own (src/jobs/background-host.ts starts it) so the request thread answers clicks while another
// core sends what they set off. It opens its own pool (DATABASE_BACKGROUND_POOL_SIZE connections), its own platform
// clients and its own parser; it shares nothing with the request thread but the database and the messages below.
//   main → thread: 'kick' (new outbox rows: look now), 'stop' (finish the running pass, close, answer 'stopped')
//   thread → main: 'ready', 'stopped'
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open.js';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { randomIds, systemClock } from './runtime.js';
import { createSecretBox } from './secrets.js';
import { startBackground } from './services.js';
import { chatParser } from './chat/parser.js';
import { receiptStoreFromConfig } from './integrations/storage/s3-store.js';
import { chartPngOnDemand } from './integrations/chart/lazy.js';
import type { BackgroundThreadData } from './jobs/background-host.js';
import { startObservability } from './observability/start.js';

async function main(port: NonNullable<typeof parentPort>, data: BackgroundThreadData) {
  const config = loadConfig(data.env);
  const log = createLogger(config.LOG_LEVEL);
  if (!config.DATABASE_URL) throw new Error('the workers run on a thread of their own only on PostgreSQL (DATABASE_URL)');
  // The request thread migrated before starting us; one pool, the size the workers are given.
  const database = await openDatabase({ url: config.DATABASE_URL, poolSize: config.DATABASE_BACKGROUND_POOL_SIZE, backgroundPoolSize: 1, migrate: false });
  const box = createSecretBox(data.keys.map((k) => Buffer.from(k, 'base64')));
  const base = { db: database.db, clock: systemClock, ids: randomIds, config, box, log, ...(data.leaseOwner ? { leaseOwner: data.leaseOwner } : {}) };
  // Its own spans and counts (src/observability): deliveries join the traces stored with their rows; counts go to /metrics.
  const observability = await startObservability(config, database.db, log, { thread: true });
  const metrics = observability.metrics;
  const background = startBackground({ ...base, parser: chatParser(config, log), receipts: receiptStoreFromConfig(config), chartPng: chartPngOnDemand, ...(metrics ? { metrics } : {}) });
  port.on('message', (m: unknown) => {
    if (m === 'kick') background.kick();
    else if (m === 'stop')
      void (async () => {
        await background.stop();
        await observability.stop();
        await database.close();
        port.postMessage('stopped');
        port.close();
      })();
  });
  port.postMessage('ready');
}

// A failure to start rejects, which ends the thread with an 'error' event: the host logs it and starts a new thread.
if (parentPort) void main(parentPort, workerData as BackgroundThreadData);
