import { describe, expect, it } from 'vitest';
import { consoleEnabled, loadConfig } from '../src/config.js';
import { createLogger, redact } from '../src/log.js';
import { createSecretBox, mask } from '../src/secrets.js';
import { randomBytes } from 'node:crypto';

describe('configuration', () => {
  it('has working defaults for the embedded mode', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 8787, DATA_DIR: './data', SEED_DEMO: true, BODY_LIMIT_BYTES: 1_048_576 });
  });

  it('stops with a message naming every bad setting', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ENCRYPTION_KEY: 'short' })).toThrow(
      /PORT[\s\S]*DATABASE_URL: must be a postgres:\/\/[\s\S]*ENCRYPTION_KEY: must be 32 bytes/,
    );
  });

  it('gives a shutdown 10 s by default and refuses a grace that is not a whole number of ms from 0 to 10 minutes', () => {
    expect(loadConfig({}).SHUTDOWN_GRACE_MS).toBe(10_000);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '0' }).SHUTDOWN_GRACE_MS).toBe(0);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '25000' }).SHUTDOWN_GRACE_MS).toBe(25_000);
    for (const bad of ['-1', '1.5', 'ten', '600001']) expect(() => loadConfig({ SHUTDOWN_GRACE_MS: bad }), bad).toThrow(/SHUTDOWN_GRACE_MS/);
  });
});

describe('chat channel settings', () => {
  it('switches each channel on only with its credentials, and the console only on the embedded database', () => {
    const none = loadConfig({});
    expect([none.FEISHU_APP_ID, none.SLACK_BOT_TOKEN, none.DINGTALK_CLIENT_ID, consoleEnabled(none)]).toEqual([undefined, undefined, undefined, true]);
    expect(consoleEnabled(loadConfig({ DATABASE_URL: 'postgres://x/y' }))).toBe(false);
    expect(consoleEnabled(loadConfig({ DATABASE_URL: 'postgres://x/y', WEB_CONSOLE: 'true' }))).toBe(true);
  });

  it('stops on partial or contradictory platform settings, naming what is missing', () => {
    expect(() => loadConfig({ FEISHU_APP_ID: 'cli_1' })).toThrow(/FEISHU_APP_SECRET: set both/);
    expect(() => loadConfig({ FEISHU_APP_ID: 'cli_1', FEISHU_APP_SECRET: 's' })).toThrow(/FEISHU_VERIFICATION_TOKEN: webhook mode needs/);
    expect(loadConfig({ FEISHU_APP_ID: 'cli_1', FEISHU_APP_SECRET: 's', FEISHU_MODE: 'ws' }).FEISHU_MODE).toBe('ws');
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb' })).toThrow(/SLACK_SIGNING_SECRET: HTTP mode needs/);
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: 's' })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => loadConfig({ DINGTALK_CLIENT_ID: 'd', DINGTALK_CLIENT_SECRET: 's' })).toThrow(/DINGTALK_CARD_TEMPLATE_ID/);
    expect(() => loadConfig({ DINGTALK_MODE: 'carrier-pigeon' })).toThrow(/DINGTALK_MODE/);
  });
});

describe('secrets and logs', () => {
  it('encrypts secrets with AES-256-GCM and refuses tampered cipher text', () => {
    const box = createSecretBox([randomBytes(32)]);
    const sealed = box.encrypt('whsec_abc');
    expect(sealed).not.toContain('whsec_abc');
    expect(box.decrypt(sealed)).toBe('whsec_abc');
    const parts = sealed.split(':');
    parts[4] = Buffer.from('tampered').toString('base64');
    expect(() => box.decrypt(parts.join(':'))).toThrow();
  });

  it('never logs secrets or full account numbers', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    log.info('paid', { apiKey: 'sk_live_123', account: '6222021234567890123', nested: { clientSecret: 'x' } });
    expect(lines[0]).not.toMatch(/sk_live_123|6222021234567890123|"x"/);
    expect(lines[0]).toContain('****0123');
    expect(redact('card 6222021234567890123')).toBe('card ****0123');
    expect(mask('6222021234567890123')).toBe('********0123');
  });
});

describe('defaults that follow the database', () => {
  it('listens on loopback and seeds the demo on the embedded database, unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ HOST: '127.0.0.1', SEED_DEMO: true, RETENTION_DAYS: 30 });
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    // A console password makes the console safe to reach from elsewhere, so the default opens up.
    expect(loadConfig({ CONSOLE_PASSWORD: 'correct horse' }).HOST).toBe('0.0.0.0');
  });

  it('does not seed the demo on PostgreSQL unless SEED_DEMO=true', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y' })).toMatchObject({ HOST: '0.0.0.0', SEED_DEMO: false });
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y', SEED_DEMO: 'true' }).SEED_DEMO).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'false' }).SEED_DEMO).toBe(false);
  });

  it('refuses a short operator key or console password', () => {
    expect(() => loadConfig({ OPERATOR_KEY: 'short' })).toThrow(/OPERATOR_KEY: use at least 24 characters/);
    expect(() => loadConfig({ CONSOLE_PASSWORD: 'pw' })).toThrow(/CONSOLE_PASSWORD: use at least 8 characters/);
  });
});
