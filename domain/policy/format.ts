// Private to policy: money, category and weekday wording for violation messages, and calendar-day arithmetic.
import type { LocalizedMessage } from './policy.types.js';

const ZERO_DECIMALS = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK']);
const THREE_DECIMALS = new Set(['KWD', 'BHD', 'OMR', 'JOD', 'TND']);

/** Formats integer minor units with the currency's exponent: (32000, 'CNY') → '320.00 CNY'. */
export function formatMinor(minor: number, currency: string): string {
  const exponent = ZERO_DECIMALS.has(currency) ? 0 : THREE_DECIMALS.has(currency) ? 3 : 2;
  const digits = String(Math.abs(Math.trunc(minor))).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${minor < 0 ? '-' : ''}${whole}${fraction} ${currency}`;
}

const CATEGORY_LABELS: Readonly<Record<string, LocalizedMessage>> = {
  meal: { zh: '餐费', en: 'Meal' },
  hotel: { zh: '住宿费', en: 'Hotel' },
  lodging: { zh: '住宿费', en: 'Lodging' },
  transport: { zh: '交通费', en: 'Transport' },
  taxi: { zh: '出租车费', en: 'Taxi' },
  flight: { zh: '机票费', en: 'Flight' },
  train: { zh: '火车票费', en: 'Train' },
  per_diem: { zh: '出差补助', en: 'Per diem' },
  entertainment: { zh: '招待费', en: 'Entertainment' },
  hospitality: { zh: '招待费', en: 'Hospitality' },
  office: { zh: '办公费', en: 'Office' },
  phone: { zh: '通讯费', en: 'Phone' },
  training: { zh: '培训费', en: 'Training' },
  other: { zh: '其他费用', en: 'Other' },
};

/** The category's name in both languages; unknown categories keep their own name. */
export function categoryLabel(category: string): LocalizedMessage {
  if (Object.hasOwn(CATEGORY_LABELS, category)) return CATEGORY_LABELS[category] as LocalizedMessage;
  return { zh: `${category} 费用`, en: category.charAt(0).toUpperCase() + category.slice(1) };
}

/** Lists values in both languages' style: 'CNY, HKD' / 'CNY、HKD'. */
export function listOf(values: readonly string[]): LocalizedMessage {
  return { zh: values.join('、'), en: values.join(', ') };
}

const WEEKDAYS: readonly LocalizedMessage[] = [
  { zh: '周日', en: 'Sunday' },
  { zh: '周一', en: 'Monday' },
  { zh: '周二', en: 'Tuesday' },
  { zh: '周三', en: 'Wednesday' },
  { zh: '周四', en: 'Thursday' },
  { zh: '周五', en: 'Friday' },
  { zh: '周六', en: 'Saturday' },
];

/** The weekday's name, 0 = Sunday. */
export function weekdayLabel(weekday: number): LocalizedMessage {
  return WEEKDAYS[weekday] ?? { zh: String(weekday), en: String(weekday) };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a real 'YYYY-MM-DD' date (proleptic Gregorian), or undefined when malformed. */
export function dayNumber(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const y0 = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(y0, month)) return undefined;
  // Civil-from-days inverse (H. Hinnant): years start in March so the leap day is last.
  const y = month <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** 0 = Sunday … 6 = Saturday, for a day number from `dayNumber`. */
export function weekdayOf(dayNo: number): number {
  return (((dayNo + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}
