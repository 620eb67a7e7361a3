// waitFor: resolves with the first truthy answer, treats a throwing check as "not yet", and names what it waited for.
import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for.js';

describe('waitFor', () => {
  it('resolves with the first truthy answer, without waiting when it is already true', async () => {
    let calls = 0;
    await expect(waitFor(() => ++calls, { what: 'a count' })).resolves.toBe(1);
    expect(calls).toBe(1);
  });

  it('polls until the state appears, and hands back the value that satisfied it', async () => {
    const state: string[] = [];
    let calls = 0;
    const found = waitFor(
      () => {
        if (++calls === 3) state.push('ready');
        return state.find((s) => s === 'ready');
      },
      { what: 'the ready entry', intervalMs: 1 },
    );
    await expect(found).resolves.toBe('ready');
    expect(calls).toBe(3);
  });

  it('keeps polling through a check that throws, e.g. an assertion', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls++;
        expect(calls).toBeGreaterThan(2);
        return calls;
      },
      { what: 'a third call', intervalMs: 1 },
    );
    expect(value).toBe(3);
  });

  it('rejects after the deadline naming what it waited for and the last answer', async () => {
    let calls = 0;
    const never = waitFor(() => ({ ready: false, calls: ++calls }).ready, { what: 'the flag that never flips', timeoutMs: 50, intervalMs: 5 });
    await expect(never).rejects.toThrow(/^timed out after 50 ms waiting for the flag that never flips \(\d+ checks; last check returned false\)$/);
    expect(calls).toBeGreaterThan(1);
  });

  it('reports the last error when the check kept throwing', async () => {
    const failing = waitFor(
      () => {
        throw new Error('socket not open');
      },
      { what: 'an open socket', timeoutMs: 20, intervalMs: 5 },
    );
    await expect(failing).rejects.toThrow('waiting for an open socket (');
    await expect(
      waitFor(
        () => {
          throw new Error('socket not open');
        },
        { what: 'an open socket', timeoutMs: 0 },
      ),
    ).rejects.toThrow(/1 checks; last check threw Error: socket not open\)$/);
  });
});
