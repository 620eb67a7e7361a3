// Finds city names and whether each is where a trip starts (从上海, from Paris) or where it goes (去广州, to Hangzhou).
import { CHINESE_CITIES, CHINESE_CITY_MAX, ENGLISH_CITIES, ENGLISH_CITY_PATTERN } from './gazetteer.js';
import { MASK, rawSpan, type Doc } from './normalize.js';

export type PlaceRole = 'origin' | 'destination' | 'mentioned';

export interface PlaceMention {
  readonly start: number;
  readonly end: number;
  /** As written (traditional characters kept), without 市. */
  readonly name: string;
  readonly role: PlaceRole;
  /** A verb of motion (去, 飞, 到, to, fly to) marked it: evidence that the text is a trip. */
  readonly cued: boolean;
  /** Not a listed city: read from the characters after a verb of motion, or a capitalised English word. */
  readonly guessed: boolean;
}

const CN_TO = /(?:飞往|前往|去往|开往|飞到|飞去|去|到|赴|飞|往|抵达|至|出差到|出差去|→|->|-|—)(?:一?趟|一下)?\s*$/;
const CN_FROM = /(?:从|由|自)\s*$/;
const CN_FROM_AFTER = /^\s*(?:出发|起飞|启程|动身)(?!\s*(?:日期|时间|地|城市))/;
const CN_TO_AFTER = /^\s*(?:出差|开会|培训|参会|办事)/;
/** Between two places: 上海到北京, 上海-北京, Shanghai to Beijing. */
const ROUTE = /^\s*(?:→|->|-|—|到|至|飞往|飞|去|前往|to|->)\s*$/;
/** Verbs whose 去/到 is not motion to a place: 过去, 回去, 收到, 想到. */
const NOT_MOTION = /(?:过|回|出|上|进|下|失|死|除|收|得|找|达|想|迟|报|遇|看|做|直|等|受|感|提|说)(?:去|到)\s*$/;
const EN_TO = /\b(?:to|into|towards?|in|at|visit(?:ing)?(?:\s+(?:our|the))?|fly(?:ing)?\s+to|head(?:ing)?\s+to|trip\s+to|go(?:ing)?\s+to)\s+(?:the\s+|our\s+)?$/;
const EN_TO_STRONG = /\b(?:to|towards?|visit(?:ing)?(?:\s+(?:our|the))?)\s+(?:the\s+|our\s+)?$/;
const EN_FROM = /\bfrom\s+(?:the\s+|our\s+)?$/;

/** Words after 去/到 that are never a destination. */
const NOT_A_PLACE = /^(?:趟|书|公司|客户|现场|机场|车站|火车站|高铁站|那边|那里|这边|这里|外地|国外|一趟|一下|总部|办公室|工厂|酒店|医院|银行|年|了|过|哪|时候|底|期|账|手|位|家)/;
/** Where an unknown Chinese place name ends. */
const PLACE_END = new RegExp(`^(?:出差|参加|参会|开会|见|拜访|培训|办事|出席|处理|支持|考察|调研|学习|洽谈|谈|玩|旅游|坐|乘|搭|飞|开|住|待|呆|的|一趟|看|找|当天|回|和|跟|与|签|面试|送|取|接|参观|交流|部署|实施|维护|检查|审计|上门|项目|客户|公司|市|出发|起飞|返|待|[，,、。;；:：!！?？\\s${MASK}\\d])`);

function chineseCityAt(norm: string, at: number): number {
  for (let len = CHINESE_CITY_MAX; len >= 2; len--) if (CHINESE_CITIES.has(norm.slice(at, at + len))) return len;
  return 0;
}

function role(before: string, after: string): { role: PlaceRole; cued: boolean } {
  if (CN_FROM.test(before) || EN_FROM.test(before) || CN_FROM_AFTER.test(after)) return { role: 'origin', cued: true };
  if (CN_TO.test(before) && !NOT_MOTION.test(before)) return { role: 'destination', cued: true };
  if (EN_TO.test(before)) return { role: 'destination', cued: EN_TO_STRONG.test(before) };
  if (CN_TO_AFTER.test(after)) return { role: 'destination', cued: true };
  return { role: 'mentioned', cued: false };
}

/** An unlisted Chinese place right after a verb of motion: the characters up to the next verb or particle, 2–4 of them. */
function unknownChinesePlace(doc: Doc, at: number): number {
  const rest = doc.work.slice(at, at + 8);
  if (NOT_A_PLACE.test(rest)) return 0;
  // "去趟成都", "去一下上海": a listed city just ahead is the place; the scan will reach it.
  for (let k = 1; k <= 3; k++) if (chineseCityAt(doc.work, at + k) > 0) return 0;
  let len = 0;
  while (len < rest.length && /[\u4e00-\u9fff]/.test(rest[len] as string) && !PLACE_END.test(rest.slice(len))) len++;
  return len >= 2 && len <= 4 ? len : 0;
}

/** City mentions in text order (not claimed: a city may also be part of a company or purpose). */
export function findPlaces(doc: Doc): PlaceMention[] {
  const { norm, work } = doc;
  const found: PlaceMention[] = [];
  const add = (start: number, len: number, skipShi: boolean, guessed: boolean, canCue = true): void => {
    // "北京时间下午3点" names a clock, not a place.
    if (norm.startsWith('时间', start + len)) return;
    const end = start + len + (skipShi && norm[start + len] === '市' ? 1 : 0);
    const before = work.slice(Math.max(0, start - 12), start).replace(new RegExp(`^.*${MASK}`), '');
    const after = norm.slice(end, end + 4);
    const r = role(before, after);
    found.push({ start, end, name: rawSpan(doc, start, start + len), role: r.role, cued: r.cued && canCue, guessed });
  };
  for (let i = 0; i < norm.length; i++) {
    const c = work.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fff) continue;
    const listed = chineseCityAt(work, i);
    const motion = /(?:去|到|赴|飞|往|从|至)$/.test(work.slice(0, i)) && !NOT_MOTION.test(work.slice(Math.max(0, i - 2), i));
    const len = listed > 0 ? listed : motion ? unknownChinesePlace(doc, i) : 0;
    if (len > 0) {
      add(i, len, true, listed === 0);
      i += len - 1;
    }
  }
  const en = new RegExp(`\\b(?:${ENGLISH_CITY_PATTERN})\\b`, 'g');
  for (const m of work.matchAll(en)) add(m.index, m[0].length, false, false);
  // Unlisted English places: a capitalised word after "to"/"from"/"in".
  for (const m of doc.raw.matchAll(/\b(to|from|in)\s+(?:the\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b/g)) {
    const start = m.index + m[0].length - (m[2] as string).length;
    if (found.some((p) => p.start === start) || !/^[A-Z]/.test(m[2] as string) || ENGLISH_STOP.test(m[2] as string)) continue;
    if (work.slice(start, start + (m[2] as string).length).includes(MASK)) continue;
    // Not evidence of a trip by itself: "Mr. Wang from Lenovo" has the same shape.
    if (!ENGLISH_CITIES.has((m[2] as string).toLowerCase())) add(start, (m[2] as string).length, false, true, false);
  }
  found.sort((a, b) => a.start - b.start);
  return found.map((p, i) => {
    const next = found[i + 1];
    const route = next !== undefined && p.role === 'mentioned' && next.role !== 'origin' && ROUTE.test(norm.slice(p.end, next.start));
    return route ? { ...p, role: 'origin', cued: true } : p;
  });
}

/** Capitalised words after "to"/"in" that are not places. */
const ENGLISH_STOP =
  /^(?:I|The|Our|My|We|You|He|She|They|It|This|That|Next|Last|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun|Office|HQ|Headquarters|Client|Clients|Customer|Customers|Team|Meet|Attend|See|Visit|Support|Present|Discuss|Sign|Review|Train|Fly|Drive|Go|Head|Return|Back|Work|Help|Do|Be|Get|Pick|Check|A|An|One|Two|Three|Four|Five|USD|EUR|CNY|RMB|JPY|HKD|GBP|SGD)\b/;
