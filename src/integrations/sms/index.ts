// The SMS adapters: Aliyun, Tencent Cloud and the console default, and the factory that picks one from config.
export { createSmsSender, SmsConfigSchema, type SmsConfig } from './factory.js';
export { createAliyunSmsSender, ALIYUN_SMS_ENDPOINT, type AliyunSmsConfig } from './aliyun.js';
export { createTencentSmsSender, TENCENT_SMS_ENDPOINT, type TencentSmsConfig } from './tencent.js';
export { createConsoleSmsSender, type ConsoleSmsOptions } from './console.js';
export type { SmsDeps } from './sms-deps.js';
export type { SmsTemplateConfig, SmsTemplates } from './templates.js';
