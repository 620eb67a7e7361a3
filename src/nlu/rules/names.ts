// Recognises person and company names: 周杰, 欧阳娜娜, 张总; 字节跳动, 某某科技有限公司; Ken Tanaka of Sony.
import { COMPANY_SUFFIXES, COMPOUND_SURNAMES, KNOWN_COMPANIES, NAME_TITLES, SURNAMES, isCityName } from './gazetteer.js';

const TITLE_AT_END = new RegExp(`(?:${NAME_TITLES})$`);
const COMPANY_AT_END = new RegExp(`(?:${COMPANY_SUFFIXES})$`);
const HAN = /^[\u4e00-\u9fff]+$/;

/** True for a Chinese personal name: surname + one or two characters, or surname + title (张总), or 小王/老张. */
export function isChineseName(s: string): boolean {
  if (!HAN.test(s)) return false;
  const compound = COMPOUND_SURNAMES.has(s.slice(0, 2));
  const surnameLength = compound ? 2 : SURNAMES.has(s[0] as string) ? 1 : 0;
  if (surnameLength === 0) return /^[小老][\u4e00-\u9fff]$/.test(s) && SURNAMES.has(s[1] as string);
  const rest = s.slice(surnameLength);
  if (TITLE_AT_END.test(rest) && rest.length <= 3) return true;
  return rest.length >= 1 && rest.length <= 2 && !COMPANY_AT_END.test(s) && !KNOWN_COMPANIES.has(s);
}

/** True for a company: a known brand, or a name ending like 科技, 集团, 有限公司. */
export function isCompanyName(s: string): boolean {
  return KNOWN_COMPANIES.has(s.toLowerCase()) || (s.length >= 3 && COMPANY_AT_END.test(s));
}

/** Splits "腾讯张总" into company and person when a known company starts the text. */
export function splitCompanyAndName(s: string): { company: string; name: string } | undefined {
  for (let len = Math.min(6, s.length - 1); len >= 2; len--) {
    const head = s.slice(0, len);
    const tail = s.slice(len);
    if (isCompanyName(head) && isChineseName(tail)) return { company: head, name: tail };
    if (isChineseName(head) && isCompanyName(tail)) return { company: tail, name: head };
  }
  return undefined;
}

/**
 * "汇丰陈小姐", "联发科林经理": an unknown word before a surname with a title is the company; the title marks where the
 * name starts. Only 2–8 characters of company, and never a city ("上海王总" says where, not who employs).
 */
export function splitBeforeTitledName(s: string): { company: string; name: string } | undefined {
  if (!HAN.test(s)) return undefined;
  for (let len = Math.min(5, s.length - 2); len >= 2; len--) {
    const tail = s.slice(s.length - len);
    const head = s.slice(0, s.length - len);
    if (TITLE_AT_END.test(tail) && isChineseName(tail) && head.length >= 2 && head.length <= 8 && !isCityName(head)) return { company: head, name: tail };
  }
  return undefined;
}

/** A capitalised word, accented letters included (Müller, José, François). */
const EN_WORD = "[A-Z\\u00C0-\\u00DE][a-zA-Z\\u00C0-\\u00FF'\\-]+";
/** Capitalised words that start sentences or name times, never people or companies. */
const EN_STOP = new Set(
  ('Guest Guests Visitor Visitors Name Company From Of At With And The Our My We I A An Mr Ms Mrs Dr Miss Prof Next This Last Today Tomorrow ' +
    'Tonight Yesterday Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri Sat Sun January February March April May ' +
    'June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Register Please Visit Meeting ' +
    'Coming Will Arriving Expecting Client Clients Customer Interview Phone Tel Mobile Contact Team Office Reception Hi Hello He He\'s ' +
    "She She's They They're It It's Can Could Would Thanks Book").split(' '),
);

/** Leading and trailing stop words removed from a run of capitalised words. */
function trimWords(s: string): string | undefined {
  const words = s.split(/\s+/);
  while (words.length > 0 && EN_STOP.has(words[0] as string)) words.shift();
  while (words.length > 0 && EN_STOP.has(words[words.length - 1] as string)) words.pop();
  return words.length > 0 ? words.join(' ') : undefined;
}

const EN_TITLE = `(?:(?:Mr|Ms|Mrs|Dr|Miss|Prof)\\.?\\s+)`;
const EN_NAME = `(${EN_TITLE}?${EN_WORD}(?:\\s+${EN_WORD}){0,2})`;
const EN_COMPANY = `([A-Z][\\w&.'\\-]*(?:\\s+(?:[A-Z][\\w&.'\\-]*|&))*)`;
const EN_LABELLED_NAME = new RegExp(`\\b(?:[Gg]uests?|[Vv]isitors?|[Nn]ame|GUEST|VISITOR)\\s*[:：\\-]\\s*${EN_NAME}`);
const EN_NAME_OF = new RegExp(`${EN_NAME}\\s+(?:of|from|at|with)\\s+${EN_COMPANY}`);
const EN_TITLED = new RegExp(`(${EN_TITLE}${EN_WORD}(?:\\s+${EN_WORD})?)`);
const EN_COMPANY_LABEL = new RegExp(`\\b(?:[Cc]ompany|from|of)\\s*[:：]?\\s*${EN_COMPANY}`);
const EN_PAREN_COMPANY = /\(([^()]{2,40})\)/;
/** A last word that makes a run of capitalised words an organisation: "Stanford University", "Acme Corp". */
const EN_COMPANY_WORD =
  /\b(?:University|College|Institute|School|Hospital|Bank|Group|Inc|Ltd|LLC|GmbH|AG|Corp|Corporation|Company|Co|Technologies|Technology|Tech|Labs?|Partners|Capital|Holdings|Systems|Solutions|Motors|Airlines|Consulting|Studio|Foundation|Agency|Media|Ventures|Pharma|Logistics)\.?$/;

const EN_RUN = new RegExp(`${EN_TITLE}?${EN_WORD}(?:\\s+${EN_WORD}){0,3}`, 'g');
const EN_SEGMENT = /[^,;:()（），；：]+/g;

/** Capitalised runs in text order, stop words trimmed. */
function capitalisedRuns(raw: string): string[] {
  const out: string[] = [];
  for (const m of raw.matchAll(EN_RUN)) {
    const t = trimWords(m[0]);
    if (t !== undefined && !isCityName(t)) out.push(t);
  }
  return out;
}

/** Comma-separated parts that are nothing but one capitalised run: "Li Wei, Huawei, +86 …". */
function listedParts(raw: string): string[] {
  const out: string[] = [];
  for (const m of raw.matchAll(EN_SEGMENT)) {
    const part = m[0].trim();
    const runs = capitalisedRuns(part);
    if (runs.length === 1 && part.replace(/^(?:Mr|Ms|Mrs|Dr|Miss|Prof)\.?\s+/, '').split(/\s+/).every((w) => /^[A-Z]/.test(w))) out.push(runs[0] as string);
  }
  return out;
}

/** Visitor name and company written in Latin letters, as typed. */
/** "ABC's Wang Qiang": the company, then the person. */
const EN_POSSESSIVE = /\b([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})['’]s\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\b/;

export function englishNameAndCompany(text: string): { name?: string; company?: string } {
  // A form's lines are separate fields: "Company: Deloitte\nDate: …" names Deloitte, not "Deloitte Date".
  const raw = text.replace(/[ \t]*[\r\n]+[ \t]*/g, '; ');
  const possessive = EN_POSSESSIVE.exec(raw);
  if (possessive && !isCityName(possessive[1]!)) return { name: possessive[2]!, company: possessive[1]! };
  const out: { name?: string; company?: string } = {};
  const nameOf = EN_NAME_OF.exec(raw);
  const listed = listedParts(raw);
  const person = (s: string) => s.split(/\s+/).length >= 2 && !KNOWN_COMPANIES.has(s.toLowerCase()) && !EN_COMPANY_WORD.test(s);
  const candidates = [EN_LABELLED_NAME.exec(raw)?.[1], EN_TITLED.exec(raw)?.[1], nameOf?.[1], listed.find(person), capitalisedRuns(raw).find(person)];
  const name = candidates.map((c) => (c === undefined ? undefined : trimWords(c))).find((c) => c !== undefined);
  if (name !== undefined) out.name = name;
  const otherListed = listed.find((s) => s !== out.name && !person(s));
  for (const candidate of [nameOf?.[2], EN_COMPANY_LABEL.exec(raw)?.[1], EN_PAREN_COMPANY.exec(raw)?.[1], otherListed]) {
    const c = candidate === undefined ? undefined : trimWords(candidate.trim().replace(/[.,]+$/, ''));
    if (c !== undefined && !isCityName(c) && c !== out.name) {
      out.company = c;
      break;
    }
  }
  return out;
}
