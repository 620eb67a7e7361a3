// The structured form of a story's run, as the HTML report draws it: sections of steps, each entry one thing that
// happened (a person wrote, the bot answered with text or a card, a line of recorded facts, a table, a source text).

/** A card as it reached the person, in the shape the platform received it. */
export type CardPayload =
  /** A console row: the platform-neutral view and the HTML the console served for it (`ref` names the row). */
  | { readonly platform: 'console'; readonly view: unknown; readonly html: string; readonly ref: string }
  /** A view read from the database (the lifecycle story); the report draws it with the console's HTML renderer. */
  | { readonly platform: 'view'; readonly view: unknown }
  /** Feishu card JSON 2.0 (the `content` of im.message.create/patch, or the card in a callback answer). */
  | { readonly platform: 'feishu'; readonly card: unknown; readonly update?: boolean }
  /** Slack Block Kit as chat.postMessage / chat.update carried it. */
  | { readonly platform: 'slack'; readonly text: string | undefined; readonly blocks: unknown[]; readonly update?: boolean }
  /** A Slack modal (views.open). */
  | { readonly platform: 'slack-modal'; readonly view: unknown }
  /** A DingTalk card instance's cardParamMap (createAndDeliver, PUT card/instances, or a callback's ACK). */
  | { readonly platform: 'dingtalk'; readonly params: Readonly<Record<string, string>>; readonly update?: boolean };

export type Entry =
  | { readonly kind: 'narrate'; readonly text: string }
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'said'; readonly from: string; readonly text: string; readonly via: string }
  | { readonly kind: 'bot'; readonly to: string; readonly text: string; readonly via: string }
  | { readonly kind: 'card'; readonly caption: string; readonly payload: CardPayload }
  | { readonly kind: 'source'; readonly caption: string; readonly lang: string; readonly content: string }
  | { readonly kind: 'table'; readonly headers: readonly string[]; readonly rows: readonly (readonly string[])[] };

export interface ReportSection {
  /** "2. 张伟 submits the draft"; empty for the introduction. */
  readonly heading: string;
  /** The demo clock's local time when the step began. */
  readonly at?: string;
  readonly entries: Entry[];
}

/** One story as the report shows it. */
export interface ReportStory {
  readonly title: string;
  readonly file: string;
  readonly sentence: string;
  readonly outcome: string;
  readonly intro: readonly string[];
  readonly sections: readonly ReportSection[];
}
