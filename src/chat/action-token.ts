// Signed card-button values: what a click may do, for whom, until when. Platforms echo the value back on click; a
// value that was forged, altered, expired or sent back by someone else is refused before anything is loaded.
import { z } from 'zod';
import type { SecretBox } from '../secrets.js';

const PURPOSE = 'card-action';

export const ActionClaimsSchema = z
  .object({
    /**
     * What the button is about: an approval instance, a chat draft, a draft expense line, the payee form, an account
     * typed in chat waiting for confirmation (`payee`), a payment the bank returned (`returned`), or the visit
     * registration form (`visit_form`), or a receipt sent in chat (`receipt`).
     */
    kind: z.enum(['approval', 'draft', 'line', 'payee_form', 'payee', 'returned', 'visit_form', 'receipt']),
    org: z.string().min(1),
    id: z.string().min(1),
    /** The approval step the card showed; a click on an old step must not act on the current one. */
    step: z.string().optional(),
    action: z.enum(['approve', 'reject', 'return', 'submit', 'edit', 'cancel', 'confirm', 'dismiss', 'pay_again', 'change_account', 'enter_account', 'open_form']),
    /** The employee the card was sent to: only they (or their platform identity) may click it. */
    to: z.string().min(1),
    /** Expiry, unix seconds. */
    exp: z.number().int(),
  })
  .strict();
export type ActionClaims = z.infer<typeof ActionClaimsSchema>;

/** `<base64url(json)>.<mac>`; stays well under Slack's 2,000-character button value limit. */
export function signAction(box: SecretBox, claims: ActionClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${box.mac(PURPOSE, body)}`;
}

export type TokenProblem = 'TOKEN.INVALID' | 'TOKEN.EXPIRED';

/** Checks the MAC, then the shape, then the expiry. */
export function verifyAction(box: SecretBox, token: string, now: Date): { ok: true; claims: ActionClaims } | { ok: false; problem: TokenProblem } {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 2000) return { ok: false, problem: 'TOKEN.INVALID' };
  const body = token.slice(0, dot);
  if (!box.verifyMac(PURPOSE, body, token.slice(dot + 1))) return { ok: false, problem: 'TOKEN.INVALID' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, problem: 'TOKEN.INVALID' };
  }
  const claims = ActionClaimsSchema.safeParse(parsed);
  if (!claims.success) return { ok: false, problem: 'TOKEN.INVALID' };
  if (claims.data.exp * 1000 < now.getTime()) return { ok: false, problem: 'TOKEN.EXPIRED' };
  return { ok: true, claims: claims.data };
}
