// The budget-burn chart drawn on the server: ECharts' SVG, resvg's PNG, and Chinese text drawn with the shipped font.
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { burnChartSize } from '../../../cards/chart-options.js';
import type { BurnChart } from '../../../cards/digest-view.js';
import { burnChartPng, burnChartSvg, chartFontPath } from '../../../src/integrations/chart/render.js';
import { decodePng, inkIn, PNG_SIGNATURE, pngHeader, regionKey } from './png-pixels.js';

function chart(labels: readonly string[], overrides: Partial<BurnChart> = {}): BurnChart {
  return {
    locale: 'zh',
    title: '2026-12 预算执行（按部门）',
    currency: 'CNY',
    bars: labels.map((label, i) => ({ label, consumedMinor: (i + 1) * 3_000_000, frozenMinor: 1_000_000, availableMinor: 2_000_000 })),
    ...overrides,
  };
}

/** Where the department names are drawn at scale 1: left of the value axis (at x 68 for names of 3 full-width characters). */
const labelBox = (c: BurnChart) => ({ x0: 0, y0: 64, x1: 62, y1: burnChartSize(c).height - 72 });
/** Where the title is drawn at scale 1: centred in the top band. */
const titleBox = { x0: 200, y0: 8, x1: 600, y1: 48 };

describe('burnChartSvg', () => {
  it('is one SVG document of the chart size whose text asks for the shipped font, with labels escaped', () => {
    const c = chart(['研发部', 'R&D <Lab>']);
    const svg = burnChartSvg(c);
    const { width, height } = burnChartSize(c);
    expect(svg.startsWith(`<svg width="${width}" height="${height}"`)).toBe(true);
    expect(svg).toContain('研发部');
    expect(svg).toContain('R&amp;D &lt;Lab&gt;');
    expect(svg).not.toContain('<Lab>');
    expect(svg).toContain('font-family:Noto Sans CJK SC');
    expect(svg).not.toMatch(/font-family:(?!Noto Sans CJK SC)/);
  });
});

describe('burnChartPng', () => {
  it('is a valid 8-bit PNG at twice the chart size by default, and at the chart size at scale 1', async () => {
    const c = chart(['研发部', '销售部', '行政部']);
    const { width, height } = burnChartSize(c);
    const png = await burnChartPng(c);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngHeader(png)).toMatchObject({ width: width * 2, height: height * 2, bitDepth: 8 });
    expect(png.at(-8)).toBeDefined();
    expect(String.fromCharCode(...png.subarray(png.length - 8, png.length - 4))).toBe('IEND');
    const small = decodePng(await burnChartPng(c, { scale: 1 }));
    expect([small.width, small.height]).toEqual([width, height]);
  });

  it('draws on white: a corner pixel is opaque white', async () => {
    const p = decodePng(await burnChartPng(chart(['研发部']), { scale: 1 }));
    expect([...p.rgba.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it('draws Chinese department names and title with the shipped font, and nothing without it', async () => {
    const c = chart(['研发部', '销售部']);
    const withFont = decodePng(await burnChartPng(c, { scale: 1 }));
    const noFont = decodePng(await burnChartPng(c, { scale: 1, fontFiles: [] }));
    expect(inkIn(withFont, labelBox(c))).toBeGreaterThan(100);
    expect(inkIn(withFont, titleBox)).toBeGreaterThan(200);
    // The same chart with no font at all: the bars are drawn, the text is not.
    expect(inkIn(noFont, labelBox(c))).toBe(0);
    expect(inkIn(noFont, titleBox)).toBe(0);
  });

  it('draws different Chinese names differently (real glyphs, not the same missing-glyph boxes)', async () => {
    const a = chart(['研发部', '销售部']);
    const b = chart(['财务部', '行政部']);
    const pa = decodePng(await burnChartPng(a, { scale: 1 }));
    const pb = decodePng(await burnChartPng(b, { scale: 1 }));
    expect(inkIn(pa, labelBox(a))).toBeGreaterThan(100);
    expect(inkIn(pb, labelBox(b))).toBeGreaterThan(100);
    expect(regionKey(pa, labelBox(a))).not.toBe(regionKey(pb, labelBox(b)));
    // Outside the names (bars, axis, legend, title) the two pictures are the same.
    const rest = { x0: 66, y0: 0, x1: pa.width, y1: pa.height };
    expect(regionKey(pa, rest)).toBe(regionKey(pb, rest));
  });

  it('draws an English chart and an empty one', async () => {
    const en = chart(['R&D <Lab>', 'Sales'], { locale: 'en', title: 'Budget burn by department, 2026-12' });
    expect(inkIn(decodePng(await burnChartPng(en, { scale: 1 })), labelBox(en))).toBeGreaterThan(50);
    const empty = chart([], { locale: 'en' });
    const p = decodePng(await burnChartPng(empty, { scale: 1 }));
    expect([p.width, p.height]).toEqual([burnChartSize(empty).width, burnChartSize(empty).height]);
    expect(inkIn(p, titleBox)).toBeGreaterThan(200);
  });

  it('gives the same bytes for the same chart', async () => {
    const c = chart(['研发部', '销售部']);
    expect(Buffer.from(await burnChartPng(c))).toEqual(Buffer.from(await burnChartPng(c)));
  });

  it('refuses a scale outside (0, 4]', async () => {
    await expect(burnChartPng(chart(['研发部']), { scale: 0 })).rejects.toThrow(RangeError);
    await expect(burnChartPng(chart(['研发部']), { scale: 8 })).rejects.toThrow(RangeError);
  });

  it('loads the font shipped in assets/fonts, a few MB at most', () => {
    const path = chartFontPath();
    expect(path).toMatch(/assets\/fonts\/NotoSansSC-GB2312\.otf$/);
    expect(statSync(path).size).toBeLessThan(4 * 1024 * 1024);
  });
});
