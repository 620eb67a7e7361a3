// index.html of the demo: one self-contained page (inline CSS, no script, no remote asset, opens from file://) that
// shows every story step by step as a chat: who wrote what, and each card drawn the way its platform shows it, with
// the payload that was sent folded underneath.
import { CARD_CSS, renderHtmlCard } from '../../cards/render-html.js';
import type { CardView } from '../../cards/view-model.js';
import { h, inlineMarkdown, trusted, type Html } from './html.js';
import { previewDingTalkCard } from './preview-dingtalk.js';
import { previewFeishuCard } from './preview-feishu.js';
import { previewSlackMessage, previewSlackModal } from './preview-slack.js';
import { REPORT_CSS } from './report-css.js';
import type { CardPayload, Entry, ReportSection, ReportStory } from './report-model.js';

const PLATFORM_NAMES: Readonly<Record<CardPayload['platform'], string>> = {
  console: 'web console', view: 'web console', feishu: 'Feishu', slack: 'Slack', 'slack-modal': 'Slack modal', dingtalk: 'DingTalk',
};

/** The payload exactly as the platform received it (what the Markdown transcript shows). */
function sourceOf(p: CardPayload): unknown {
  if (p.platform === 'feishu') return p.card;
  if (p.platform === 'slack') return { text: p.text, blocks: p.blocks };
  if (p.platform === 'dingtalk') return p.params;
  return p.view;
}

/**
 * The card drawn as its recipient sees it. Console cards are the HTML the console served (escaped by the product),
 * inside a disabled fieldset so the report's copy cannot post anything; lifecycle views go through the same renderer.
 */
function drawCard(p: CardPayload): Html {
  switch (p.platform) {
    case 'console':
      return h`<fieldset disabled class="rp-console">${trusted(p.html)}</fieldset>`;
    case 'view':
      return h`<fieldset disabled class="rp-console">${trusted(renderHtmlCard(p.view as CardView, { locale: 'zh', timeZone: 'Asia/Shanghai' }))}</fieldset>`;
    case 'feishu':
      return previewFeishuCard(p.card);
    case 'slack':
      return previewSlackMessage(p.blocks);
    case 'slack-modal':
      return previewSlackModal(p.view);
    case 'dingtalk':
      return previewDingTalkCard(p.params);
  }
}

function entry(e: Entry): Html {
  switch (e.kind) {
    case 'narrate':
      return h`<p class="rp-narrate">${inlineMarkdown(e.text)}</p>`;
    case 'line':
      return h`<p class="rp-line">${inlineMarkdown(e.text)}</p>`;
    case 'said':
      return h`<div class="rp-msg rp-msg--user"><div class="rp-who">${inlineMarkdown(e.from)} → bot · <span class="rp-via">${inlineMarkdown(e.via)}</span></div><div class="rp-bubble">${e.text}</div></div>`;
    case 'bot':
      return h`<div class="rp-msg rp-msg--bot"><div class="rp-who">bot → ${inlineMarkdown(e.to)} · <span class="rp-via">${inlineMarkdown(e.via)}</span></div><div class="rp-bubble">${e.text}</div></div>`;
    case 'card': {
      const p = e.payload;
      const updated = 'update' in p && p.update === true;
      const caption = e.caption ? inlineMarkdown(e.caption) : h`The clicked card as it now stands`;
      return h`<div class="rp-msg rp-msg--bot rp-msg--card"><div class="rp-who">${caption}${updated ? h` <span class="rp-badge">updated in place</span>` : ''}</div><div class="rp-card" data-platform="${p.platform}">${drawCard(p)}</div><details class="rp-source"><summary>${PLATFORM_NAMES[p.platform]} payload (JSON)</summary><pre>${JSON.stringify(sourceOf(p), null, 2)}</pre></details></div>`;
    }
    case 'source':
      return h`<details class="rp-source"><summary>${e.caption ? inlineMarkdown(e.caption) : e.lang.toUpperCase()}</summary><pre>${e.content}</pre></details>`;
    case 'table':
      return h`<div class="rp-table"><table><thead><tr>${e.headers.map((x) => h`<th>${inlineMarkdown(x)}</th>`)}</tr></thead><tbody>${e.rows.map((r) => h`<tr>${r.map((c) => h`<td>${inlineMarkdown(c)}</td>`)}</tr>`)}</tbody></table></div>`;
  }
}

function section(s: ReportSection): Html {
  if (!s.heading) return h`${s.entries.map(entry)}`;
  return h`<article class="rp-step"><h3>${inlineMarkdown(s.heading)}</h3>${s.at ? h`<p class="rp-time">🕑 ${s.at}</p>` : ''}<div class="rp-chat">${s.entries.map(entry)}</div></article>`;
}

/** The anchor of a story, from its transcript's file name ("feishu.md" → "feishu"). */
export const anchorOf = (story: Pick<ReportStory, 'file'>): string => story.file.replace(/\.md$/, '').replace(/[^a-z0-9-]/gi, '-');

function story(s: ReportStory): Html {
  return h`<section class="rp-story" id="${anchorOf(s)}"><h2>${s.title}</h2><p class="rp-summary">张伟: “${s.sentence}” → ${s.outcome} · <a href="${s.file}">Markdown transcript</a></p><div class="rp-intro">${s.intro.filter((p) => p.trim() !== '').map((p) => h`<p>${inlineMarkdown(p)}</p>`)}</div>${s.sections.map(section)}</section>`;
}

/** The whole report page for the stories that ran, and the ones that failed (named, with their error). */
export function renderReport(stories: readonly ReportStory[], failures: readonly { name: string; message: string }[] = []): string {
  const page = h`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Spendbot demo · 演示报告</title>
<style>${trusted(CARD_CSS)}
${trusted(REPORT_CSS)}</style>
</head>
<body>
<header class="rp-top">
<h1>Spendbot demo · 演示报告</h1>
<p>One trip request on every channel, then the travel and expense lifecycle. Each step shows who wrote what and every card as the person saw it: the web console's own HTML, and previews drawn from the exact payloads the fake Feishu, DingTalk and Slack servers received (the JSON is folded under each card). Buttons are drawn but inert.</p>
<p>同一个出差申请在每个渠道上的完整过程，以及之后的差旅报销全流程。每一步都显示谁说了什么，以及对方看到的卡片。</p>
<nav><ol>${stories.map((s) => h`<li><a href="#${anchorOf(s)}">${s.title}</a> — ${s.outcome}</li>`)}</ol></nav>
${failures.length > 0 ? h`<div class="rp-failures"><strong>Stories that failed:</strong><ul>${failures.map((f) => h`<li>${f.name}: ${f.message}</li>`)}</ul></div>` : ''}
</header>
<main>${stories.map(story)}</main>
</body>
</html>
`;
  return page.value;
}
