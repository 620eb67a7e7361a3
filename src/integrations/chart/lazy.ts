// The chart renderer loaded on first use: ECharts and resvg's native binary cost start-up time and memory that an
// instance never drawing a chart should not pay, and the Workers bundle must not contain them (the digest's Slack
// image is then left out; the figures are in the text).
import type { BurnChart } from '../../../cards/digest-view.js';

export const chartPngOnDemand = async (chart: BurnChart): Promise<Uint8Array> => (await import('./render.js')).burnChartPng(chart);
