// The Markdown dialects the platforms render on cards, turned into HTML for the demo report: Feishu's (bold, <font>
// colours, &#NN; entities), DingTalk's (bold, italic, backslash escapes, "- " lists) and Slack's mrkdwn. Every piece
// of text is escaped; only tags this file writes reach the page, and every tag it opens it closes.
import { escapeText, Html } from './html.js';

/** Builds one line of HTML from tokens, keeping open tags balanced. */
class Line {
  private readonly out: string[] = [];
  private readonly open: string[] = [];

  text(s: string): void {
    this.out.push(escapeText(s));
  }

  /** Opens `tag` unless it is the innermost open tag, in which case it is closed (a `**` pair). */
  toggle(tag: string, className?: string): void {
    if (this.open.at(-1) === tag) this.close(tag);
    else this.openTag(tag, className);
  }

  openTag(tag: string, className?: string): void {
    this.open.push(tag);
    this.out.push(className ? `<${tag} class="${escapeText(className)}">` : `<${tag}>`);
  }

  /** Closes `tag` and anything opened inside it; ignored when `tag` is not open. */
  close(tag: string): void {
    const i = this.open.lastIndexOf(tag);
    if (i < 0) return;
    while (this.open.length > i) this.out.push(`</${this.open.pop()!}>`);
  }

  html(): string {
    while (this.open.length > 0) this.out.push(`</${this.open.pop()!}>`);
    return this.out.join('');
  }
}

const lines = (rendered: string[]): Html => new Html(rendered.join('<br>'));

/** Feishu card markdown: `**bold**`, `<font color='red'>…</font>`, `&#42;`-style entities, one line per `\n`. */
export function feishuMarkdown(src: string): Html {
  return lines(
    src.split('\n').map((text) => {
      const l = new Line();
      for (const m of text.matchAll(/<font color='([a-z]+)'>|<\/font>|\*\*|&#(\d+);|[^<*&]+|[<*&]/g)) {
        if (m[1] !== undefined) l.openTag('span', `fc-${m[1]}`);
        else if (m[0] === '</font>') l.close('span');
        else if (m[0] === '**') l.toggle('strong');
        else if (m[2] !== undefined) l.text(String.fromCodePoint(Number(m[2])));
        else l.text(m[0]);
      }
      return l.html();
    }),
  );
}

/** DingTalk markdown: `**bold**`, `*italic*`, `\*`-style escapes, "- " list items; blank lines separate paragraphs. */
export function dingtalkMarkdown(src: string): Html {
  return lines(
    src
      .split('\n')
      .filter((x) => x.trim() !== '')
      .map((text) => {
        const l = new Line();
        const body = text.startsWith('- ') ? (l.text('• '), text.slice(2)) : text;
        for (const m of body.matchAll(/\\(.)|\*\*|\*|[^\\*]+|\\/gsu)) {
          if (m[1] !== undefined) l.text(m[1]);
          else if (m[0] === '**') l.toggle('strong');
          else if (m[0] === '*') l.toggle('em');
          else l.text(m[0]);
        }
        return l.html();
      }),
  );
}

/** Slack's three entities, as the product escapes user text in mrkdwn. */
const slackEntities = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Slack mrkdwn: `*bold*`, `_italic_`, `~strike~` (at word edges), `<link|label>` and mentions by label, entities decoded. */
export function slackMrkdwn(src: string): Html {
  const TAGS = { '*': 'strong', _: 'em', '~': 's' } as const;
  return lines(
    src.split('\n').map((text) => {
      const l = new Line();
      for (const m of text.matchAll(/<([^<>|]+)(?:\|([^<>]+))?>|(?<!\w)([*_~])([^*_~]+?)\3(?!\w)|[^<*_~]+|[<*_~]/g)) {
        if (m[1] !== undefined) l.text(slackEntities(m[2] ?? m[1].replace(/^[@#!]/, '@')));
        else if (m[3] !== undefined) {
          l.openTag(TAGS[m[3] as keyof typeof TAGS]);
          l.text(slackEntities(m[4]!));
          l.close(TAGS[m[3] as keyof typeof TAGS]);
        } else l.text(slackEntities(m[0]));
      }
      return l.html();
    }),
  );
}
