import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
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
