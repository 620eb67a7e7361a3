// The SmsSender the service's settings name (SMS_PROVIDER and its SMS_* settings), with the provider templates'
// parameter lists, so the invitation handler fills exactly the slots each approved template has.
import type { SmsSender, SmsTemplateKey } from '../../../domain/reception/sms.port.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import type { OutboundDeps } from '../net/outbound-post.js';
import { createSmsSender, SmsConfigSchema } from './factory.js';
import type { SmsTemplates } from './templates.js';

export interface ConfiguredSms {
  sender: SmsSender;
  /** The parameters the configured template of `key` takes; undefined without templates (the console takes any). */
  templateParams: (key: SmsTemplateKey) => readonly string[] | undefined;
}

/** Builds the sender from the settings; throws with the setting to fix when they do not describe one. */
export function smsFromConfig(config: Config, log: Logger, outbound?: OutboundDeps): ConfiguredSms {
  const raw =
    config.SMS_PROVIDER === 'console'
      ? { provider: 'console' }
      : {
          provider: config.SMS_PROVIDER,
          ...(config.SMS_PROVIDER === 'aliyun' ? { accessKeyId: config.SMS_KEY_ID, accessKeySecret: config.SMS_KEY_SECRET, ...(config.SMS_REGION ? { regionId: config.SMS_REGION } : {}) } : { secretId: config.SMS_KEY_ID, secretKey: config.SMS_KEY_SECRET, sdkAppId: config.SMS_SDK_APP_ID, ...(config.SMS_REGION ? { region: config.SMS_REGION } : {}) }),
          signName: config.SMS_SIGN_NAME,
          templates: config.SMS_TEMPLATES,
          ...(config.SMS_ENDPOINT ? { endpoint: config.SMS_ENDPOINT } : {}),
        };
  const parsed = SmsConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`SMS settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const templates: SmsTemplates | undefined = parsed.data.provider === 'console' ? undefined : parsed.data.templates;
  const sender = createSmsSender(parsed.data, { policy: { allowHosts: config.SMS_ALLOW_HOSTS, ...(outbound?.resolve ? { resolve: outbound.resolve } : {}) }, logger: log });
  return { sender, templateParams: (key) => templates?.[key]?.params };
}
