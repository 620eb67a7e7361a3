// What the bot says while registering a visit, in Chinese and English.
import type { Lang } from './texts.js';

export const VISIT_TEXTS = {
  noSite: {
    zh: '还没有设置接待地点，暂时无法登记来访。请联系前台或管理员先添加地点。',
    en: 'No reception site is set up yet, so the visit cannot be registered. Ask the reception desk or an admin to add one.',
  },
  otherCurrency: {
    zh: '接待标准以 {currency} 计，请用 {currency} 说明预计金额（例如「预计800元」），或不写金额按标准估算。',
    en: 'Reception standards are in {currency}: give the estimate in {currency} (e.g. "about 800 yuan"), or leave it out to estimate from the standards.',
  },
  unknownSite: { zh: '没有找到这个地点。', en: 'I could not find that site.' },
  invalidVisit: { zh: '这次来访的信息有误：{reason}。请修改后再发给我。', en: 'Something in this visit is not valid: {reason}. Please correct it and send it again.' },
  tooManyOccurrences: { zh: '周期来访一次最多登记{max}次，请减少次数或提前截止日期后再发给我。', en: 'A recurring visit has at most {max} occurrences: please send it again with fewer times or an earlier end.' },
} as const satisfies Record<string, Record<Lang, string>>;

/** "在哪个地点接待？请回复编号或名称：1. 上海总部 …". */
export function whichSite(lang: Lang, sites: readonly { name: string; address: string }[], unknown = false): string {
  const lines = sites.map((s, i) => `${i + 1}. ${s.name}${s.address ? (lang === 'zh' ? `（${s.address}）` : ` (${s.address})`) : ''}`).join('\n');
  const head = lang === 'zh' ? '在哪个地点接待？请回复编号或名称：' : 'Which site will receive them? Reply with the number or the name:';
  return `${unknown ? `${VISIT_TEXTS.unknownSite[lang]}\n` : ''}${head}\n${lines}`;
}

/** Asks for the lead visitor's mobile, which the invitation is texted to; the host may skip it. */
export function whichMobile(lang: Lang, name: string): string {
  return lang === 'zh'
    ? `${name}的手机号是多少？来访邀请会以短信发送到这个号码（没有可回复「跳过」）。`
    : `What is ${name}'s mobile number? The invitation is texted to it (reply "skip" if you don't have it).`;
}

/** A number that cannot take a text: said with its last four only, and how to go on. */
export function invalidMobile(lang: Lang, masked: string): string {
  return lang === 'zh'
    ? `手机号码 ${masked} 不正确：请提供能接收短信的手机号（大陆手机号为 11 位、以 13–19 开头；境外号码请带国家代码，如 +85291234567）。没有可回复「跳过」。`
    : `The mobile number ${masked} is not valid: give one that can receive a text (a mainland number has 11 digits starting 13–19; add the country code for others, e.g. +85291234567). Reply "skip" if you don't have it.`;
}

/** The visit would start in the past: ask for the day and time again. */
export function visitTimePassed(lang: Lang, when: string): string {
  return lang === 'zh'
    ? `来访时间（${when}）已经过去了。请告诉我新的来访日期和时间，例如「明天下午两点」。`
    : `That visit time (${when}) has already passed. When is the visit? For example "tomorrow 2pm".`;
}

/**
 * The advance asked for is more than the visit's estimate (or in another currency): say the most it may be, and ask
 * for another amount or none.
 */
export function advanceTooHigh(lang: Lang, advance: string, max: string): string {
  return lang === 'zh'
    ? `借款 ${advance} 超出本次接待的预计费用 ${max}，借款不能超过预计。请回复新的借款金额（例如「借款${max}」），或回复「不借款」。`
    : `The advance of ${advance} is more than the visit's estimate of ${max}: an advance is at most the estimate. Reply with another amount (e.g. "advance ${max}"), or "no advance".`;
}

/** The advance was asked for in another currency than the standards'. */
export function advanceOtherCurrency(lang: Lang, currency: string): string {
  return lang === 'zh' ? `接待标准以 ${currency} 计，借款也请用 ${currency} 说明（例如「借款500元」），或回复「不借款」。` : `Reception standards are in ${currency}: give the advance in ${currency} (e.g. "advance 500 ${currency}"), or reply "no advance".`;
}

/** The answer to the advance question gave no amount. */
export function whichAdvance(lang: Lang): string {
  return lang === 'zh' ? '请回复借款金额（例如「借款500元」），或回复「不借款」。' : 'Reply with the advance amount (e.g. "advance 500 CNY"), or "no advance".';
}

export const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? '');
