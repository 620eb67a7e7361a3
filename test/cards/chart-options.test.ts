// The budget-burn chart's ECharts option: every bar, the locale's legend, amounts in major units, and an empty chart.
import { describe, expect, it } from 'vitest';
import { burnChartOption, burnChartSize, CHART_WIDTH, formatAxisAmount, toMajorUnits } from '../../cards/chart-options.js';
import type { BurnChart } from '../../cards/digest-view.js';

function zhChart(overrides: Partial<BurnChart> = {}): BurnChart {
  return {
    locale: 'zh',
    title: '2026-12 预算执行（按部门）',
    currency: 'CNY',
    bars: [
      { label: '研发部', consumedMinor: 1_234_56, frozenMinor: 50_000_00, availableMinor: 10 },
      { label: '销售部', consumedMinor: 0, frozenMinor: 1, availableMinor: 99_999_99 },
      { label: '行政部', consumedMinor: 7_00, frozenMinor: 0, availableMinor: 3_00 },
    ],
    ...overrides,
  };
}

/** The option's parts the tests read, typed loosely (EChartsOption unions every component's shape). */
interface Seen {
  title: { text: string };
  legend: { data: string[] };
  xAxis: { show: boolean; name: string; axisLabel: { formatter: (v: number) => string } };
  yAxis: { show: boolean; type: string; inverse: boolean; data: string[] };
  series: Array<{ type: string; name: string; stack: string; data: number[] }>;
  graphic?: Array<{ style: { text: string } }>;
}
const seen = (chart: BurnChart) => burnChartOption(chart) as unknown as Seen;

describe('burnChartOption', () => {
  it('draws one stacked horizontal bar per department, first department on top, with every segment in major units', () => {
    const o = seen(zhChart());
    expect(o.yAxis).toMatchObject({ type: 'category', inverse: true, data: ['研发部', '销售部', '行政部'] });
    expect(o.series.map((s) => [s.type, s.stack])).toEqual([['bar', 'budget'], ['bar', 'budget'], ['bar', 'budget']]);
    expect(o.series.map((s) => s.data)).toEqual([
      [1234.56, 0, 7],
      [50000, 0.01, 0],
      [0.1, 99999.99, 3],
    ]);
  });

  it('names the segments and the axis in Chinese for a zh chart', () => {
    const o = seen(zhChart());
    expect(o.title.text).toBe('2026-12 预算执行（按部门）');
    expect(o.legend.data).toEqual(['已使用', '已冻结', '可用']);
    expect(o.series.map((s) => s.name)).toEqual(['已使用', '已冻结', '可用']);
    expect(o.xAxis.name).toBe('金额（CNY）');
  });

  it('names the segments and the axis in English for an en chart', () => {
    const o = seen(zhChart({ locale: 'en', title: 'Budget burn by department, 2026-12', bars: [{ label: 'R&D', consumedMinor: 1, frozenMinor: 2, availableMinor: 3 }] }));
    expect(o.legend.data).toEqual(['Consumed', 'Frozen', 'Available']);
    expect(o.series.map((s) => s.name)).toEqual(['Consumed', 'Frozen', 'Available']);
    expect(o.xAxis.name).toBe('Amount (CNY)');
    expect(o.yAxis.data).toEqual(['R&D']);
  });

  it('uses each currency own exponent: JPY has no minor digits, KWD three', () => {
    const jpy = seen(zhChart({ currency: 'JPY', bars: [{ label: '東京', consumedMinor: 18_500, frozenMinor: 0, availableMinor: 1 }] }));
    expect(jpy.series.map((s) => s.data[0])).toEqual([18500, 0, 1]);
    expect(jpy.xAxis.name).toBe('金额（JPY）');
    expect(toMajorUnits(1_234, 'KWD')).toBe(1.234);
  });

  it('labels axis ticks with grouped major amounts', () => {
    const o = seen(zhChart());
    expect(o.xAxis.axisLabel.formatter(125000)).toBe('125,000');
    expect(formatAxisAmount(1234.5, 'en', 'USD')).toBe('1,234.5');
    expect(formatAxisAmount(18500, 'en', 'JPY')).toBe('18,500');
  });

  it('keeps the title and says there is nothing to chart when there are no bars', () => {
    const zh = seen(zhChart({ bars: [] }));
    expect(zh.yAxis.data).toEqual([]);
    expect([zh.xAxis.show, zh.yAxis.show]).toEqual([false, false]);
    expect(seen(zhChart()).yAxis.show).toBe(true);
    expect(zh.series.every((s) => s.data.length === 0)).toBe(true);
    expect(zh.title.text).toBe('2026-12 预算执行（按部门）');
    expect(zh.graphic?.[0]?.style.text).toBe('暂无可绘制的预算');
    expect(seen(zhChart({ locale: 'en', bars: [] })).graphic?.[0]?.style.text).toBe('No budgets to chart');
    expect(seen(zhChart()).graphic).toBeUndefined();
  });

  it('refuses an amount that is not an integer of minor units', () => {
    expect(() => burnChartOption(zhChart({ bars: [{ label: 'x', consumedMinor: 1.5, frozenMinor: 0, availableMinor: 0 }] }))).toThrow(RangeError);
  });

  it('grows the picture with the number of departments, at a fixed width', () => {
    const one = burnChartSize(zhChart({ bars: zhChart().bars.slice(0, 1) }));
    const three = burnChartSize(zhChart());
    expect(one.width).toBe(CHART_WIDTH);
    expect(three.width).toBe(CHART_WIDTH);
    expect(three.height - one.height).toBe(2 * 36);
    expect(burnChartSize(zhChart({ bars: [] }))).toEqual(one);
  });

  it('asks for the given font family in every text', () => {
    const o = burnChartOption(zhChart(), { fontFamily: 'Noto Sans CJK SC' }) as unknown as { textStyle: { fontFamily: string }; title: { textStyle: { fontFamily: string } } };
    expect(o.textStyle.fontFamily).toBe('Noto Sans CJK SC');
    expect(o.title.textStyle.fontFamily).toBe('Noto Sans CJK SC');
  });
});
