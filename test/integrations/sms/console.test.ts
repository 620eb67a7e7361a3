// The console sender (the embedded default) and the factory that picks a sender from config.
import { describe, expect, it } from 'vitest';
import { createConsoleSmsSender } from '../../../src/integrations/sms/console.js';
import { createSmsSender, SmsConfigSchema } from '../../../src/integrations/sms/index.js';
import { recordingLogger } from './recording-logger.js';

describe('console SMS sender', () => {
  it('logs one line with the number masked and the parameter names only, and answers sent with a local id', async () => {
    const lines: string[] = [];
    const s = createConsoleSmsSender({ logger: recordingLogger(lines), ids: () => 'console-1' });
    const result = await s.send({ to: '+8613800138000', template: 'visit_invitation', params: { name: '王小明', link: 'https://visit.example/v/secret-token' }, ref: 'visit-42' });
    expect(result).toEqual({ kind: 'sent', messageId: 'console-1' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ to: '+86*******8000', template: 'visit_invitation', params: ['name', 'link'], ref: 'visit-42', messageId: 'console-1' });
    expect(lines[0]).not.toContain('13800138000');
    expect(lines[0]).not.toContain('secret-token');
  });

  it('refuses a malformed number as the real adapters do', async () => {
    const lines: string[] = [];
    const result = await createConsoleSmsSender({ logger: recordingLogger(lines) }).send({ to: '138-0013-8000', template: 'visit_reminder', params: {} });
    expect(result).toMatchObject({ kind: 'refused', reason: 'invalid_number', code: 'VALIDATION.INVALID' });
    expect(lines.join('\n')).not.toContain('0013');
  });
});

describe('createSmsSender', () => {
  const policy = { allowHosts: [] };
  const templates = { visit_invitation: { id: 'T1', params: ['name'] } };

  it('builds the sender the config names', () => {
    expect(createSmsSender({ provider: 'console' }, { policy }).provider).toBe('console');
    expect(createSmsSender({ provider: 'aliyun', accessKeyId: 'k', accessKeySecret: 's', signName: 'n', templates }, { policy }).provider).toBe('aliyun');
    expect(createSmsSender({ provider: 'tencent', secretId: 'i', secretKey: 'k', sdkAppId: '1400000000', signName: 'n', templates }, { policy }).provider).toBe('tencent');
  });

  it('parses a provider config and names what is missing', () => {
    expect(SmsConfigSchema.parse({ provider: 'tencent', secretId: 'i', secretKey: 'k', sdkAppId: '1', signName: 'n', templates })).toMatchObject({ provider: 'tencent' });
    const bad = SmsConfigSchema.safeParse({ provider: 'aliyun', accessKeyId: 'k', signName: 'n', templates });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['accessKeySecret']);
    expect(SmsConfigSchema.safeParse({ provider: 'tencent', secretId: 'i', secretKey: 'k', sdkAppId: '1', signName: 'n', templates: { free_text: { id: 'x', params: [] } } }).success).toBe(false);
  });
});
