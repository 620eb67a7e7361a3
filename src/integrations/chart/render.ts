// The digest's budget-burn chart drawn on the server: the ECharts option (cards/chart-options.ts) to SVG with
// ECharts' server-side SVG renderer, and the SVG to PNG with resvg, for platforms that take an image (Slack, DingTalk).
// Text is drawn with the one font the project ships (assets/fonts/, made by scripts/make-cjk-font.sh), never a system
// font, so Chinese labels render, and render the same, on every machine.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderAsync } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { burnChartOption, burnChartSize } from '../../../cards/chart-options.js';
import type { BurnChart } from '../../../cards/digest-view.js';

/** The family name inside the shipped font (Noto Sans CJK SC cut to GB2312): every text in the chart asks for it. */
export const CHART_FONT_FAMILY = 'Noto Sans CJK SC';
const FONT_FILE = 'NotoSansSC-GB2312.otf';

/**
 * The shipped font's path: `assets/fonts/` from the sources, or `fonts/` beside the chunk when bundled into dist/
 * (a bundle that draws charts must copy assets/fonts there). Throws when neither exists: a chart without its font
 * would silently lose every Chinese character.
 */
export function chartFontPath(): string {
  const candidates = [new URL(`../../../assets/fonts/${FONT_FILE}`, import.meta.url), new URL(`./fonts/${FONT_FILE}`, import.meta.url)].map((u) => fileURLToPath(u));
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) throw new Error(`chart font ${FONT_FILE} not found (looked in ${candidates.join(', ')}); run scripts/make-cjk-font.sh`);
  return found;
}

/** The chart as a standalone SVG document, sized by `burnChartSize`. Synchronous and pure CPU (no DOM, no canvas). */
export function burnChartSvg(chart: BurnChart): string {
  const { width, height } = burnChartSize(chart);
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    instance.setOption(burnChartOption(chart, { fontFamily: CHART_FONT_FAMILY }));
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}

export interface ChartPngOptions {
  /** Pixels per CSS pixel (default 2: sharp on high-density screens, which is how Slack shows images). */
  readonly scale?: number;
  /** The fonts to draw with; by default only the shipped font. Tests pass [] to see what a missing font looks like. */
  readonly fontFiles?: readonly string[];
}

/**
 * The chart as a PNG of `burnChartSize(chart)` × `scale` pixels on a white background. resvg rasterises on libuv's
 * thread pool (`renderAsync`), so a chart does not hold up the requests being answered meanwhile.
 */
export async function burnChartPng(chart: BurnChart, options: ChartPngOptions = {}): Promise<Uint8Array> {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && scale <= 4)) throw new RangeError(`chart scale must be in (0, 4], got ${String(scale)}`);
  const fontFiles = [...(options.fontFiles ?? [chartFontPath()])];
  const rendered = await renderAsync(burnChartSvg(chart), {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    // No system fonts: the picture must not depend on what the machine happens to have installed.
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
    logLevel: 'off',
  });
  return new Uint8Array(rendered.asPng());
}
