// The app wired to the loopback travel supplier: the app listens on a loopback port (the supplier calls back over real
// HTTP) and both sides sign with the test clock.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { startFakeSupplier, type FakeSupplier } from '../fakes/travel-supplier.js';
import { testApp, type TestApp } from './app.js';
import { ruleParser } from './parser.js';

export interface TravelWorld {
  t: TestApp;
  supplier: FakeSupplier;
  close(): Promise<void>;
}

export async function travelWorld(env: Record<string, string> = {}): Promise<TravelWorld> {
  const holder: { t?: TestApp } = {};
  const supplier = await startFakeSupplier({ appKey: 'spendbot', appSecret: 'app-secret', callbackSecret: 'callback-secret', now: () => (holder.t ? holder.t.clock.now().getTime() : Date.now()) });
  const t = await testApp({ TRAVEL_SUPPLIER_URL: supplier.url, TRAVEL_SUPPLIER_KEY: 'spendbot', TRAVEL_SUPPLIER_SECRET: 'app-secret', TRAVEL_SUPPLIER_CALLBACK_SECRET: 'callback-secret', ...env }, { parser: ruleParser });
  holder.t = t;
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  supplier.setCallbackUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/supplier/callbacks`);
  return {
    t,
    supplier,
    async close() {
      await new Promise((r) => server.close(r));
      await supplier.close();
      await t.close();
    },
  };
}
