// The embedded default SmsSender: nothing leaves the process; each text becomes one log line with the number masked.
// It checks numbers and templates like the real adapters, so a demo fails where production would.
import { randomUUID } from 'node:crypto';
import type { SmsMessage, SmsResult, SmsSender } from '../../../domain/reception/sms.port.js';
import { maskMobile } from '../../../domain/reception/mobile-number.js';
import type { Logger } from '../../log.js';
import { prepareSms, type SmsTemplates } from './templates.js';

export interface ConsoleSmsOptions {
  logger: Logger;
  /** Which templates "exist"; default every key with the parameters it was given (anything goes). */
  templates?: SmsTemplates;
  /** Local message ids; default `console-<uuid>`. */
  ids?: () => string;
}

/** An SmsSender that logs instead of sending. Parameter values are not logged: they carry names and one-time links. */
export function createConsoleSmsSender(o: ConsoleSmsOptions): SmsSender {
  return {
    provider: 'console',
    async send(msg: SmsMessage): Promise<SmsResult> {
      const templates = o.templates ?? { [msg.template]: { id: msg.template, params: Object.keys(msg.params) } };
      const prepared = prepareSms(msg, templates);
      if (!prepared.ok) {
        o.logger.warn('sms refused (console)', { to: maskMobile(msg.to), template: msg.template, detail: prepared.error.detail });
        return prepared.error;
      }
      const messageId = (o.ids ?? (() => `console-${randomUUID()}`))();
      o.logger.info('sms (console, not sent)', { to: maskMobile(prepared.value.to), template: msg.template, params: prepared.value.names, ref: msg.ref, messageId });
      return { kind: 'sent', messageId };
    },
  };
}
