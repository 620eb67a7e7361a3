// The platform-neutral shape every card is turned into before a renderer lays it out (see card-content.ts), and the
// fields every content builder starts from.
import type { BurnChart } from './digest-view.js';
import { FIELDS } from './i18n.js';
import type { ButtonAction, ButtonView, CardView, PolicyNoteView, RenderOptions, RequestListView } from './view-model.js';

/** The colour family of a card, mapped by each renderer to its palette. */
export type Tone = 'info' | 'pending' | 'success' | 'danger' | 'warning' | 'muted';

export interface LabelledText {
  readonly label: string;
  readonly value: string;
}

export interface NoteLine {
  readonly severity: PolicyNoteView['severity'];
  /** "违规" / "Warning" … */
  readonly label: string;
  readonly text: string;
}

export interface HistoryLine {
  readonly at: string;
  readonly when: string;
  /** "王强 同意（部门经理）：行程合理" without the time. */
  readonly text: string;
}

export interface ListLine {
  readonly requestId: string;
  readonly title: string;
  readonly status: RequestListView['items'][number]['status'];
  /** "出差申请 · 审批中 · ¥1,280.00 · 2024年11月18日". */
  readonly meta: string;
}

export interface CardContent {
  readonly kind: CardView['kind'];
  readonly title: string;
  /** Machine status for templates: 'draft' | 'pending' | 'submitted' | 'cancelled' | a decision or notice event. */
  readonly status: string;
  readonly statusText: string;
  readonly tone: Tone;
  readonly facts: readonly LabelledText[];
  /** Longer free text (purpose, description, justification): may span lines. */
  readonly paragraphs: readonly LabelledText[];
  readonly notes: readonly NoteLine[];
  readonly budget?: { readonly label: string; readonly text: string; readonly over: boolean };
  readonly step?: LabelledText;
  readonly historyTitle: string;
  /** Oldest first. */
  readonly history: readonly HistoryLine[];
  /** What happened: the decided line, a closed draft, a notice's message. */
  readonly outcome?: string;
  readonly comment?: LabelledText;
  /** Empty once the card is decided or closed. */
  readonly buttons: readonly ButtonView[];
  readonly list?: readonly ListLine[];
  /** Inputs to fill in on the card (the payee form, the visit form); each renderer lays them out as its platform can. */
  readonly form?: FormContent;
  /** One line for previews and notifications. */
  readonly summary: string;
  /** A chart to draw (the digest's budget burn): Feishu draws it in the card, Slack and DingTalk show its PNG. */
  readonly chart?: BurnChart;
  readonly chartUrl?: string;
  /** Buttons that open a page (no callback). */
  readonly links?: readonly { readonly label: string; readonly url: string }[];
}

/** A choice of a `select` or `multi_select` field: the value submitted and what the reader sees. */
export interface FormOption {
  readonly value: string;
  readonly label: string;
}

/**
 * How a field is filled in: one line of text (the default), several lines, one of its options, any of them (submitted
 * comma-separated), a date (`YYYY-MM-DD`) or a time of day (`HH:MM`).
 */
export type FormFieldKind = 'text' | 'multiline' | 'select' | 'multi_select' | 'date' | 'time';

/** One input of a card form. */
export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly placeholder: string;
  readonly required: boolean;
  readonly maxLength: number;
  readonly kind?: FormFieldKind;
  readonly options?: readonly FormOption[];
  /** What the field shows filled in (a refused form sent back with what was typed); a multi_select's comma-separated. */
  readonly value?: string;
}

/** A form on a card: its inputs and the signed value its submission carries. */
export interface FormContent {
  /** The form's name: Feishu's form container and Slack's modal callback_id. */
  readonly name: 'payee_form' | 'visit_form';
  /** Slack's modal title (24 characters at most). */
  readonly title: string;
  readonly value: string;
  readonly fields: readonly FormField[];
  readonly submitLabel: string;
  /** Slack puts no inputs in a message: a button with this label and action opens them in a modal. */
  readonly openLabel: string;
  readonly openAction: ButtonAction;
  /** DingTalk cards take no input: the line to type instead, with an example. */
  readonly typedHint: string;
  /** A submission refused and sent back: why, naming the field at fault (shown above the inputs). */
  readonly problem?: string;
}

/** The fields every content starts from: an empty history and no notes. */
export const base = (o: RenderOptions) => ({ historyTitle: FIELDS.history[o.locale], history: [] as HistoryLine[], notes: [] as NoteLine[] });
