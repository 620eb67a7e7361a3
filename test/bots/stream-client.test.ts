// DingTalkStreamClient: the SDK client with a configurable gateway base URL and its own subscriptions.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DINGTALK_API_URL, DingTalkStreamClient } from '../../bots/dingtalk/stream-client.js';
import { DingTalkFake, ROBOT_MESSAGE_TOPIC } from '../fakes/dingtalk.js';

describe('DingTalkStreamClient', () => {
  let fake: DingTalkFake | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
    vi.restoreAllMocks();
  });

  it('defaults to the public Open API and trims a trailing slash', () => {
    expect(new DingTalkStreamClient({ clientId: 'a', clientSecret: 'b' }).apiBaseUrl).toBe(DINGTALK_API_URL);
    expect(new DingTalkStreamClient({ clientId: 'a', clientSecret: 'b', apiBaseUrl: 'http://127.0.0.1:1/' }).apiBaseUrl).toBe('http://127.0.0.1:1');
  });

  it('keeps subscriptions per client (the SDK shares one array between all DWClients)', () => {
    const a = new DingTalkStreamClient({ clientId: 'a', clientSecret: 'b' });
    const b = new DingTalkStreamClient({ clientId: 'c', clientSecret: 'd' });
    a.registerCallbackListener(ROBOT_MESSAGE_TOPIC, () => {});
    expect(a.config.subscriptions).toContainEqual({ type: 'CALLBACK', topic: ROBOT_MESSAGE_TOPIC });
    expect(b.config.subscriptions).toEqual([{ type: 'EVENT', topic: '*' }]);
  });

  it('gets its ticket from the configured base URL and dials the endpoint it returns', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    fake = new DingTalkFake();
    await fake.start();
    const client = new DingTalkStreamClient({ clientId: fake.clientId, clientSecret: fake.clientSecret, apiBaseUrl: fake.url, autoReconnect: false });
    try {
      await client.connect();
      expect(client.connected).toBe(true);
      const conn = await fake.gateway.waitForConnection();
      expect(conn.subscriptions).toEqual([{ type: 'EVENT', topic: '*' }]);
    } finally {
      client.disconnect();
    }
  });

  it('throws from getEndpoint when the gateway refuses the credentials', async () => {
    fake = new DingTalkFake();
    await fake.start();
    const client = new DingTalkStreamClient({ clientId: fake.clientId, clientSecret: 'wrong', apiBaseUrl: fake.url, autoReconnect: false });
    await expect(client.getEndpoint()).rejects.toThrow(/HTTP 401/);
  });
});
