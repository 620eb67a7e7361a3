// The visitor's invitation page at /v/<code>: public (no login), never cached, framed or indexed, and the same refusal
// for a forged code as for an unknown one. The language is the phone's.
import type { Hono } from 'hono';
import type { Db } from '../../../db/database.js';
import type { Clock } from '../../../domain/shared/index.js';
import type { SecretBox } from '../../secrets.js';
import { invitationOf } from '../../usecases/reception/invitations.js';
import { invitationPage, refusalPage } from './invitation-page.js';

export interface VisitorPagesDeps {
  db: Db;
  clock: Clock;
  box: SecretBox;
  publicUrl: string;
  graceMinutes: number;
}

export function registerVisitorPages(app: Hono<any>, deps: VisitorPagesDeps): void {
  app.get('/v/:code', async (c) => {
    const lang = c.req.header('accept-language')?.toLowerCase().startsWith('en') ? 'en' : 'zh';
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('X-Robots-Tag', 'noindex, nofollow');
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    const r = await invitationOf(deps, c.req.param('code'));
    if (!r.ok) return c.html(await refusalPage(r.error, lang), 404);
    return c.html(await invitationPage(r.value, lang), 200);
  });
}
