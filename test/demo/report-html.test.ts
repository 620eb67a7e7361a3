// The demo report's preview renderers and page: platform markdown becomes the right tags, and no text from a card or
// a person ever reaches the page as markup (every test feeds in a <script> or an <img onerror>).
import { describe, expect, it } from 'vitest';
import { h, inlineMarkdown } from './html.js';
import { previewDingTalkCard } from './preview-dingtalk.js';
import { previewFeishuCard } from './preview-feishu.js';
import { dingtalkMarkdown, feishuMarkdown, slackMrkdwn } from './preview-markdown.js';
import { previewSlackMessage, previewSlackModal } from './preview-slack.js';
import { renderReport } from './report-html.js';
import type { ReportStory } from './report-model.js';

const EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>';
/** No element or attribute that EVIL could have introduced: no script or img tag, no `on…` attribute in any tag. */
const inert = (html: string) => {
  expect(html).not.toMatch(/<script|<img/i);
  const attributes = [...html.matchAll(/<[a-z][^>]*>/gi)].flatMap((tag) => [...tag[0].matchAll(/\s([a-z-]+)(?:="[^"]*")?/gi)].map((a) => a[1]!.toLowerCase()));
  expect(attributes.filter((a) => a.startsWith('on'))).toEqual([]);
};

describe('platform markdown in the previews', () => {
  it('draws Feishu bold, font colours and entities, and escapes everything else', () => {
    const out = feishuMarkdown(`**申请人**：张伟\n<font color='red'>⛔ 超标</font>：drf&#95;1 &#42;not bold&#42; ${EVIL}`).value;
    expect(out).toContain('<strong>申请人</strong>：张伟<br>');
    expect(out).toContain('<span class="fc-red">⛔ 超标</span>');
    expect(out).toContain('drf_1 *not bold*');
    expect(out).toContain('&lt;script&gt;');
    inert(out);
  });

  it('closes what Feishu markdown leaves open and ignores a stray closing tag', () => {
    expect(feishuMarkdown(`**open <font color='grey'>grey`).value).toBe('<strong>open <span class="fc-grey">grey</span></strong>');
    expect(feishuMarkdown('</font>text').value).toBe('text');
  });

  it('draws DingTalk bold, italic, escapes and list items, one line per paragraph', () => {
    const out = dingtalkMarkdown(`**已提交**\n\n**申请编号**：drf\\_000085\n\n- 11月18日 *审批* \\*x\\*\n\n${EVIL}`).value;
    expect(out).toBe(`<strong>已提交</strong><br><strong>申请编号</strong>：drf_000085<br>• 11月18日 <em>审批</em> *x*<br>${EVIL.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}`);
  });

  it('draws Slack mrkdwn at word edges, shows links by label and decodes its three entities as text', () => {
    const out = slackMrkdwn('*申请人* _note_ ~old~ e_zhang_wei <https://x.example|the page> &lt;b&gt; &amp;').value;
    expect(out).toBe('<strong>申请人</strong> <em>note</em> <s>old</s> e_zhang_wei the page &lt;b&gt; &amp;');
    inert(slackMrkdwn(EVIL.replace(/</g, '&lt;')).value);
  });
});

describe('card previews', () => {
  it('draws a Feishu card: header with status tag, fields, the reason form and buttons as inert buttons', () => {
    const card = {
      schema: '2.0',
      header: { title: { tag: 'plain_text', content: `出差申请 ${EVIL}` }, template: 'orange" onclick="x', text_tag_list: [{ tag: 'text_tag', text: { tag: 'plain_text', content: '待审批' }, color: 'orange' }] },
      body: {
        elements: [
          { tag: 'markdown', content: '**行程**：上海' },
          { tag: 'hr' },
          { tag: 'form', elements: [{ tag: 'input', name: 'reason', label: { tag: 'plain_text', content: '驳回理由' }, placeholder: { tag: 'plain_text', content: EVIL } }, { tag: 'column_set', columns: [{ tag: 'column', elements: [{ tag: 'button', text: { tag: 'plain_text', content: '驳回' }, type: 'danger' }] }] }] },
          { tag: 'chart' },
        ],
      },
    };
    const out = previewFeishuCard(card).value;
    expect(out).toContain('<div class="pv-head pv-head--default"><span class="pv-title">出差申请 &lt;script&gt;');
    expect(out).toContain('<span class="pv-tag pv-tag--orange">待审批</span>');
    expect(out).toContain('<strong>行程</strong>：上海');
    expect(out).toMatch(/<div class="fs-form"><label class="fs-input"><span>驳回理由<\/span><input type="text" disabled placeholder="&lt;script&gt;[^"]*"><\/label>.*<button type="button" disabled class="pv-btn pv-btn--danger">驳回<\/button>/);
    expect(out).toContain('<div class="pv-unknown">[chart]</div>');
    inert(out);
    expect(previewFeishuCard({ type: 'raw', data: card }).value).toBe(out); // a card.action.trigger answer
  });

  it('draws Slack blocks and a modal with its buttons', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: `Trip ${EVIL}` } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*To*\nShanghai' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '10:00' }] },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Approve' }, style: 'primary', value: 't' }, { type: 'button', text: { type: 'plain_text', text: 'Reject' }, style: 'danger" x="' }] },
    ];
    const out = previewSlackMessage(blocks).value;
    expect(out).toContain('<div class="sl-header">Trip &lt;script&gt;');
    expect(out).toContain('<div class="sl-fields"><div><strong>To</strong><br>Shanghai</div></div>');
    expect(out).toContain('<button type="button" disabled class="pv-btn pv-btn--primary">Approve</button><button type="button" disabled class="pv-btn pv-btn--default">Reject</button>');
    inert(out);
    const modal = previewSlackModal({ type: 'modal', title: { type: 'plain_text', text: '驳回' }, submit: { type: 'plain_text', text: '驳回' }, close: { type: 'plain_text', text: '取消' }, blocks: [{ type: 'input', label: { type: 'plain_text', text: EVIL }, element: { type: 'plain_text_input', multiline: true, placeholder: { type: 'plain_text', text: '请填写理由' } } }] }).value;
    expect(modal).toContain('<textarea disabled rows="3" placeholder="请填写理由"></textarea>');
    expect(modal).toContain('<button type="button" disabled class="pv-btn pv-btn--default">取消</button><button type="button" disabled class="pv-btn pv-btn--primary">驳回</button>');
    inert(modal);
  });

  it('draws a DingTalk card from its cardParamMap, with the reason box, buttons and the click message', () => {
    const buttons = JSON.stringify([{ action: 'approve', text: '同意', status: 'primary', needs_reason: false }, { action: 'reject', text: `驳回${EVIL}`, status: 'warning', needs_reason: true }]);
    const out = previewDingTalkCard({ title: EVIL, status_text: '待审批', tone: 'pending', markdown: '**申请人**：张伟', buttons, reason_label: '理由', reason_placeholder: '请填写', message: '已处理。' }).value;
    expect(out).toContain('<div class="pv-head pv-head--pending"><span class="pv-title">&lt;script&gt;');
    expect(out).toContain('<span class="pv-tag pv-tag--pending">待审批</span>');
    expect(out).toContain('<label class="fs-input"><span>理由</span><input type="text" disabled placeholder="请填写"></label>');
    expect(out).toContain('<button type="button" disabled class="pv-btn pv-btn--primary">同意</button><button type="button" disabled class="pv-btn pv-btn--danger">驳回&lt;script&gt;');
    expect(out).toContain('<div class="dt-message">已处理。</div>');
    inert(out);
    expect(previewDingTalkCard({ title: 't', tone: '"><x', buttons: 'not json' }).value).toContain('pv-head--info');
  });
});

describe('the report page', () => {
  const story = (over: Partial<ReportStory> = {}): ReportStory => ({
    title: `Feishu ${EVIL}`,
    file: 'feishu.md',
    sentence: EVIL,
    outcome: 'approved',
    intro: [`The service ${EVIL} \`code\` **bold**`],
    sections: [
      { heading: '', entries: [] },
      {
        heading: `1. 张伟 (\`e_zhangwei\`) asks ${EVIL}`,
        at: '2026-11-18 10:00 (Asia/Shanghai)',
        entries: [
          { kind: 'narrate', text: `张伟 writes ${EVIL}` },
          { kind: 'said', from: '张伟 (`e_zhangwei`)', text: EVIL, via: 'event' },
          { kind: 'bot', to: '张伟', text: `要去哪个城市？\n${EVIL}`, via: 'im.message.create' },
          { kind: 'card', caption: `**bot → 张伟** ${EVIL}`, payload: { platform: 'feishu', card: { header: { title: { content: '出差申请' } }, body: { elements: [{ tag: 'button', text: { content: '提交' }, type: 'primary' }] } } } },
          { kind: 'card', caption: '', payload: { platform: 'dingtalk', params: { title: '出差申请', status_text: '已提交', markdown: '', buttons: '[]' }, update: true } },
          { kind: 'table', headers: ['request', EVIL], rows: [['`req_1`', EVIL]] },
          { kind: 'source', caption: 'Import report', lang: 'json', content: `{"x":"${EVIL}"}` },
        ],
      },
    ],
    ...over,
  });

  it('draws every step as a chat with the cards, escaping all text, with no script and nothing remote', () => {
    const page = renderReport([story()], [{ name: 'Slack', message: EVIL }]);
    inert(page);
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<nav><ol><li><a href="#feishu">Feishu &lt;script&gt;');
    expect(page).toContain('<h3>1. 张伟 (<code>e_zhangwei</code>) asks &lt;script&gt;');
    expect(page).toContain('<p class="rp-time">🕑 2026-11-18 10:00 (Asia/Shanghai)</p>');
    expect(page).toContain('<div class="rp-msg rp-msg--user"><div class="rp-who">张伟 (<code>e_zhangwei</code>) → bot');
    expect(page).toContain('<div class="rp-bubble">要去哪个城市？\n&lt;script&gt;');
    expect(page).toContain('<span class="pv-title">出差申请</span>');
    expect(page).toContain('<button type="button" disabled class="pv-btn pv-btn--primary">提交</button>');
    expect(page).toContain('The clicked card as it now stands <span class="rp-badge">updated in place</span>');
    expect(page).toContain('<td><code>req_1</code></td>');
    expect(page).toContain('<li>Slack: &lt;script&gt;');
    expect(page).toContain('<p>The service &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; <code>code</code> <strong>bold</strong></p>');
    const links = [...page.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
    expect(links).toEqual(['#feishu', 'feishu.md']);
    expect(page).not.toMatch(/url\(|@import|https?:\/\//);
  });

  it('keeps the markdown helpers from turning escaped markers into tags', () => {
    expect(inlineMarkdown('**<b>x</b>** `<i>`').value).toBe('<strong>&lt;b&gt;x&lt;/b&gt;</strong> <code>&lt;i&gt;</code>');
    expect(h`<p title="${'" onmouseover="x'}">${['a', h`<b>b</b>`]}</p>`.value).toBe('<p title="&quot; onmouseover=&quot;x">a<b>b</b></p>');
  });
});
