// What the web console shows and does, for its routes (src/web/console.ts): who is chatting, the people to pick from,
// a transcript with the organisation's time zone, and a click on a card whose answer joins the transcript.
import type { ConsoleMessage } from '../../db/repos/chat.js';
import { consoleTranscript, writeConsole } from '../../db/repos/chat.js';
import { getEmployee, loadOrg } from '../../db/repos/org.js';
import type { Employee } from '../../domain/org/index.js';
import { orgTimeZone } from '../usecases/org-time.js';
import { handleCardAction, type CardActionAnswer, type InboundCardAction } from './handle-card-action.js';
import type { ChatDeps } from './handle-message.js';

/** Employee `id` of the organisation (active or not), or undefined. */
export function consoleEmployee(deps: Pick<ChatDeps, 'db'>, orgId: string, id: string): Promise<Employee | undefined> {
  return getEmployee(deps.db, orgId, id);
}

/** Everyone of the organisation, for the picker. */
export async function consolePeople(deps: Pick<ChatDeps, 'db'>, orgId: string): Promise<Employee[]> {
  return (await loadOrg(deps.db, orgId)).employees;
}

/**
 * The employee's console transcript, oldest first, with the time its newest message changed (ms) and the
 * organisation's time zone to draw it in; undefined when nothing changed after `since` (the page's poll).
 */
export async function consoleTranscriptOf(deps: Pick<ChatDeps, 'db'>, orgId: string, employeeId: string, since = -1): Promise<{ messages: ConsoleMessage[]; latest: number; timeZone: string } | undefined> {
  const messages = await consoleTranscript(deps.db, orgId, employeeId);
  const latest = Math.max(0, ...messages.map((m) => m.updatedAt.getTime()));
  if (latest <= since) return undefined;
  return { messages, latest, timeZone: await orgTimeZone(deps.db, orgId) };
}

/**
 * A click on a console card: handled like any platform's card action, its toast then written to the transcript. A
 * form refused is answered on the form itself (returned for the page to redraw), not in the transcript.
 */
export async function clickOnConsole(deps: ChatDeps, a: InboundCardAction): Promise<CardActionAnswer> {
  const answer = await handleCardAction(deps, a);
  if (!answer.formProblem) await writeConsole(deps.db, { orgId: a.orgId, employeeId: a.employeeId, direction: 'out', text: `ⓘ ${answer.toast.text}`, now: deps.clock.now() });
  return answer;
}
