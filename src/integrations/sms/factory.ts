// Picks the SmsSender the configuration names. The typed config (and its zod schema, for config.ts to reuse) is here;
// wiring it to the environment and the outbox is left to the composition root.
import { z } from 'zod';
import { SMS_TEMPLATE_KEYS, type SmsSender } from '../../../domain/reception/sms.port.js';
import { silentLogger } from '../../log.js';
import { createAliyunSmsSender } from './aliyun.js';
import { createConsoleSmsSender } from './console.js';
import type { SmsDeps } from './sms-deps.js';
import { createTencentSmsSender } from './tencent.js';

const TemplatesSchema = z.partialRecord(z.enum(SMS_TEMPLATE_KEYS), z.object({ id: z.string().min(1), params: z.array(z.string().min(1)) }));
const Common = { templates: TemplatesSchema, endpoint: z.url().optional(), timeoutMs: z.number().int().positive().max(60_000).optional() };

/** The SMS configuration: `console` (the embedded default), `aliyun` or `tencent` with its credentials and templates. */
export const SmsConfigSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('console') }),
  z.object({ provider: z.literal('aliyun'), accessKeyId: z.string().min(1), accessKeySecret: z.string().min(1), signName: z.string().min(1), regionId: z.string().min(1).optional(), ...Common }),
  z.object({ provider: z.literal('tencent'), secretId: z.string().min(1), secretKey: z.string().min(1), sdkAppId: z.string().min(1), signName: z.string().min(1), region: z.string().min(1).optional(), ...Common }),
]);
export type SmsConfig = z.infer<typeof SmsConfigSchema>;

/** The sender for `config`; `deps.policy` guards the provider URL (tests allow-list their loopback fake there). */
export function createSmsSender(config: SmsConfig, deps: SmsDeps): SmsSender {
  switch (config.provider) {
    case 'aliyun':
      return createAliyunSmsSender(config, deps);
    case 'tencent':
      return createTencentSmsSender(config, deps);
    case 'console':
      return createConsoleSmsSender({ logger: deps.logger ?? silentLogger });
  }
}
