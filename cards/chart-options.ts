// The digest's budget-burn chart as an Apache ECharts option: pure data in, option out, no I/O. The server renders it to
// SVG and PNG (src/integrations/chart/render.ts); the same option suits any other ECharts renderer.
import type { EChartsOption } from 'echarts';
import { currencyExponent } from '../domain/money/index.js';
import type { BurnBar, BurnChart } from './digest-view.js';
import type { Locale } from './view-model.js';

/** Used when a currency is not in the ISO 4217 table (as in cards/format.ts). */
const FALLBACK_EXPONENT = 2;

/** The three segments of every bar, in stacking order (left to right). */
export const BURN_SEGMENTS = ['consumed', 'frozen', 'available'] as const;
export type BurnSegment = (typeof BURN_SEGMENTS)[number];

const SEGMENT_NAMES: Readonly<Record<Locale, Readonly<Record<BurnSegment, string>>>> = {
  zh: { consumed: '已使用', frozen: '已冻结', available: '可用' },
  en: { consumed: 'Consumed', frozen: 'Frozen', available: 'Available' },
};

const SEGMENT_COLOURS: Readonly<Record<BurnSegment, string>> = { consumed: '#3370ff', frozen: '#f5a623', available: '#c9d3e0' };

const MINOR_OF: Readonly<Record<BurnSegment, (b: BurnBar) => number>> = {
  consumed: (b) => b.consumedMinor,
  frozen: (b) => b.frozenMinor,
  available: (b) => b.availableMinor,
};

const AXIS_NAME: Readonly<Record<Locale, (currency: string) => string>> = {
  zh: (c) => `金额（${c}）`,
  en: (c) => `Amount (${c})`,
};

const EMPTY_TEXT: Readonly<Record<Locale, string>> = { zh: '暂无可绘制的预算', en: 'No budgets to chart' };

/** Layout of the picture: a fixed width, and a height that grows with the number of departments. */
export const CHART_WIDTH = 800;
const CHART_TOP = 64;
const CHART_BOTTOM = 72;
const ROW_HEIGHT = 36;

/** The size the chart is drawn at, in CSS pixels (the PNG has exactly these dimensions at scale 1). */
export function burnChartSize(chart: BurnChart): { width: number; height: number } {
  return { width: CHART_WIDTH, height: CHART_TOP + CHART_BOTTOM + Math.max(chart.bars.length, 1) * ROW_HEIGHT };
}

/** The legend name of a segment in the chart's locale ("已使用" / "Consumed"). */
export function segmentName(locale: Locale, segment: BurnSegment): string {
  return SEGMENT_NAMES[locale][segment];
}

/**
 * Minor units as major units for plotting (CNY 12345 → 123.45, JPY 12345 → 12345). A chart's coordinate is a number,
 * so this is the one place money becomes a float, for drawing only. Throws for a non-integer: the view model promises
 * integers, so that is a bug upstream.
 */
export function toMajorUnits(minor: number, currency: string): number {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`BurnBar amounts must be safe integers, got ${String(minor)}`);
  return minor / 10 ** (currencyExponent(currency) ?? FALLBACK_EXPONENT);
}

/** An axis tick in major units, grouped by thousands in the chart's locale ("12,500" / "1,234.5"). */
export function formatAxisAmount(value: number, locale: Locale, currency: string): string {
  const digits = currencyExponent(currency) ?? FALLBACK_EXPONENT;
  return new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: digits }).format(value);
}

export interface BurnChartOptionSettings {
  /** The font family every text uses; the PNG renderer passes the family of the one font it loads. */
  readonly fontFamily?: string;
}

/**
 * The stacked horizontal bar chart of a `BurnChart`: one bar per department (first department on top), segments
 * consumed / frozen / available in major units, legend and axis name in the chart's locale, the currency on the axis.
 * Animation is off (a server render is a single frame). An empty chart keeps its title, hides the axes and says there is nothing.
 */
export function burnChartOption(chart: BurnChart, settings: BurnChartOptionSettings = {}): EChartsOption {
  const { locale, currency, bars } = chart;
  const fontFamily = settings.fontFamily ?? 'sans-serif';
  const empty = bars.length === 0;
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily },
    title: { text: chart.title, left: 'center', top: 16, textStyle: { fontFamily, fontSize: 16, fontWeight: 'normal', color: '#1f2329' } },
    legend: { bottom: 12, data: BURN_SEGMENTS.map((s) => segmentName(locale, s)), textStyle: { fontFamily, color: '#1f2329' } },
    grid: { top: CHART_TOP, bottom: CHART_BOTTOM, left: 24, right: 40, containLabel: true },
    xAxis: {
      type: 'value',
      show: !empty,
      name: AXIS_NAME[locale](currency),
      nameLocation: 'middle',
      nameGap: 28,
      nameTextStyle: { fontFamily, color: '#646a73' },
      axisLabel: { fontFamily, color: '#646a73', formatter: (v: number) => formatAxisAmount(v, locale, currency) },
    },
    yAxis: {
      type: 'category',
      show: !empty,
      inverse: true,
      data: bars.map((b) => b.label),
      axisLabel: { fontFamily, color: '#1f2329' },
    },
    series: BURN_SEGMENTS.map((segment) => ({
      type: 'bar' as const,
      name: segmentName(locale, segment),
      stack: 'budget',
      barMaxWidth: 24,
      itemStyle: { color: SEGMENT_COLOURS[segment] },
      data: bars.map((b) => toMajorUnits(MINOR_OF[segment](b), currency)),
    })),
    ...(empty
      ? { graphic: [{ type: 'text' as const, left: 'center', top: 'middle', style: { text: EMPTY_TEXT[locale], fontFamily, fontSize: 14, fill: '#8f959e' } }] }
      : {}),
  };
}
