// The front door: what a person sees at the service's root URL (both languages), and its icon. The page links to what
// this instance serves; nothing on it depends on who asks, so it needs no session.
import type { Hono } from 'hono';
import { html } from 'hono/html';

/** A small receipt-and-check mark, drawn in SVG so no binary file ships; browsers accept SVG at /favicon.ico. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect x="10" y="4" width="44" height="56" rx="6" fill="#1456f0"/><path d="M20 20h24M20 30h24M20 40h12" stroke="#fff" stroke-width="4" stroke-linecap="round"/><circle cx="46" cy="46" r="12" fill="#34c759"/><path d="M40 46l4 4 8-8" stroke="#fff" stroke-width="4" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

export interface FrontDoorLinks {
  /** Whether /console is served by this instance. */
  console: boolean;
}

const page = (links: FrontDoorLinks) => html`<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width,initial-scale=1" />
    <title>Spendbot · 费控助手</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <style>
      body{font:15px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:42rem;margin:8vh auto;padding:0 16px;color:#1f2329}
      h1{font-size:1.6rem;margin:0 0 .2rem}.en{color:#646a73}ul{padding-left:1.2rem}li{margin:.4rem 0}a{color:#1456f0}
    </style>
  </head>
  <body>
    <h1>费控助手 <span class="en">Spendbot</span></h1>
    <p>在飞书、钉钉和 Slack 里用一句话提交出差、报销和访客登记，按制度和部门预算审批，审批人在卡片上一键同意或驳回。</p>
    <p class="en">Trips, expenses and visitor registrations from one sentence in Feishu, DingTalk or Slack, checked against policy and the department budget, approved with one click on a card.</p>
    <ul>
      ${links.console ? html`<li><a href="/console">控制台 · Web console</a>: 以演示员工身份聊天和审批 / chat and approve as a demo employee</li>` : ''}
      <li><a href="/docs">接口文档 · API documentation</a> (<a href="/openapi.json">OpenAPI 3.1</a>)</li>
      <li><a href="/health">健康检查 · Health check</a></li>
    </ul>
  </body>
</html>`;

/** Mounts `/`, `/favicon.ico` and `/favicon.svg`. */
export function registerFrontDoor(app: Hono<any>, links: FrontDoorLinks): void {
  app.get('/', (c) => c.html(page(links)));
  const icon = () => new Response(FAVICON_SVG, { headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' } });
  app.get('/favicon.ico', icon);
  app.get('/favicon.svg', icon);
}
