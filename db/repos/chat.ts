// Chat state: conversations, draft cards, card copies sent to chats, and the web console's transcript.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { chatCards, chatDrafts, consoleMessages, conversations } from '../schema/index.js';
import { coalesce } from '../coalesce.js';
import { isPooled, runStatement, type Executor, type Statement } from '../database.js';

export interface ConversationKey {
  orgId: string;
  channel: string;
  chatId: string;
  employeeId: string;
}
const byKey = (k: ConversationKey) =>
  and(eq(conversations.orgId, k.orgId), eq(conversations.channel, k.channel), eq(conversations.chatId, k.chatId), eq(conversations.employeeId, k.employeeId));

/** The live conversation state, or undefined when none or it expired. */
export async function getConversation(db: Executor, k: ConversationKey, now: Date): Promise<unknown> {
  const [r] = await db.select({ state: conversations.state, expiresAt: conversations.expiresAt }).from(conversations).where(byKey(k));
  return r && r.expiresAt > now ? r.state : undefined;
}

export async function saveConversation(db: Executor, k: ConversationKey, state: unknown, expiresAt: Date, now: Date): Promise<void> {
  await db
    .insert(conversations)
    .values({ ...k, state, expiresAt, updatedAt: now })
    .onConflictDoUpdate({
      target: [conversations.orgId, conversations.channel, conversations.chatId, conversations.employeeId],
      set: { state, expiresAt, updatedAt: now, version: sql`${conversations.version} + 1` },
    });
}

export async function endConversation(db: Executor, k: ConversationKey): Promise<void> {
  await db.delete(conversations).where(byKey(k));
}

export type DraftRow = typeof chatDrafts.$inferSelect;

export async function insertDraft(db: Executor, row: typeof chatDrafts.$inferInsert): Promise<void> {
  await db.insert(chatDrafts).values(row);
}

export async function getDraft(db: Executor, orgId: string, id: string): Promise<DraftRow | undefined> {
  const [r] = await db.select().from(chatDrafts).where(and(eq(chatDrafts.orgId, orgId), eq(chatDrafts.id, id)));
  return r;
}

/** Moves an open draft to `status`; false when it was no longer open (a second click, a replayed button). */
export async function closeDraft(db: Executor, orgId: string, id: string, status: 'submitted' | 'cancelled', requestId: string | null, now: Date): Promise<boolean> {
  const r = await db
    .update(chatDrafts)
    .set({ status, requestId, updatedAt: now, version: sql`${chatDrafts.version} + 1` })
    .where(and(eq(chatDrafts.orgId, orgId), eq(chatDrafts.id, id), eq(chatDrafts.status, 'open')))
    .returning({ id: chatDrafts.id });
  return r.length === 1;
}

/** Replaces an open draft's content (e.g. the employee added a justification); false when it is no longer open. */
export async function updateDraftContent(db: Executor, orgId: string, id: string, draft: unknown, now: Date): Promise<boolean> {
  const r = await db
    .update(chatDrafts)
    .set({ draft, updatedAt: now, version: sql`${chatDrafts.version} + 1` })
    .where(and(eq(chatDrafts.orgId, orgId), eq(chatDrafts.id, id), eq(chatDrafts.status, 'open')))
    .returning({ id: chatDrafts.id });
  return r.length === 1;
}

/** Open drafts of an employee, newest first (a new request replaces an abandoned draft). */
export async function openDrafts(db: Executor, orgId: string, employeeId: string): Promise<DraftRow[]> {
  return db
    .select()
    .from(chatDrafts)
    .where(and(eq(chatDrafts.orgId, orgId), eq(chatDrafts.employeeId, employeeId), eq(chatDrafts.status, 'open')))
    .orderBy(sql`${chatDrafts.createdAt} DESC`);
}

export type CardRow = typeof chatCards.$inferSelect;

/** Records (or replaces the view of) one card copy; keeps a platform message id already known. */
export async function upsertCard(db: Executor, row: Omit<typeof chatCards.$inferInsert, 'version'>): Promise<void> {
  await db
    .insert(chatCards)
    .values(row)
    .onConflictDoUpdate({
      target: [chatCards.orgId, chatCards.cardKey, chatCards.channel, chatCards.recipientId],
      set: { view: row.view, locale: row.locale, updatedAt: row.updatedAt, version: sql`${chatCards.version} + 1` },
    });
}

const UPSERT_CARDS: Statement = {
  name: 'chat_cards_upsert',
  text: `INSERT INTO chat_cards (org_id, card_key, channel, recipient_id, address, message_id, locale, view, delivered_version, updated_at)
         SELECT c.org_id, c.card_key, c.channel, c.recipient_id, c.address, c.message_id, c.locale, c.view::jsonb, coalesce(c.delivered_version, 0), c.updated_at
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::timestamptz[])
                WITH ORDINALITY AS c(org_id, card_key, channel, recipient_id, address, message_id, locale, view, delivered_version, updated_at, n)
          ORDER BY c.n
         ON CONFLICT (org_id, card_key, channel, recipient_id)
         DO UPDATE SET view = excluded.view, locale = excluded.locale, updated_at = excluded.updated_at, version = chat_cards.version + 1`,
};

/**
 * Records (or replaces the views of) many card copies in one statement; keeps platform message ids already known.
 * A copy named twice keeps the last view given. One fixed-text statement over arrays (drizzle's multi-row insert
 * built a parameter per column per row, which showed in the outbox fan-out's profile).
 */
export async function upsertCards(db: Executor, rows: readonly Omit<typeof chatCards.$inferInsert, 'version'>[]): Promise<void> {
  if (rows.length === 0) return;
  const unique = [...new Map(rows.map((r) => [`${r.orgId}\u0000${r.cardKey}\u0000${r.channel}\u0000${r.recipientId}`, r])).values()];
  await runStatement(db, UPSERT_CARDS, [
    unique.map((r) => r.orgId),
    unique.map((r) => r.cardKey),
    unique.map((r) => r.channel),
    unique.map((r) => r.recipientId),
    unique.map((r) => r.address),
    unique.map((r) => r.messageId ?? null),
    unique.map((r) => r.locale),
    unique.map((r) => JSON.stringify(r.view)),
    unique.map((r) => r.deliveredVersion ?? null),
    unique.map((r) => r.updatedAt.toISOString()),
  ]);
}

/** Every copy of several cards of one organisation, in one query. */
export async function cardsByKeys(db: Executor, orgId: string, cardKeys: readonly string[]): Promise<CardRow[]> {
  if (cardKeys.length === 0) return [];
  return db.select().from(chatCards).where(and(eq(chatCards.orgId, orgId), inArray(chatCards.cardKey, [...new Set(cardKeys)])));
}

export async function cardsByKey(db: Executor, orgId: string, cardKey: string): Promise<CardRow[]> {
  return db.select().from(chatCards).where(and(eq(chatCards.orgId, orgId), eq(chatCards.cardKey, cardKey)));
}

export async function getCard(db: Executor, orgId: string, cardKey: string, channel: string, recipientId: string): Promise<CardRow | undefined> {
  const [r] = await db
    .select()
    .from(chatCards)
    .where(and(eq(chatCards.orgId, orgId), eq(chatCards.cardKey, cardKey), eq(chatCards.channel, channel), eq(chatCards.recipientId, recipientId)));
  return r;
}

export async function setCardMessageId(db: Executor, orgId: string, cardKey: string, channel: string, recipientId: string, messageId: string): Promise<void> {
  await db
    .update(chatCards)
    .set({ messageId })
    .where(and(eq(chatCards.orgId, orgId), eq(chatCards.cardKey, cardKey), eq(chatCards.channel, channel), eq(chatCards.recipientId, recipientId)));
}

/** One card copy's identity within an organisation. */
export interface CardCopy {
  cardKey: string;
  channel: string;
  recipientId: string;
}

/** Several card copies of one organisation in one query (the outbox reads a whole batch's cards at once). */
export async function cardsByCopies(db: Executor, orgId: string, copies: readonly CardCopy[]): Promise<CardRow[]> {
  if (copies.length === 0) return [];
  return db
    .select()
    .from(chatCards)
    .where(
      and(
        eq(chatCards.orgId, orgId),
        sql`(${chatCards.cardKey}, ${chatCards.channel}, ${chatCards.recipientId}) IN (SELECT * FROM unnest(${sql.param(copies.map((c) => c.cardKey))}::text[], ${sql.param(copies.map((c) => c.channel))}::text[], ${sql.param(copies.map((c) => c.recipientId))}::text[]))`,
      ),
    );
}

/**
 * Records what reached the platform, one statement for many copies: the `version` shown (never moving back) and,
 * for a first send, the platform's message id.
 */
export async function recordCardsDelivered(db: Executor, orgId: string, rows: readonly (CardCopy & { version: number; messageId?: string })[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    UPDATE chat_cards c
       SET delivered_version = greatest(c.delivered_version, d.version), message_id = coalesce(d.message_id, c.message_id)
      FROM unnest(${sql.param(rows.map((r) => r.cardKey))}::text[], ${sql.param(rows.map((r) => r.channel))}::text[], ${sql.param(rows.map((r) => r.recipientId))}::text[],
                  ${sql.param(rows.map((r) => r.version))}::int[], ${sql.param(rows.map((r) => r.messageId ?? null))}::text[])
           AS d(card_key, channel, recipient_id, version, message_id)
     WHERE c.org_id = ${orgId} AND c.card_key = d.card_key AND c.channel = d.channel AND c.recipient_id = d.recipient_id`);
}

const ANSWERED: Statement = {
  name: 'chat_cards_answered',
  text: `UPDATE chat_cards c
            SET view = d.view::jsonb, version = c.version + 1, delivered_version = c.version + 1, updated_at = d.at
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::timestamptz[])
                AS d(org_id, card_key, channel, recipient_id, version, message_id, view, at)
          WHERE c.org_id = d.org_id AND c.card_key = d.card_key AND c.channel = d.channel AND c.recipient_id = d.recipient_id
            AND c.version = d.version AND c.message_id = d.message_id
          RETURNING c.org_id, c.card_key, c.channel, c.recipient_id`,
};

/** A copy whose new view the platform was given in its click answer: still at `version`, and still message `messageId`. */
export interface AnsweredCard extends CardCopy {
  orgId: string;
  version: number;
  messageId: string;
  view: unknown;
  at: Date;
}

const answeredId = (c: { orgId: string } & CardCopy) => `${c.orgId}\u0000${c.cardKey}\u0000${c.channel}\u0000${c.recipientId}`;

async function runAnswered(db: Executor, rows: readonly AnsweredCard[]): Promise<boolean[]> {
  const r = await runStatement<{ org_id: string; card_key: string; channel: string; recipient_id: string }>(db, ANSWERED, [
    rows.map((c) => c.orgId),
    rows.map((c) => c.cardKey),
    rows.map((c) => c.channel),
    rows.map((c) => c.recipientId),
    rows.map((c) => c.version),
    rows.map((c) => c.messageId),
    rows.map((c) => JSON.stringify(c.view)),
    rows.map((c) => c.at.toISOString()),
  ]);
  const done = new Set(r.map((x) => answeredId({ orgId: x.org_id, cardKey: x.card_key, channel: x.channel, recipientId: x.recipient_id })));
  return rows.map((c) => done.has(answeredId(c)));
}

const answeredWriters = new WeakMap<Executor, (c: AnsweredCard) => Promise<boolean>>();

/**
 * Records that the platform showed `c.view` on the copy's message in its answer to a click (Feishu replaces the
 * clicked card with the one in the answer): the copy's view and version move on and count as delivered, so no patch
 * is queued for it. Only if the copy is still at `c.version` on message `c.messageId`: a refresh that got there first
 * has its own patch queued. Returns whether it was recorded. On a PostgreSQL pool, the writes that arrive together
 * share one statement.
 */
export async function recordCardAnswered(db: Executor, c: AnsweredCard): Promise<boolean> {
  if (!isPooled(db)) return (await runAnswered(db, [c]))[0]!;
  let write = answeredWriters.get(db);
  if (!write) {
    write = coalesce((rows: AnsweredCard[]) => runAnswered(db, rows));
    answeredWriters.set(db, write);
  }
  return write(c);
}

export type ConsoleMessage = typeof consoleMessages.$inferSelect;

/** Appends a message to an employee's console transcript; a card with a key already shown is replaced in place. */
export async function writeConsole(
  db: Executor,
  m: { orgId: string; employeeId: string; direction: 'in' | 'out'; text?: string; view?: unknown; cardKey?: string; locale?: string; now: Date },
): Promise<void> {
  if (m.cardKey) {
    const updated = await db
      .update(consoleMessages)
      .set({ view: m.view, text: m.text ?? null, ...(m.locale ? { locale: m.locale } : {}), updatedAt: m.now })
      .where(and(eq(consoleMessages.orgId, m.orgId), eq(consoleMessages.employeeId, m.employeeId), eq(consoleMessages.cardKey, m.cardKey)))
      .returning({ id: consoleMessages.id });
    if (updated.length > 0) return;
  }
  await db.insert(consoleMessages).values({
    orgId: m.orgId,
    employeeId: m.employeeId,
    direction: m.direction,
    text: m.text ?? null,
    view: m.view ?? null,
    cardKey: m.cardKey ?? null,
    locale: m.locale ?? null,
    createdAt: m.now,
    updatedAt: m.now,
  });
}

/** The transcript, oldest first; `afterId` pages forward. */
export async function consoleTranscript(db: Executor, orgId: string, employeeId: string, afterId = 0, limit = 200): Promise<ConsoleMessage[]> {
  return db
    .select()
    .from(consoleMessages)
    .where(and(eq(consoleMessages.orgId, orgId), eq(consoleMessages.employeeId, employeeId), gt(consoleMessages.id, afterId)))
    .orderBy(asc(consoleMessages.id))
    .limit(limit);
}
