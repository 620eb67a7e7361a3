// A transcript of one platform's run, kept twice: as Markdown, and as structured steps for the HTML report
// (report-html.ts). Only headings and the narration of what a person did are written by hand; every message, card,
// toast and table is passed in from what the run recorded (fake calls, HTTP answers, DB rows).
import { DEMO_EMPLOYEES } from '../../src/seed/demo-data.js';
import type { CardPayload, Entry, ReportSection } from './report-model.js';

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
  /** The same run as structured steps; the intro is section 0 (no heading). */
  readonly sections: ReportSection[];

  constructor(
    readonly title: string,
    private readonly intro: string[],
  ) {
    this.out.push(`# ${title}`, '', ...intro, '');
    this.sections = [{ heading: '', entries: [] }];
  }

  private add(entry: Entry): void {
    this.sections.at(-1)!.entries.push(entry);
  }

  /** A numbered step heading with the (fixed) clock's time. */
  section(heading: string, at: Date): void {
    this.step += 1;
    this.out.push(`## ${this.step}. ${heading}`, '', `🕑 ${localTime(at)}`, '');
    this.sections.push({ heading: `${this.step}. ${heading}`, at: localTime(at), entries: [] });
  }

  heading(text: string): void {
    this.out.push(`## ${text}`, '');
    this.sections.push({ heading: text, entries: [] });
  }

  /** What a person did, in words (the only prose besides headings). */
  narrate(text: string): void {
    this.out.push(`*${text}*`, '');
    this.add({ kind: 'narrate', text });
  }

  /** A line of Markdown built from recorded data. */
  line(text: string): void {
    this.out.push(text, '');
    this.add({ kind: 'line', text });
  }

  /** Someone wrote to the bot. */
  said(from: string, text: string, via: string): void {
    this.out.push(`**${from} → bot** · ${via}`, '', quote(text), '');
    this.add({ kind: 'said', from, text, via });
  }

  /** The bot wrote text. */
  botText(to: string, text: string, via: string): void {
    this.out.push(`**bot → ${to}** · ${via}`, '', quote(text), '');
    this.add({ kind: 'bot', to, text, via });
  }

  /**
   * A card as it was sent: its caption, then its JSON (the console's view JSON, with the HTML the console served
   * folded below it). The report draws it the way the platform shows it.
   */
  card(caption: string, payload: CardPayload): void {
    const source = payload.platform === 'feishu' ? payload.card : payload.platform === 'slack' ? { text: payload.text, blocks: payload.blocks } : payload.platform === 'dingtalk' ? payload.params : payload.view;
    this.writeJson(caption, source);
    if (payload.platform === 'console') this.out.push('<details>', `<summary>The HTML the console served for ${payload.ref}</summary>`, '', fence('html', payload.html), '', '</details>', '');
    this.add({ kind: 'card', caption, payload });
  }

  /** A heading line for a source text (CSV, XML), then the text in a fenced block. */
  block(caption: string, lang: string, content: string): void {
    if (caption) this.out.push(caption, '');
    this.out.push(fence(lang, content), '');
    this.add({ kind: 'source', caption, lang, content });
  }

  /** Protocol data that is not a card (an ACK, a modal submission, an import report). */
  json(caption: string, value: unknown): void {
    this.writeJson(caption, value);
    this.add({ kind: 'source', caption, lang: 'json', content: JSON.stringify(value, null, 2) });
  }

  private writeJson(caption: string, value: unknown): void {
    if (caption) this.out.push(caption, '');
    this.out.push(fence('json', JSON.stringify(value, null, 2)), '');
  }

  table(headers: string[], rows: unknown[][]): void {
    this.out.push(`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`), '');
    this.add({ kind: 'table', headers, rows: rows.map((r) => r.map((v) => String(v ?? ''))) });
  }

  /** A card for the report only (the Markdown already shows its source, e.g. inside a whole ACK). */
  show(caption: string, payload: CardPayload): void {
    this.add({ kind: 'card', caption, payload });
  }

  /** What the HTML report needs: the intro and every section's entries. */
  report(): { intro: string[]; sections: ReportSection[] } {
    return { intro: this.intro, sections: this.sections };
  }

  markdown(): string {
    return `${this.out.join('\n').trimEnd()}\n`;
  }
}
