// The daily finance digest as a view model: what every platform's rendering draws (Feishu card with a VChart chart,
// Slack blocks with a server-rendered PNG, DingTalk markdown with the image, HTML for the demo).
import type { Locale, LocalizedText, MoneyView } from './basics.js';

/** One department's budget this month, in minor units of the chart's currency. */
export interface BurnBar {
  readonly label: string;
  readonly consumedMinor: number;
  readonly frozenMinor: number;
  readonly availableMinor: number;
}

/** Budget burn by department (consumed / frozen / available), drawn as a stacked horizontal bar chart. */
export interface BurnChart {
  readonly locale: Locale;
  /** e.g. "2026-12 预算执行（按部门）" / "Budget burn by department, 2026-12". */
  readonly title: string;
  /** ISO 4217; every bar is in it (departments budgeting in another currency are listed, not charted). */
  readonly currency: string;
  readonly bars: readonly BurnBar[];
}

/** A count and the amounts behind it, one per currency. */
export interface Tally {
  readonly count: number;
  readonly amounts: readonly MoneyView[];
}

/** The morning digest for finance: yesterday's money and what needs a person today. */
export interface DigestCardView {
  readonly kind: 'digest';
  /** The day reported on (the organisation's yesterday), YYYY-MM-DD. */
  readonly day: string;
  /** Payments whose state changed that day, by their state now. */
  readonly payments: readonly ({ readonly status: string } & Tally)[];
  /** Bank lines booked that day: explained by a payment, fee or return, and still open. */
  readonly matched: Tally;
  readonly unmatched: Tally;
  /** Open exceptions now (every day's), with where to resolve them. */
  readonly exceptions: number;
  readonly chart?: BurnChart;
  /** Where the chart's PNG is served (DingTalk's markdown and Slack without upload show it from here). */
  readonly chartUrl?: string;
  /** Links to the finance pages (each a one-time sign-in link). */
  readonly links: readonly { readonly label: LocalizedText; readonly url: string }[];
}
