// The guard's page at a site's gate, built for a phone or a tablet at the door: the camera scanner (jsQR, served by
// us, no CDN) with a field for the code or the booking number, what the last scan came to (let in, or why not, in
// big letters), the visitors of a booking to pick from, who is on site now (the evacuation list, each with check-out),
// who is still expected today, walk-ins waiting for their host, and the walk-in form. Pure: view model in, HTML out,
// through `hono/html` (escaped by construction).
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { DomainErrorCode } from '../../../domain/shared/index.js';
import { errorReply } from '../../chat/texts.js';
import type { GateBoard, GateOutcome, GateVisitor } from '../../usecases/reception/gate.js';

export type Lang = 'zh' | 'en';
type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** What the last action came to, drawn above everything else. */
export type GateResult = GateOutcome | { kind: 'checked_out'; visitor: GateVisitor } | { kind: 'walk_in'; name: string; hostName: string } | { kind: 'problem'; message: string };

export interface GatePageView {
  lang: Lang;
  csrf: string;
  guardName: string;
  board: GateBoard;
  /** Walk-ins registered here waiting for their host's decision. */
  waiting: { visitId: string; names: string; hostName: string; since: string }[];
  result?: GateResult;
  /** What was typed into the walk-in form when it was refused (drawn again, nothing lost). */
  walkIn?: Record<string, string>;
}

const T = {
  title: { zh: '门岗登记', en: 'Gate' },
  scan: { zh: '扫描访客二维码', en: 'Scan the visitor’s QR code' },
  scanning: { zh: '请将二维码对准摄像头…', en: 'Hold the QR code up to the camera…' },
  starting: { zh: '正在打开摄像头…', en: 'Opening the camera…' },
  noCam: { zh: '无法使用摄像头：请在下方输入预约号或邀请码。', en: 'No camera here: type the booking number or the code below.' },
  denied: { zh: '摄像头未授权或不可用，请在下方手工输入。', en: 'The camera is not allowed or not available; type the code below.' },
  found: { zh: '已识别，正在核验…', en: 'Read; checking…' },
  code: { zh: '预约号或邀请码', en: 'Booking number or code' },
  check: { zh: '核验', en: 'Check' },
  checkedIn: { zh: '✓ 已登记入场', en: '✓ Checked in' },
  checkedOut: { zh: '已登记离场', en: 'Checked out' },
  refused: { zh: '✕ 不能入场', en: '✕ No entry' },
  host: { zh: '接待人', en: 'Host' },
  purpose: { zh: '事由', en: 'Purpose' },
  window: { zh: '来访时间', en: 'Visit' },
  booking: { zh: '预约', en: 'Booking' },
  pick: { zh: '请选择到达的访客：', en: 'Who has arrived?' },
  checkIn: { zh: '入场', en: 'Check in' },
  checkOut: { zh: '离场', en: 'Check out' },
  onSite: { zh: '在场访客', en: 'On site now' },
  nobody: { zh: '目前没有访客在场。', en: 'Nobody is on site.' },
  expected: { zh: '今日待到访客', en: 'Expected today' },
  none: { zh: '今天没有其他预约。', en: 'Nobody else is expected today.' },
  inAt: { zh: '入场', en: 'In' },
  outAt: { zh: '离场', en: 'Out' },
  walkIns: { zh: '临时访客（等待接待人确认）', en: 'Walk-ins waiting for their host' },
  walkIn: { zh: '登记临时访客', en: 'Register a walk-in' },
  name: { zh: '姓名', en: 'Name' },
  company: { zh: '单位', en: 'Company' },
  mobile: { zh: '手机号（可选，+86…）', en: 'Mobile (optional, +86…)' },
  hostField: { zh: '接待人（姓名或工号）', en: 'Host (name or employee id)' },
  purposeField: { zh: '来访事由', en: 'Purpose' },
  register: { zh: '提交给接待人确认', en: 'Ask the host' },
  walkInSent: { zh: '已通知接待人，确认后此页会自动更新。', en: 'The host has been asked; this page updates once they decide.' },
  signOut: { zh: '退出', en: 'Sign out' },
  count: { zh: '人', en: '' },
} as const;

const CSS = `
*{box-sizing:border-box}body{font:16px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f6f8fa;color:#1f2328}
header{background:#fff;border-bottom:1px solid #d0d7de;padding:8px 12px;display:flex;gap:10px;align-items:center;flex-wrap:wrap}header form{margin-left:auto}
main{max-width:48rem;margin:0 auto;padding:10px}h1{font-size:20px;margin:0}h2{font-size:17px;margin:0 0 8px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:12px;margin:0 0 12px}
video{width:100%;max-height:50vh;background:#000;border-radius:8px;display:block}#scan-status{margin:6px 0;color:#59636e}
form.row{display:flex;gap:6px;flex-wrap:wrap}input[type=text],input[type=tel]{padding:8px 10px;font-size:16px;flex:1;min-width:10rem;border:1px solid #d0d7de;border-radius:6px}
button{padding:8px 14px;font-size:16px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;cursor:pointer}button.primary{background:#1f883d;color:#fff;border-color:#1a7f37}
.result{border-radius:10px;padding:14px;margin:0 0 12px;font-size:18px}.result.ok{background:#dafbe1;border:2px solid #1a7f37}.result.no{background:#ffebe9;border:2px solid #cf222e}
.result .big{font-size:24px;font-weight:700;display:block}.muted{color:#59636e;font-size:14px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:6px 4px;border-bottom:1px solid #eaeef2;vertical-align:middle}
label{display:block;margin:6px 0 2px;font-size:14px;color:#59636e}.grid input{width:100%}
`;

const time = (iso: string | undefined, zone: string) => (iso ? new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso)) : '');
const who = (v: GateVisitor) => html`<strong class="visitor-name">${v.name}</strong>${v.company ? html` · ${v.company}` : ''}${v.title ? html` · ${v.title}` : ''}`;

function visitorFacts(lang: Lang, v: GateVisitor, zone: string): Html {
  return html`<div class="muted">${T.host[lang]}：<span class="host-name">${v.host.name}</span> · ${T.window[lang]} ${time(v.start, zone)}–${time(v.end, zone)} · ${T.purpose[lang]}：${v.purpose}${v.mobile ? html` · ${v.mobile}` : ''}</div>`;
}

/** A refusal's reason in words the guard reads (the chat's sentence for the code). */
const reasonOf = (lang: Lang, code: DomainErrorCode, message: string) => errorReply(lang, { code, message });

function resultPanel(v: GatePageView): Html | string {
  const { lang, result } = v;
  const zone = v.board.timeZone;
  if (!result) return '';
  switch (result.kind) {
    case 'checked_in':
      return html`<section class="result ok" role="status" data-result="checked_in"><span class="big">${T.checkedIn[lang]} ${time(result.visitor.checkedInAt, zone)}</span>${who(result.visitor)}${visitorFacts(lang, result.visitor, zone)}</section>`;
    case 'checked_out':
      return html`<section class="result ok" role="status" data-result="checked_out"><span class="big">${T.checkedOut[lang]} ${time(result.visitor.checkedOutAt, zone)}</span>${who(result.visitor)}</section>`;
    case 'refused':
      return html`<section class="result no" role="alert" data-result="refused" data-code="${result.code}"><span class="big">${T.refused[lang]}</span><p class="reason">${reasonOf(lang, result.code, result.message)}</p>${result.visitor ? html`${who(result.visitor)}${visitorFacts(lang, result.visitor, zone)}` : ''}</section>`;
    case 'booking':
      return html`<section class="card" data-result="booking"><h2>${T.booking[lang]} ${result.bookingNumber}</h2><p>${T.pick[lang]}</p><table>${result.visitors.map(
        (p) => html`<tr><td>${who(p)}${visitorFacts(lang, p, zone)}</td><td>${p.checkedInAt
          ? html`<span class="muted">${T.inAt[lang]} ${time(p.checkedInAt, zone)}${p.checkedOutAt ? html` · ${T.outAt[lang]} ${time(p.checkedOutAt, zone)}` : ''}</span>`
          : html`<form method="post" action="/gate/visitors/${p.visitorId}/check-in"><input type="hidden" name="_csrf" value="${v.csrf}" /><button class="primary">${T.checkIn[lang]}</button></form>`}</td></tr>`,
      )}</table></section>`;
    case 'walk_in':
      return html`<section class="result ok" role="status" data-result="walk_in"><span class="big">${result.name}</span>${T.walkInSent[lang]} (${T.host[lang]}：${result.hostName})</section>`;
    case 'problem':
      return html`<section class="result no" role="alert" data-result="problem"><p class="reason">${result.message}</p></section>`;
  }
}

/** The whole gate page. It refreshes itself every 20 s while walk-ins wait, so the host's decision shows up. */
export function gatePage(v: GatePageView): Html {
  const { lang, board } = v;
  const zone = board.timeZone;
  const t = (k: keyof typeof T) => T[k][lang];
  const csrf = html`<input type="hidden" name="_csrf" value="${v.csrf}" />`;
  const w = v.walkIn ?? {};
  return html`<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'zh-CN'}">
  <head>
    <meta charset="utf-8" /><meta name="viewport" content="width=device-width,initial-scale=1" />
    <meta name="referrer" content="no-referrer" /><meta name="robots" content="noindex,nofollow" />
    ${v.waiting.length > 0 ? html`<meta http-equiv="refresh" content="20;url=/gate" />` : ''}
    <title>${t('title')} · ${board.site.name}</title>
    <style>${raw(CSS)}</style>
  </head>
  <body>
    <header><h1>${t('title')} · ${board.site.name}</h1><span class="muted">${v.guardName}</span>
      <form method="post" action="/gate/logout">${csrf}<button>${t('signOut')}</button></form></header>
    <main>
      ${resultPanel(v)}
      <section class="card">
        <h2>${t('scan')}</h2>
        <video id="cam" playsinline muted></video>
        <p id="scan-status" data-scanning="${t('scanning')}" data-nocam="${t('noCam')}" data-denied="${t('denied')}" data-found="${t('found')}">${t('starting')}</p>
        <form id="scan-form" class="row" method="post" action="/gate/scan">${csrf}
          <input type="text" name="code" aria-label="${t('code')}" placeholder="${t('code')}" autocomplete="off" autocapitalize="characters" required maxlength="2048" />
          <button class="primary">${t('check')}</button>
        </form>
      </section>
      <section class="card" id="on-site">
        <h2>${t('onSite')} (<span class="count">${board.onSite.length}</span>${t('count')})</h2>
        ${board.onSite.length === 0
          ? html`<p class="muted">${t('nobody')}</p>`
          : html`<table>${board.onSite.map(
              (p) => html`<tr data-visitor="${p.visitorId}"><td>${who(p)}<div class="muted">${t('host')}：${p.host.name} · ${t('inAt')} ${time(p.checkedInAt, zone)}</div></td>
                <td><form method="post" action="/gate/visitors/${p.visitorId}/check-out">${csrf}<button>${t('checkOut')}</button></form></td></tr>`,
            )}</table>`}
      </section>
      ${v.waiting.length > 0
        ? html`<section class="card" id="waiting"><h2>${t('walkIns')}</h2><table>${v.waiting.map((x) => html`<tr><td><strong>${x.names}</strong><div class="muted">${t('host')}：${x.hostName} · ${time(x.since, zone)}</div></td></tr>`)}</table></section>`
        : ''}
      <section class="card" id="expected">
        <h2>${t('expected')}</h2>
        ${board.expected.length === 0
          ? html`<p class="muted">${t('none')}</p>`
          : html`<table>${board.expected.map(
              (p) => html`<tr data-visitor="${p.visitorId}"><td>${who(p)}${visitorFacts(lang, p, zone)}</td>
                <td><form method="post" action="/gate/visitors/${p.visitorId}/check-in">${csrf}<button class="primary">${t('checkIn')}</button></form></td></tr>`,
            )}</table>`}
      </section>
      <section class="card" id="walk-in">
        <h2>${t('walkIn')}</h2>
        <form method="post" action="/gate/walk-in" class="grid">${csrf}
          <label>${t('name')}<input type="text" name="name" required maxlength="60" value="${w.name ?? ''}" /></label>
          <label>${t('company')}<input type="text" name="company" maxlength="120" value="${w.company ?? ''}" /></label>
          <label>${t('mobile')}<input type="tel" name="mobile" maxlength="20" value="${w.mobile ?? ''}" /></label>
          <label>${t('hostField')}<input type="text" name="host" required maxlength="64" value="${w.host ?? ''}" /></label>
          <label>${t('purposeField')}<input type="text" name="purpose" required maxlength="200" value="${w.purpose ?? ''}" /></label>
          <p><button class="primary">${t('register')}</button></p>
        </form>
      </section>
    </main>
    <script src="/gate/assets/jsqr.js"></script>
    <script src="/gate/assets/scan.js"></script>
  </body>
</html>`;
}

/** A page that says why the gate cannot be opened, and what to do. */
export function gateRefusal(lang: Lang, reason: string): Html {
  const next = lang === 'en' ? 'Nothing was changed. Ask for a new gate link in the chat (“gate” / “门岗”).' : '未做任何更改。请在聊天中发送“门岗”重新获取链接。';
  return html`<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width,initial-scale=1" /><meta name="referrer" content="no-referrer" /><title>${T.title[lang]}</title><style>${raw(CSS)}</style></head>
<body><main><section class="result no" role="alert"><p class="reason">${reason}</p></section><p class="muted">${next}</p></main></body></html>`;
}

/**
 * The scanner: the back camera into a canvas, each frame to jsQR (bundled, served at /gate/assets/jsqr.js); the first
 * code read is put in the form and submitted. Without a camera (or permission) the guard types the code instead.
 */
export const SCAN_SCRIPT = `(() => {
  const video = document.getElementById('cam');
  const status = document.getElementById('scan-status');
  const form = document.getElementById('scan-form');
  if (!video || !status || !form) return;
  const field = form.querySelector('input[name=code]');
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof jsQR !== 'function') { status.textContent = status.dataset.nocam; return; }
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let done = false;
  navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then((stream) => {
    video.srcObject = stream;
    video.play().catch(() => {});
    status.textContent = status.dataset.scanning;
    const tick = () => {
      if (done) return;
      if (video.readyState >= 2 && video.videoWidth > 0) {
        const w = Math.min(video.videoWidth, 800);
        const h = Math.round((video.videoHeight * w) / video.videoWidth);
        canvas.width = w; canvas.height = h;
        ctx.drawImage(video, 0, 0, w, h);
        const found = jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'attemptBoth' });
        // The code just handled is still in front of the camera: the same one again within 15 s is not sent twice.
        let last = null;
        try { last = JSON.parse(sessionStorage.getItem('gate-last') || 'null'); } catch (e) { last = null; }
        const repeat = found && last && last.code === found.data && Date.now() - last.at < 15000;
        if (found && found.data && !repeat) {
          done = true;
          try { sessionStorage.setItem('gate-last', JSON.stringify({ code: found.data, at: Date.now() })); } catch (e) { /* private mode: no memory */ }
          field.value = found.data;
          status.textContent = status.dataset.found;
          stream.getTracks().forEach((t) => t.stop());
          form.submit();
          return;
        }
      }
      setTimeout(tick, 150);
    };
    tick();
  }).catch((e) => { status.textContent = status.dataset.denied + ' (' + (e && e.name) + ')'; });
})();
`;
