// What the Worker refuses at start: every setting that needs Node is named, with what to set instead.
import { describe, expect, it } from 'vitest';
import { workerRefusal } from '../../src/worker-settings.js';

const ok = { HYPERDRIVE: { connectionString: 'postgres://u:p@h:5432/db' }, ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=' };

describe('settings the Worker refuses', () => {
  it('accepts webhook-mode settings on Hyperdrive', () => {
    expect(workerRefusal({ ...ok, FEISHU_APP_ID: 'cli', FEISHU_MODE: 'webhook', DINGTALK_CLIENT_ID: 'd', DINGTALK_MODE: 'http', SLACK_BOT_TOKEN: 'xoxb', BANK_CONNECTOR: 'none', WORKERS_THREAD: 'false' })).toBeUndefined();
  });

  it.each([
    [{ DATA_DIR: './data' }, 'DATA_DIR'],
    [{ DATABASE_URL: 'postgres://x@y/z' }, 'DATABASE_URL'],
    [{ FEISHU_MODE: 'ws' }, 'FEISHU_MODE=ws'],
    [{ DINGTALK_CLIENT_ID: 'd' }, 'DINGTALK_MODE=http'],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_APP_TOKEN'],
    [{ SLACK_CLIENT_ID: '1.2' }, 'SLACK_CLIENT_ID'],
    [{ BANK_CONNECTOR: 'files' }, 'BANK_CONNECTOR=files'],
    [{ BANK_DIR: '/srv/bank' }, 'BANK_DIR'],
    [{ BANK_CONNECTOR: 'http' }, 'BANK_CONNECTOR=http'],
    [{ RECEIPTS_DIR: '/srv/receipts' }, 'RECEIPTS_DIR'],
    [{ WORKERS_THREAD: 'true' }, 'WORKERS_THREAD'],
    [{ ENCRYPTION_KEY: '' }, 'wrangler secret put ENCRYPTION_KEY'],
    [{ HYPERDRIVE: undefined }, 'HYPERDRIVE binding'],
  ])('refuses %o, naming %s', (extra, named) => {
    const r = workerRefusal({ ...ok, ...extra });
    expect(r?.code).toBe('CONFIG.UNSUPPORTED_ON_WORKERS');
    expect(r?.message).toContain(named);
  });

  it('names every problem at once', () => {
    const r = workerRefusal({ ...ok, FEISHU_MODE: 'ws', RECEIPTS_DIR: '/r' });
    expect(r?.message).toContain('FEISHU_MODE=ws');
    expect(r?.message).toContain('RECEIPTS_DIR');
  });
});
