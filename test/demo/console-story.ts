// The story on the web console, with a follow-up question: two browser sessions (张伟 and 王强) post the console's
// forms through app.request(). The transcript shows each employee's console rows as the database holds them (texts,
// and cards as their view JSON) and each card as the HTML the console served.
import type { CardView } from '../../cards/view-model.js';
import { consoleTranscript, type ConsoleMessage } from '../../db/repos/chat.js';
import { recordDatabaseState } from './database-state.js';
import { cookiesOf, LOOPBACK } from '../helpers/console.js';
import { check, ORG, startService, type DemoService } from './harness.js';
import type { StoryResult } from './story.js';
import { Transcript, who } from './transcript.js';

const P = 'Console';
export const CONSOLE_SENTENCE = '下周二去上海出差，高铁';
export const CONSOLE_FOLLOW_UP = '周四回';

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The fields a browser would post from a form: its named inputs with their values (hidden ones carry the token). */
function formFields(form: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const input of form.match(/<input\b[^>]*>/g) ?? []) {
    const name = /\bname="([^"]*)"/.exec(input)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(input)?.[1];
    if (name && value !== undefined) fields[unescape(name)] = unescape(value);
  }
  return fields;
}

/** The forms of a page that post to `action`, in page order. */
const formsTo = (html: string, action: string) => [...html.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].filter((m) => m[1] === action).map((m) => m[2]!);

/** A browser session on the console as one employee (the console picks who you are by a cookie). */
async function session(svc: DemoService, employeeId: string) {
  const pick = await svc.app.request(`/console?as=${employeeId}`, {}, LOOPBACK); // a browser on this machine
  check(P, pick.status === 303, `picking ${employeeId} on the console answered HTTP ${pick.status}`);
  const cookie = cookiesOf(pick); // the session and the employee picked
  const get = async (path: string) => {
    const r = await svc.app.request(path, { headers: { cookie } }, LOOPBACK);
    return { status: r.status, html: await r.text() };
  };
  const post = async (path: string, fields: Record<string, string>) => {
    const r = await svc.app.request(path, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }, LOOPBACK);
    check(P, r.status === 303, `POST ${path} answered HTTP ${r.status}, not the redirect back to the console`);
    return r.status;
  };
  return {
    employeeId,
    /** Types into the composer and presses Send. */
    async say(text: string) {
      const page = await get('/console');
      const composer = formsTo(page.html, '/console/messages')[0];
      check(P, composer !== undefined, 'the console page has no message box');
      return post('/console/messages', { ...formFields(composer), text });
    },
    /** Clicks the newest `action` button on the page; undefined when there is none. */
    async click(action: string, reason?: string) {
      const page = await get('/console');
      const form = formsTo(page.html, '/console/action')
        .reverse()
        .find((f) => formFields(f).action === action);
      if (!form) return undefined;
      return post('/console/action', { ...formFields(form), ...(reason ? { reason } : {}) });
    },
    /** The transcript section the console serves (what the page polls), one HTML chunk per message. */
    async messagesHtml(): Promise<string[]> {
      const r = await get('/console/transcript?since=0');
      if (r.status === 204) return []; // nothing written to this employee yet
      check(P, r.status === 200, `GET /console/transcript answered HTTP ${r.status}`);
      return r.html.split('<div class="msg msg--').slice(1).map((chunk, i, all) => `<div class="msg msg--${i === all.length - 1 ? chunk.replace(/<\/section>\s*$/, '') : chunk}`);
    },
  };
}
type Session = Awaited<ReturnType<typeof session>>;

const caption = (v: CardView) => {
  const title = 'facts' in v ? v.facts.title : '';
  const state = v.kind === 'draft' ? (v.closed ? `closed: ${v.closed.status}` : 'open') : v.kind === 'approval' ? (v.decided ? `decided: ${v.decided.status}` : 'waiting') : v.kind === 'notice' ? v.event : '';
  return `${v.kind} card “${title}” (${state}, ${'buttons' in v && Array.isArray(v.buttons) ? v.buttons.length : 0} buttons)`;
};

export async function consoleStory(): Promise<StoryResult> {
  const svc = await startService(P, {});
  try {
    const t = new Transcript('Web console / 网页控制台', [
      'The service (`createApp`, the console on, as it is by default on the embedded database) serves `/console`. There, anyone can act as any employee of the demo organisation. Two browser sessions, one for 张伟 and one for 王强, post the console\'s own forms, with the hidden button tokens read from the HTML it served.',
      '',
      'The console is the service\'s own channel, so nothing goes through a platform. What the bot "sent" is the row it wrote to the employee\'s console transcript, in the table `console_messages`. A text is shown as text. A card is shown as its view JSON, the platform-neutral card that every renderer takes. The HTML that `GET /console/transcript` served for the card follows it, folded. When a card changes, the console rewrites its row in place.',
    ]);
    const zhang = await session(svc, 'e_zhangwei');
    const wang = await session(svc, 'e_wangqiang');
    const seen = new Map<number, string>();

    /** Renders the console rows that appeared or changed since the last call, per employee; returns them. */
    const flush = async (): Promise<{ employeeId: string; row: ConsoleMessage; updated: boolean }[]> => {
      const changed: { employeeId: string; row: ConsoleMessage; html: string; before: string | undefined }[] = [];
      for (const s of [zhang, wang] as Session[]) {
        const rows = await consoleTranscript(svc.database.db, ORG, s.employeeId);
        const html = await s.messagesHtml();
        check(P, html.length === rows.length, `the console served ${html.length} messages to ${s.employeeId} but holds ${rows.length}`);
        for (const [i, row] of rows.entries()) {
          const before = seen.get(row.id);
          if (before !== JSON.stringify([row.updatedAt, row.view, row.text])) changed.push({ employeeId: s.employeeId, row, html: html[i]!, before });
        }
      }
      // Rewrites first, then new rows in the order they were written (ids are shared by all employees). In every step
      // here a card is rewritten before any new row of that step: a click closes the draft before its answer is
      // written, and the approval fan-out updates the approvers' cards before it notifies the submitter.
      changed.sort((a, b) => Number(a.before === undefined) - Number(b.before === undefined) || a.row.id - b.row.id);
      const out: { employeeId: string; row: ConsoleMessage; updated: boolean }[] = [];
      for (const { employeeId, row, html, before } of changed) {
        seen.set(row.id, JSON.stringify([row.updatedAt, row.view, row.text]));
        const updated = before !== undefined;
        out.push({ employeeId, row, updated });
        const ref = `row #${row.id}`;
        if (row.direction === 'in') t.said(who(employeeId), row.text ?? '', `\`POST /console/messages\` → HTTP 303; ${ref}`);
        else if (row.view) {
          const v = row.view as CardView;
          const text = updated ? `**bot rewrites ${who(employeeId)}'s card in place** · ${ref} (\`${row.cardKey}\`) — ${caption(v)}` : `**bot → ${who(employeeId)}** · ${ref} (\`${row.cardKey}\`) — ${caption(v)}`;
          t.card(text, { platform: 'console', view: v, html, ref });
        } else if (row.text?.startsWith('ⓘ ')) t.line(`**Answer to the click** · written to ${who(employeeId)}'s console, ${ref}: “${row.text}”`);
        else t.botText(who(employeeId), row.text ?? '', ref);
      }
      return out;
    };

    // 1. A sentence with the return date missing: the bot asks.
    t.section(`${who('e_zhangwei')} asks for a trip, without the return date`, svc.clock.now());
    t.narrate('张伟 opens /console, picks himself, types a sentence and presses 发送 (Send).');
    await zhang.say(CONSOLE_SENTENCE);
    const first = await flush();
    const question = first.find((x) => x.row.direction === 'out' && x.employeeId === 'e_zhangwei' && x.row.text && !x.row.view);
    check(P, question, 'the bot did not answer 张伟');
    check(P, first.every((x) => !x.row.view), 'the bot showed a draft although the return date was missing');

    // 2. The follow-up answer: the draft card.
    svc.clock.advance(60_000);
    t.section(`${who('e_zhangwei')} answers the follow-up question`, svc.clock.now());
    t.narrate('张伟 answers the question.');
    await zhang.say(CONSOLE_FOLLOW_UP);
    const second = await flush();
    check(P, second.some((x) => x.employeeId === 'e_zhangwei' && (x.row.view as CardView | null)?.kind === 'draft'), 'no draft card after the follow-up answer');

    // 3. Submit.
    svc.clock.advance(2 * 60_000);
    t.section(`${who('e_zhangwei')} submits the draft`, svc.clock.now());
    t.narrate('张伟 clicks 提交 (Submit) on the draft card.');
    check(P, await zhang.click('submit'), 'the draft card has no Submit button');
    const third = await flush();
    check(P, third.some((x) => x.updated && (x.row.view as CardView | null)?.kind === 'draft'), 'the draft card was not closed in place');
    t.narrate('The outbox runs: the submission’s approval event is fanned out to the approval cards, and the approver’s card is sent.');
    await svc.drain();
    const fourth = await flush();
    check(P, fourth.some((x) => x.employeeId === 'e_wangqiang' && (x.row.view as CardView | null)?.kind === 'approval'), 'no approval card arrived for 王强');

    // 4. Approve.
    svc.clock.advance(20 * 60_000);
    t.section(`${who('e_wangqiang')} approves on the approval card`, svc.clock.now());
    t.narrate('王强 switches the console to himself and clicks 同意 (Approve) on the approval card.');
    check(P, await wang.click('approve'), 'the approval card on 王强’s console has no Approve button');
    await flush();
    await svc.drain();
    const fifth = await flush();
    check(P, fifth.some((x) => x.updated && x.employeeId === 'e_wangqiang' && (x.row.view as CardView | null)?.kind === 'approval'), 'the approver’s card was not rewritten in place');
    check(P, fifth.some((x) => x.employeeId === 'e_zhangwei' && (x.row.view as CardView | null)?.kind === 'notice'), '张伟 was not notified of the outcome');
    check(P, (await wang.click('approve')) === undefined, 'the approver’s card still has an Approve button');

    await recordDatabaseState(svc, t, { platform: P, channel: 'web', status: 'approved' });
    return { platform: P, file: 'console.md', title: 'Web console / 网页控制台', sentence: `${CONSOLE_SENTENCE} … ${CONSOLE_FOLLOW_UP}`, outcome: 'approved on the card, after a follow-up question', markdown: t.markdown(), ...t.report() };
  } catch (e) {
    throw svc.explain(e);
  } finally {
    await svc.close();
  }
}
