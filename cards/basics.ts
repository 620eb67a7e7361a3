// The smallest shapes every view is made of: a language, text in both languages, money in minor units.

export type Locale = 'zh' | 'en';

/** Text in both languages; renderers pick by locale. */
export interface LocalizedText {
  readonly zh: string;
  readonly en: string;
}

export interface MoneyView {
  /** Integer minor units of `currency` (CNY ×100, JPY ×1). */
  readonly minor: number;
  readonly currency: string;
}
