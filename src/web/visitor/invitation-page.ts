// The visitor's invitation page: what the SMS link (PUBLIC_URL/v/<token>) opens on a phone, with no login. The visit,
// the address, the host's (masked) phone, the site's rules, and a QR code of the link itself, so the guard's scanner
// and any phone camera read the same thing. Pure renderers from a view model to HTML, built with `hono/html`, which
// escapes every field; the QR is an inline SVG drawn on the server (no script, font or image from anywhere else).
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import QRCode from 'qrcode';
import type { InvitationMiss, InvitationPageData } from '../../usecases/reception/invitations.js';

export type Lang = 'zh' | 'en';

/** Where an invitation stands; only a valid one shows its QR code. */
export type InvitationStatus = InvitationPageData['status'];

/** What the invitation page shows (from the visit, never from the token): `invitationOf`'s answer. */
export type InvitationView = InvitationPageData;

/** Why a code cannot be shown. Both render the same page: a forger learns nothing from which one it was. */
export type InvitationRefusalReason = InvitationMiss;

const T = {
  title: { zh: '来访邀请', en: 'Visit invitation' },
  invitedBy: { zh: '邀请单位：', en: 'Invited by: ' },
  showQr: { zh: '到达后请向门卫出示此二维码', en: 'Show this QR code to the guard when you arrive' },
  qrLabel: { zh: '入场二维码', en: 'Entry QR code' },
  when: { zh: '时间', en: 'When' },
  visitors: { zh: '来访人员', en: 'Visitors' },
  purpose: { zh: '来访事由', en: 'Purpose' },
  place: { zh: '地点', en: 'Place' },
  host: { zh: '接待人', en: 'Host' },
  phone: { zh: '电话：', en: 'Phone: ' },
  rules: { zh: '访客须知', en: 'Site rules' },
  refusedTitle: { zh: '无法打开此邀请', en: 'This invitation cannot be opened' },
  refused: { zh: '此链接无效。', en: 'This link is not valid.' },
  refusedNext: {
    zh: '请检查短信中的链接是否完整，或联系邀请您的人重新发送。',
    en: 'Check that the link from the text message is complete, or ask the person who invited you to send it again.',
  },
} as const;

/** Why a QR code is not shown, by status. */
const NOT_VALID: Record<Exclude<InvitationStatus, 'valid'>, { zh: string; en: string }> = {
  used: { zh: '此邀请已使用', en: 'This invitation has already been used' },
  expired: { zh: '此邀请已过期', en: 'This invitation has expired' },
  revoked: { zh: '此邀请已被取消', en: 'This invitation has been cancelled' },
};

const CSS = `
*{box-sizing:border-box}
body{font:16px/1.55 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f6f8fa;color:#1f2328;-webkit-text-size-adjust:100%}
main{max-width:32rem;margin:0 auto;padding:12px}
h1{font-size:22px;margin:6px 0 2px}.company{margin:0 0 12px;color:#59636e}
.card{background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:14px;margin:0 0 12px;overflow-wrap:anywhere}
.qr{width:min(300px,100%);min-width:240px;margin:0 auto}.qr svg{display:block;width:100%;height:auto}
.hint{text-align:center;margin:8px 0 0;font-weight:600}
.status{font-size:18px;font-weight:600;color:#9a6700;background:#fff8c5;border:1px solid #d4a72c;border-radius:8px;padding:12px;margin:0 0 12px}
.error{color:#c5221f;background:#ffebe9;border:1px solid #ffcecb;border-radius:8px;padding:12px;font-weight:600}
dl{margin:0}dt{color:#59636e;font-size:14px;margin-top:10px}dt:first-child{margin-top:0}dd{margin:2px 0 0}
.muted{color:#59636e;font-size:14px}ul{margin:6px 0 0;padding-left:1.3em}li{margin:2px 0}h2{font-size:17px;margin:0}
`;

/** The frame every visitor page shares: no external asset, no referrer (the URL carries the invitation), not indexed. */
function page(lang: Lang, title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'zh-CN'}">
  <head>
    <meta charset="utf-8" /><meta name="viewport" content="width=device-width,initial-scale=1" />
    <meta name="referrer" content="no-referrer" /><meta name="robots" content="noindex,nofollow" />
    <title>${title}</title>
    <style>${raw(CSS)}</style>
  </head>
  <body>
    <main>${body}</main>
  </body>
</html>`;
}

/** `start`–`end` in the visit's zone and the reader's language ("2026年12月8日星期二 09:00–11:30"), and the zone's name. */
function visitTime(lang: Lang, start: Date, end: Date, timeZone: string): { range: string; zone: string } {
  const locale = lang === 'en' ? 'en-GB' : 'zh-CN';
  const range = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'full', timeStyle: 'short', hourCycle: 'h23' }).formatRange(start, end);
  const zone = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'longGeneric' }).formatToParts(start).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return { range, zone };
}

/** What qrcode's SVG renderer writes: one svg element holding paths of numbers and our two colours, nothing else. */
const QR_SVG = /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+" shape-rendering="crispEdges">(<path (fill|stroke)="#[0-9a-f]{6}" d="[MmHhVvZz0-9. ]+"\/>)+<\/svg>\s*$/;

/**
 * The QR code of `link` as inline SVG: error correction M (a scratched screen or a glare still reads), a quiet zone of
 * 4 modules as the standard asks. It goes into the page unescaped, so it is checked to be only what qrcode draws.
 */
async function qrSvg(link: string) {
  const svg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  if (!QR_SVG.test(svg)) throw new Error('qrcode drew something other than paths: refusing to put it in the page unescaped');
  return raw(svg);
}

/**
 * The invitation page for `view` in `lang` (Chinese unless asked otherwise). A valid invitation shows its QR code
 * first (what the visitor holds up at the gate); any other status shows why there is none instead. The details are
 * shown unless the invitation was revoked: a revoked link may have gone to the wrong person, so it says only that.
 */
export async function invitationPage(view: InvitationView, lang: Lang = 'zh'): Promise<HtmlEscapedString | string> {
  const t = (k: keyof typeof T) => T[k][lang];
  const head = html`<h1>${t('title')}</h1><p class="company">${t('invitedBy')}${view.company}</p>`;
  if (view.status === 'revoked') return page(lang, t('title'), html`${head}<p class="status" role="alert" data-status="revoked">${NOT_VALID.revoked[lang]}</p>`);

  const top =
    view.status === 'valid'
      ? html`<section class="card"><div class="qr" role="img" aria-label="${t('qrLabel')}">${await qrSvg(view.link)}</div><p class="hint">${t('showQr')}</p></section>`
      : html`<p class="status" role="alert" data-status="${view.status}">${NOT_VALID[view.status][lang]}</p>`;
  const when = visitTime(lang, view.start, view.end, view.timeZone);
  const details = html`<section class="card"><dl>
  <dt>${t('when')}</dt><dd>${when.range}<div class="muted">${when.zone}</div></dd>
  <dt>${t('visitors')}</dt><dd>${view.visitors.map((v, i) => html`${i > 0 ? (lang === 'en' ? ', ' : '、') : ''}<span class="visitor">${v}</span>`)}</dd>
  <dt>${t('purpose')}</dt><dd>${view.purpose}</dd>
  <dt>${t('place')}</dt><dd>${view.site.name}<div>${view.site.address}</div></dd>
  <dt>${t('host')}</dt><dd>${view.host.name}${view.host.phone ? html`<div>${t('phone')}<a class="phone" href="tel:${view.host.phone.replace(/[^+\d]/g, '')}">${view.host.phone}</a></div>` : ''}</dd>
</dl></section>`;
  const rules = view.site.rules.length ? html`<section class="card"><h2>${t('rules')}</h2><ul>${view.site.rules.map((r) => html`<li>${r}</li>`)}</ul></section>` : '';
  return page(lang, t('title'), html`${head}${top}${details}${rules}`);
}

/**
 * The page for a code that is forged, altered or names no visit. It is the same whatever the reason (and whatever the
 * code): it names no company, visit, person or site, so trying codes teaches nothing.
 */
export async function refusalPage(_reason: InvitationRefusalReason, lang: Lang = 'zh'): Promise<HtmlEscapedString | string> {
  const t = (k: keyof typeof T) => T[k][lang];
  return page(lang, t('refusedTitle'), html`<h1>${t('refusedTitle')}</h1><p class="error" role="alert">${t('refused')}</p><p class="muted">${t('refusedNext')}</p>`);
}
