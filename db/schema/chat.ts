// Chat state: conversations being filled in, drafts shown as cards, every card copy sent, and the web console inbox.
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** A request being put together with one employee in one chat (follow-up questions); expires when left alone. */
export const conversations = pgTable(
  'conversations',
  {
    orgId: text('org_id').notNull(),
    channel: text('channel').notNull(),
    chatId: text('chat_id').notNull(),
    employeeId: text('employee_id').notNull(),
    state: jsonb('state').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.channel, t.chatId, t.employeeId] })],
);

/** A complete request shown as a draft card, waiting for Submit / Edit / Cancel. */
export const chatDrafts = pgTable(
  'chat_drafts',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    employeeId: text('employee_id').notNull(),
    channel: text('channel').notNull(),
    chatId: text('chat_id').notNull(),
    draft: jsonb('draft').notNull(),
    locale: text('locale').notNull(),
    /** open → submitted | cancelled */
    status: text('status').notNull().default('open'),
    requestId: text('request_id'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('chat_drafts_employee_idx').on(t.orgId, t.employeeId)],
);

/**
 * One copy of a card in one chat: an approval's card as each approver got it, a draft card, a notice. `messageId` is
 * the platform's id once sent, so every copy can be updated in place when the subject changes. Pages keep room for HOT
 * updates (fillfactor 80, set in migration 0015_hot_updates).
 */
export const chatCards = pgTable(
  'chat_cards',
  {
    orgId: text('org_id').notNull(),
    /** `approval:<id>`, `draft:<id>`, `notice:<id>:<event>` … */
    cardKey: text('card_key').notNull(),
    channel: text('channel').notNull(),
    recipientId: text('recipient_id').notNull(),
    /** Where the platform delivers it: Feishu open_id, DingTalk staff id, Slack user id, console employee id. */
    address: text('address').notNull(),
    messageId: text('message_id'),
    locale: text('locale').notNull(),
    view: jsonb('view').notNull(),
    version: integer('version').notNull().default(1),
    /**
     * The `version` last sent or patched to the platform. A queued `chat.send` for this copy finding
     * `deliveredVersion >= version` has nothing newer to show and is skipped: many updates collapse into one patch.
     */
    deliveredVersion: integer('delivered_version').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.cardKey, t.channel, t.recipientId] })],
);

/** The web console's chat transcript per employee (the console is a channel like the others). */
export const consoleMessages = pgTable(
  'console_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: text('org_id').notNull(),
    employeeId: text('employee_id').notNull(),
    /** 'in' from the employee, 'out' from the bot. */
    direction: text('direction').notNull(),
    text: text('text'),
    /** For cards: the rendered view and the card key, so an update replaces it in place. */
    view: jsonb('view'),
    cardKey: text('card_key'),
    /** The language the message was written for ('zh' | 'en'): a card is drawn in it, like the words around it. */
    locale: text('locale'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('console_messages_employee_idx').on(t.orgId, t.employeeId, t.id),
    index('console_messages_card_idx').on(t.orgId, t.cardKey).where(sql`${t.cardKey} IS NOT NULL`),
  ],
);
