// Slack OAuth settings come as a set: client id, client secret and state secret together, or none.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const OAUTH = { SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret-state-secret-state-secret', SLACK_SIGNING_SECRET: 'signing' };

describe('Slack OAuth settings', () => {
  it('accept all three with a signing secret, and need no SLACK_BOT_TOKEN', () => {
    const c = loadConfig(OAUTH);
    expect([c.SLACK_CLIENT_ID, c.SLACK_BOT_TOKEN]).toEqual(['1111.2222', undefined]);
  });

  it('stop when only some are set, naming the set', () => {
    expect(() => loadConfig({ SLACK_CLIENT_ID: '1111.2222', SLACK_SIGNING_SECRET: 'signing' })).toThrow(/SLACK_CLIENT_ID: set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together/);
    expect(() => loadConfig({ ...OAUTH, SLACK_STATE_SECRET: 'short' })).toThrow(/SLACK_STATE_SECRET: must be at least 32 characters/);
  });

  it('stop without a way to verify events', () => {
    const { SLACK_SIGNING_SECRET: _s, ...noSigning } = OAUTH;
    expect(() => loadConfig(noSigning)).toThrow(/SLACK_SIGNING_SECRET: Slack OAuth installs need/);
  });
});
