// What every adapter checks before calling anyone: a textable number, a template the provider approved for this key,
// and exactly the parameters that template takes, in the order its config lists them.
import type { SmsMessage, SmsResult, SmsTemplateKey } from '../../../domain/reception/sms.port.js';
import { checkMobile } from '../../../domain/reception/mobile-number.js';
import { err, ok, type Result } from '../../../domain/shared/index.js';

/** One approved provider template: its code or id (Aliyun `SMS_…`, Tencent numeric id) and its variables in order. */
export interface SmsTemplateConfig {
  id: string;
  /** Our parameter names; Tencent fills its `{1}`, `{2}`… in this order, Aliyun uses them as the JSON keys. */
  params: readonly string[];
}

/** Our template keys mapped to this provider's approved templates; a key not listed cannot be sent. */
export type SmsTemplates = Partial<Record<SmsTemplateKey, SmsTemplateConfig>>;

/** A message ready for a provider: the number checked, the template resolved, the values in template order. */
export interface PreparedSms {
  to: string;
  templateId: string;
  names: readonly string[];
  values: string[];
}

type Refusal = Extract<SmsResult, { kind: 'refused' }>;

/** The message ready to send, or the refusal that stops it before any call. */
export function prepareSms(msg: SmsMessage, templates: SmsTemplates): Result<PreparedSms, Refusal> {
  const to = checkMobile(msg.to);
  if (!to.ok) return err({ kind: 'refused', reason: 'invalid_number', code: to.error.code, detail: to.error.message });
  const t = templates[msg.template];
  if (!t) return err({ kind: 'refused', reason: 'template', code: 'VALIDATION.INVALID', detail: `no approved template is configured for ${msg.template}` });
  const missing = t.params.filter((p) => (msg.params[p] ?? '') === '');
  if (missing.length > 0) return err({ kind: 'refused', reason: 'template', code: 'VALIDATION.INVALID', detail: `${msg.template} needs ${missing.join(', ')}` });
  // A parameter the template has no slot for would silently vanish: the caller believes the visitor reads it.
  const extra = Object.keys(msg.params).filter((p) => !t.params.includes(p));
  if (extra.length > 0) return err({ kind: 'refused', reason: 'template', code: 'VALIDATION.INVALID', detail: `${msg.template} has no ${extra.join(', ')}` });
  return ok({ to: to.value, templateId: t.id, names: t.params, values: t.params.map((p) => msg.params[p]!) });
}
