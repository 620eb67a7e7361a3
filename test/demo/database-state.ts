// The end of every platform's transcript: what the database holds after the story (the request, its approval history,
// and every copy of every card on every channel), and the checks that the story really ended where it should.
import { eq } from 'drizzle-orm';
import { getInstance, listRequests } from '../../db/repos/approvals.js';
import { chatCards } from '../../db/schema/index.js';
import type { CardView } from '../../cards/view-model.js';
import { check, ORG, type DemoService } from './harness.js';
import { localTime, who, type Transcript } from './transcript.js';

export interface ExpectedOutcome {
  platform: string;
  /** The platform's channel name in chat_cards (`web` for the console). */
  channel: string;
  status: 'approved' | 'rejected';
  /** The approver's reason, for a rejection. */
  reason?: string;
}

const stateOf = (v: CardView): string => {
  if (v.kind === 'draft') return v.closed ? `closed: ${v.closed.status}` : 'open';
  if (v.kind === 'approval') return v.decided ? `decided: ${v.decided.status}${v.decided.comment ? ` (“${v.decided.comment}”)` : ''}` : 'waiting';
  if (v.kind === 'notice') return `notice: ${v.event}${v.comment ? ` (“${v.comment}”)` : ''}`;
  return v.kind;
};
const buttonsOf = (v: CardView): number => ('buttons' in v && Array.isArray(v.buttons) ? v.buttons.length : 0);

/** Writes the final state into `t` and checks it: one request with the expected outcome, and no live button anywhere. */
export async function recordDatabaseState(svc: DemoService, t: Transcript, e: ExpectedOutcome): Promise<void> {
  const db = svc.database.db;
  const requests = await listRequests(db, ORG, { submitterId: 'e_zhangwei', limit: 10 });
  check(e.platform, requests.length === 1, `expected one request from 张伟 in the database, found ${requests.length}`);
  const request = requests[0]!;
  check(e.platform, request.approvalId, `request ${request.id} has no approval`);
  const stored = await getInstance(db, ORG, request.approvalId);
  check(e.platform, stored, `approval ${request.approvalId} is missing`);
  const i = stored.instance;
  check(e.platform, i.status === e.status, `the approval ended ${i.status}, expected ${e.status}`);

  t.heading('What the database holds afterwards');
  t.line('The request (table `requests`) and its approval (table `approval_instances`):');
  t.table(['request', 'title', 'request status', 'approval', 'approval status'], [[`\`${request.id}\``, request.title, request.status, `\`${i.id}\``, i.status]]);
  t.line('The approval history:');
  t.table(['at', 'by', 'action', 'step', 'comment'], i.history.map((h) => [localTime(new Date(h.at)), who(h.by), h.action, h.step ?? '', h.comment ?? '']));

  const copies = await db.select().from(chatCards).where(eq(chatCards.orgId, ORG));
  copies.sort((a, b) => a.cardKey.localeCompare(b.cardKey) || a.channel.localeCompare(b.channel) || a.recipientId.localeCompare(b.recipientId));
  t.line('Every copy of every card (table `chat_cards`). `version` is 1 for a copy written once and goes up by one with each rewrite. A platform copy is rewritten by updating the message it was first sent as:');
  t.table(
    ['card', 'channel', 'recipient', 'platform message', 'version', 'buttons', 'state'],
    copies.map((c) => [`\`${c.cardKey}\``, c.channel, who(c.recipientId), c.messageId ? `\`${c.messageId}\`` : '—', c.version, buttonsOf(c.view as CardView), stateOf(c.view as CardView)]),
  );

  // Every copy of the approval card — the console's and the platform's — shows the decision and has no button left.
  const approvalCopies = copies.filter((c) => c.cardKey === `approval:${i.id}`);
  for (const channel of new Set(['web', e.channel])) {
    const copy = approvalCopies.find((c) => c.channel === channel && c.recipientId === 'e_wangqiang');
    check(e.platform, copy, `王强 has no copy of the approval card on ${channel}`);
    const v = copy.view as CardView;
    check(e.platform, v.kind === 'approval' && v.decided?.status === e.status && buttonsOf(v) === 0, `王强's ${channel} copy of the approval card was not updated to "${e.status}" without buttons (it is ${stateOf(v)}, ${buttonsOf(v)} buttons)`);
    if (channel !== 'web') check(e.platform, copy.messageId && copy.version > 1, `王强's ${channel} approval card was never sent and then updated in place`);
  }
  for (const c of copies.filter((x) => x.cardKey.startsWith('draft:'))) {
    check(e.platform, buttonsOf(c.view as CardView) === 0, `a draft card copy on ${c.channel} still has buttons`);
  }
  const notices = copies.filter((c) => c.cardKey === `notice:${i.id}:${e.status}` && c.recipientId === 'e_zhangwei');
  for (const channel of new Set(['web', e.channel])) {
    const n = notices.find((c) => c.channel === channel)?.view as CardView | undefined;
    check(e.platform, n?.kind === 'notice' && n.event === e.status, `张伟 got no "${e.status}" notice on ${channel}`);
    if (e.reason) check(e.platform, n.comment === e.reason, `张伟's ${channel} notice does not carry the reason "${e.reason}"`);
  }
  check(e.platform, svc.problems.length === 0, 'the service logged warnings or errors during the story');
}
