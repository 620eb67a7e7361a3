import { describe, expect, it } from 'vitest';
import { platformAddresses } from '../../../bots/chat/address.js';

describe('platformAddresses', () => {
  const on = new Set(['feishu', 'dingtalk', 'slack']);

  it('addresses a person on each switched-on platform in the form its messenger sends to', () => {
    expect(platformAddresses([
      { platform: 'dingtalk', kind: 'user_id', externalId: 'staff_1' },
      { platform: 'slack', kind: 'slack_user', externalId: 'U1', tenant: 'T9' },
      { platform: 'feishu', kind: 'open_id', externalId: 'ou_1', tenant: 'tk' },
    ], on)).toEqual([
      { platform: 'feishu', address: 'open_id:ou_1' },
      { platform: 'dingtalk', address: 'user:staff_1' },
      { platform: 'slack', address: 'T9/U1' },
    ]);
  });

  it("prefers Feishu's app-scoped open_id over user_id and union_id, whatever the stored order", () => {
    const ids = [
      { platform: 'feishu', kind: 'union_id', externalId: 'on_1' },
      { platform: 'feishu', kind: 'user_id', externalId: 'u_1' },
      { platform: 'feishu', kind: 'open_id', externalId: 'ou_1' },
    ];
    expect(platformAddresses(ids, on)).toEqual([{ platform: 'feishu', address: 'open_id:ou_1' }]);
    expect(platformAddresses(ids.slice(0, 2), on)).toEqual([{ platform: 'feishu', address: 'user_id:u_1' }]);
  });

  it('leaves out platforms that are off, and platforms it has no rule for', () => {
    expect(platformAddresses([
      { platform: 'slack', kind: 'slack_user', externalId: 'U1', tenant: null },
      { platform: 'wecom', kind: 'user_id', externalId: 'w1' },
    ], new Set(['feishu', 'wecom']))).toEqual([]);
    expect(platformAddresses([{ platform: 'slack', kind: 'slack_user', externalId: 'U1', tenant: '' }], on)).toEqual([{ platform: 'slack', address: 'U1' }]);
  });
});
