// The finance digest drawn on every platform: Feishu draws the chart from a VChart spec in the card, Slack shows the
// PNG (from our URL, or uploaded by the messenger), DingTalk's markdown shows it by URL; the page links open pages;
// a quiet day is one line everywhere.
import { describe, expect, it } from 'vitest';
import type { DigestCardView } from '../../cards/digest-view.js';
import { renderDingTalkCard } from '../../cards/render-dingtalk.js';
import { renderFeishuCard } from '../../cards/render-feishu.js';
import { renderHtmlCard } from '../../cards/render-html.js';
import { renderSlackMessage, SLACK_CHART_BLOCK, SLACK_CHART_PENDING } from '../../cards/render-slack.js';

const busy: DigestCardView = {
  kind: 'digest',
  day: '2026-11-17',
  payments: [
    { status: 'settled', count: 12, amounts: [{ minor: 3_400_000, currency: 'CNY' }, { minor: 12_000, currency: 'USD' }] },
    { status: 'rejected', count: 1, amounts: [{ minor: 12_800, currency: 'CNY' }] },
  ],
  matched: { count: 40, amounts: [{ minor: 5_000_000, currency: 'CNY' }] },
  unmatched: { count: 3, amounts: [{ minor: 300_000, currency: 'CNY' }] },
  exceptions: 5,
  chart: { locale: 'zh', title: '2026-11 预算执行（按部门）', currency: 'CNY', bars: [{ label: '销售部 <Sales>', consumedMinor: 1_234_500, frozenMinor: 200_000, availableMinor: 565_500 }, { label: '研发部', consumedMinor: 0, frozenMinor: 0, availableMinor: 100_000 }] },
  chartUrl: 'https://spend.example.com/charts/digest/demo/2026-11-17.png?l=zh&s=abc',
  links: [{ label: { zh: '处理异常', en: 'Resolve exceptions' }, url: 'https://spend.example.com/finance/open?t=tok(1)' }],
};
const quiet: DigestCardView = { kind: 'digest', day: '2026-11-17', payments: [], matched: { count: 0, amounts: [] }, unmatched: { count: 0, amounts: [] }, exceptions: 0, links: [] };
const zh = { locale: 'zh', timeZone: 'Asia/Shanghai' } as const;
const en = { locale: 'en', timeZone: 'Asia/Shanghai' } as const;

describe('the digest on Feishu', () => {
  it('draws the stacked bars from a VChart spec in major units and opens the page from a link button', () => {
    const card = renderFeishuCard(busy, zh);
    expect(card.header.title.content).toBe('财务日报 · 2026年11月17日');
    const chart = card.body.elements.find((e) => e.tag === 'chart') as { aspect_ratio: string; chart_spec: { direction: string; xField: string; yField: string; seriesField: string; data: { values: { department: string; segment: string; amount: number }[] }[] } };
    expect(chart.aspect_ratio).toBe('16:9');
    expect(chart.chart_spec).toMatchObject({ direction: 'horizontal', xField: 'amount', yField: 'department', seriesField: 'segment' });
    expect(chart.chart_spec.data[0]!.values.slice(0, 3)).toEqual([
      { department: '销售部 <Sales>', segment: '已使用', amount: 12_345 },
      { department: '销售部 <Sales>', segment: '已冻结', amount: 2_000 },
      { department: '销售部 <Sales>', segment: '可用', amount: 5_655 },
    ]);
    const text = JSON.stringify(card.body.elements);
    expect(text).toContain('已到账 12 笔 ¥34,000.00 + $120.00；被拒 1 笔 ¥128.00');
    expect(text).toContain('"default_url":"https://spend.example.com/finance/open?t=tok(1)"');
  });

  it('is one line on a quiet day, without a chart or buttons', () => {
    const card = renderFeishuCard(quiet, zh);
    expect(card.body.elements).toEqual([{ tag: 'hr' }, { tag: 'markdown', content: '**昨日没有付款和银行流水，也没有待处理的异常。**' }]);
  });
});

describe('the digest on Slack', () => {
  it('shows the PNG from our URL when there is one, and the link as a URL button', () => {
    const m = renderSlackMessage(busy, en);
    const image = m.blocks.find((b) => b.type === 'image')!;
    expect(image).toMatchObject({ block_id: SLACK_CHART_BLOCK, image_url: busy.chartUrl, alt_text: busy.chart!.title });
    expect(m.chart).toBeUndefined();
    const links = m.blocks.at(-1) as unknown as { type: string; elements: { url: string; action_id: string; text: { text: string } }[] };
    expect(links.elements[0]).toMatchObject({ url: busy.links[0]!.url, action_id: 'link_0', text: { text: 'Resolve exceptions' } });
  });

  it('leaves the chart for the messenger to upload when there is no URL of ours', () => {
    const { chartUrl: _none, ...noUrl } = busy;
    const m = renderSlackMessage(noUrl, en);
    expect(m.blocks.find((b) => b.type === 'image')).toMatchObject({ slack_file: { id: SLACK_CHART_PENDING } });
    expect(m.chart).toEqual(busy.chart);
  });

  it('is one line on a quiet day', () => {
    const m = renderSlackMessage(quiet, en);
    expect(JSON.stringify(m.blocks)).toContain('No payments and no bank lines yesterday, and no open exceptions.');
    expect(m.blocks.some((b) => b.type === 'image' || b.type === 'actions')).toBe(false);
  });
});

describe('the digest on DingTalk', () => {
  it('shows the chart by URL in the markdown, with the link, characters that would end the URL encoded', () => {
    const md = renderDingTalkCard(busy, zh).cardParamMap.markdown!;
    expect(md).toContain(`![2026-11 预算执行（按部门）](${busy.chartUrl})`);
    expect(md).toContain('[处理异常](https://spend.example.com/finance/open?t=tok%281%29)');
    const { cardData } = renderDingTalkCard({ ...busy, chartUrl: 'javascript:alert(1)' }, zh);
    expect(JSON.stringify(cardData)).toContain('](#)');
  });

  it('is one line on a quiet day', () => {
    expect(renderDingTalkCard(quiet, zh).cardParamMap.markdown).toBe('**无动态**\n\n**昨日没有付款和银行流水，也没有待处理的异常。**');
  });
});

describe('the digest in the console', () => {
  it('lists the chart’s figures as a table, every label escaped', () => {
    const html = renderHtmlCard(busy, zh);
    expect(html).toContain('<th scope="row">销售部 &lt;Sales&gt;</th><td>¥12,345.00</td><td>¥2,000.00</td><td>¥5,655.00</td>');
    expect(html).toContain('<a href="https://spend.example.com/finance/open?t=tok(1)" rel="noopener">处理异常</a>');
  });
});
