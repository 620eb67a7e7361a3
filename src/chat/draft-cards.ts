// The submitter's draft card after it stops being a draft: submitted (with its number), cancelled, being edited, or
// replaced by the edited draft. Every copy is redrawn in place.
import type { Executor } from '../../db/database.js';
import { getCard } from '../../db/repos/chat.js';
import type { CardView, DraftCardView } from '../../cards/view-model.js';
import type { IdGenerator } from '../../domain/shared/index.js';
import { deliver, type Recipient } from './deliver.js';

/** Replaces the draft card (every copy of it) with its closed form: no buttons left to click. */
export async function closeDraftCard(tx: Executor, deps: { ids: IdGenerator }, to: Recipient, draftId: string, closed: NonNullable<DraftCardView['closed']>): Promise<CardView | undefined> {
  const card = await getCard(tx, to.orgId, `draft:${draftId}`, to.channel, to.employeeId);
  if (!card) return undefined;
  const view: DraftCardView = { ...(card.view as DraftCardView), buttons: [], closed };
  await deliver(tx, deps.ids, { ...to, address: card.address, locale: card.locale === 'en' ? 'en' : 'zh' }, { cardKey: card.cardKey, view }, new Date(closed.at));
  return view;
}
