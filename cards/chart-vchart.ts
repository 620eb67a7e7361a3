// The budget burn chart as a VChart spec, the chart definition Feishu's card `chart` element draws (card JSON 2.0,
// `tag: 'chart'`, `chart_spec`; no functions allowed in the spec, so labels and values are plain data).
import { currencyExponent } from '../domain/money/index.js';
import type { BurnChart } from './digest-view.js';

const SEGMENTS = {
  consumed: { zh: '已使用', en: 'Consumed', color: '#3370ff' },
  frozen: { zh: '已冻结', en: 'Frozen', color: '#ff8800' },
  available: { zh: '可用', en: 'Available', color: '#c9cdd4' },
} as const;

/** Major units for an axis (a chart reads numbers, not our integer minor units): 123456 CNY minor → 1234.56. */
export function majorUnits(minor: number, currency: string): number {
  const e = currencyExponent(currency) ?? 2;
  return Math.round(minor) / 10 ** e;
}

export const segmentLabel = (k: keyof typeof SEGMENTS, locale: 'zh' | 'en') => SEGMENTS[k][locale];
export const SEGMENT_COLORS = [SEGMENTS.consumed.color, SEGMENTS.frozen.color, SEGMENTS.available.color] as const;

/** A stacked horizontal bar per department: consumed, frozen, available, in the chart's currency. */
export function burnVChartSpec(chart: BurnChart): Record<string, unknown> {
  const values = chart.bars.flatMap((b) =>
    (['consumed', 'frozen', 'available'] as const).map((k) => ({
      department: b.label,
      segment: SEGMENTS[k][chart.locale],
      amount: majorUnits(k === 'consumed' ? b.consumedMinor : k === 'frozen' ? b.frozenMinor : Math.max(0, b.availableMinor), chart.currency),
    })),
  );
  return {
    type: 'bar',
    direction: 'horizontal',
    title: { visible: true, text: chart.title },
    data: [{ id: 'burn', values }],
    xField: 'amount',
    yField: 'department',
    seriesField: 'segment',
    stack: true,
    color: [...SEGMENT_COLORS],
    legends: [{ visible: true, orient: 'bottom' }],
    axes: [
      { orient: 'left', type: 'band' },
      { orient: 'bottom', type: 'linear', title: { visible: true, text: chart.currency } },
    ],
  };
}
