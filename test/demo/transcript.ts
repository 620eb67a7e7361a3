// A Markdown transcript of one platform's run. Only headings and the narration of what a person did are written by
// hand; every message, card, toast and table is passed in from what the run recorded (fake calls, HTTP answers, DB rows).
import { DEMO_EMPLOYEES } from '../../src/seed/demo-data.js';

const NAMES = new Map(DEMO_EMPLOYEES.map((e) => [e.id, e.name]));

/** "张伟" for an employee id of the demo organisation. */
export const nameOf = (employeeId: string): string => NAMES.get(employeeId) ?? employeeId;

/** "张伟 (e_zhangwei)" for an employee id of the demo organisation. */
export const who = (employeeId: string): string => `${nameOf(employeeId)} (\`${employeeId}\`)`;

/** A fenced block whose fence is longer than any backtick run inside, so the content can never close it. */
export function fence(lang: string, content: string): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${content}\n${f}`;
}

/** Every line of `text` as a Markdown quote (empty lines kept, so paragraphs survive). */
export const quote = (text: string): string =>
  text
    .split('\n')
    .map((l) => `> ${l}`.trimEnd())
    .join('\n');

/** Local time of the demo organisation, e.g. "2026-11-18 10:00 (Asia/Shanghai)". */
export function localTime(d: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(d);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')} (Asia/Shanghai)`;
}

const cell = (v: unknown) => String(v ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export class Transcript {
  private readonly out: string[] = [];
  private step = 0;

  constructor(
    readonly title: string,
    intro: string[],
  ) {
    this.out.push(`# ${title}`, '', ...intro, '');
  }

  /** A numbered step heading with the (fixed) clock's time. */
  section(heading: string, at: Date): void {
    this.step += 1;
    this.out.push(`## ${this.step}. ${heading}`, '', `🕑 ${localTime(at)}`, '');
  }

  heading(text: string): void {
    this.out.push(`## ${text}`, '');
  }

  /** What a person did, in words (the only prose besides headings). */
  narrate(text: string): void {
    this.out.push(`*${text}*`, '');
  }

  /** A line of Markdown built from recorded data. */
  line(text: string): void {
    this.out.push(text, '');
  }

  /** Someone wrote to the bot. */
  said(from: string, text: string, via: string): void {
    this.out.push(`**${from} → bot** · ${via}`, '', quote(text), '');
  }

  /** The bot wrote text. */
  botText(to: string, text: string, via: string): void {
    this.out.push(`**bot → ${to}** · ${via}`, '', quote(text), '');
  }

  /** A heading line for a card, then its JSON (or other source) in a fenced block. */
  block(caption: string, lang: string, content: string): void {
    if (caption) this.out.push(caption, '');
    this.out.push(fence(lang, content), '');
  }

  json(caption: string, value: unknown): void {
    this.block(caption, 'json', JSON.stringify(value, null, 2));
  }

  /** Long source (HTML) folded away, so the transcript stays readable. */
  folded(summary: string, lang: string, content: string): void {
    this.out.push('<details>', `<summary>${summary}</summary>`, '', fence(lang, content), '', '</details>', '');
  }

  table(headers: string[], rows: unknown[][]): void {
    this.out.push(`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`), '');
  }

  markdown(): string {
    return `${this.out.join('\n').trimEnd()}\n`;
  }
}
