// The daily finance digest as a view model: what every platform's rendering draws (Feishu card with a VChart chart,
// Slack blocks with a server-rendered PNG, DingTalk markdown with the image, HTML for the demo).
import type { Locale } from './view-model.js';

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
