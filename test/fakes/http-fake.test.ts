// The shared fake plumbing: slow answers end at stop(), unknown paths are recorded, failures are one-shot.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';
import { SlackWebApiFake } from './slack-web-api.js';

/** Far longer than the test may take: only stop() can end such a delay in time. */
const LONG_DELAY_MS = 10 * 60_000;

describe('HttpFake (through the Slack fake)', () => {
  it('answers after the configured delay, and stop() cuts a pending slow answer short', async () => {
    const fake = new SlackWebApiFake();
    await fake.start();
    fake.setDelay(LONG_DELAY_MS);
    const pending = fetch(`${fake.apiUrl}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${fake.token}` } }).then(
      () => 'answered',
      () => 'failed',
    );
    await waitFor(() => fake.calls.length === 1, { what: 'the fake to record the slow request' });
    expect(fake.calls[0]!.status).toBeUndefined();
    await fake.stop();
    // Without the cut the answer would come ten minutes later, long after the test timeout.
    expect(await pending).toBe('failed');
    expect(fake.calls[0]!.status).toBeUndefined();
  });

  it('records unknown paths with a 404 and can be restarted on a new port', async () => {
    const fake = new SlackWebApiFake();
    const { url } = await fake.start();
    const res = await fetch(`${url}/api/nope.nothing`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(fake.calls[0]).toMatchObject({ route: 'unknown', path: '/api/nope.nothing', status: 404 });
    await fake.stop();
    await fake.stop();
    const again = await fake.start();
    expect(again.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await fake.stop();
  });

  it('injects a failure the given number of times, then handles requests again', async () => {
    const fake = new SlackWebApiFake();
    await fake.start();
    try {
      fake.failNext('auth.test', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } }, 2);
      const hit = () => fetch(`${fake.apiUrl}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${fake.token}` } }).then((r) => r.status);
      expect([await hit(), await hit(), await hit()]).toEqual([429, 429, 200]);
    } finally {
      await fake.stop();
    }
  });
});
