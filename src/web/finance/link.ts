// The one-time signed link that opens a finance page (from a chat button or the CLI). The token is compact and
// stateless until used: base64url(JSON [version, org, employee, page, expiry, link id]) "." HMAC under its own purpose,
// so it is bound to the organisation, the employee and the page; opening it records the link id (works once).
import { randomBytes } from 'node:crypto';
import { domainError, err, ok, type Clock, type Result } from '../../../domain/shared/index.js';
import type { SecretBox } from '../../secrets.js';

/** The pages a link can open. */
export const FINANCE_PAGES = ['exceptions', 'runs', 'reconciliation', 'budgets', 'reception'] as const;
export type FinancePage = (typeof FINANCE_PAGES)[number];
export const isFinancePage = (p: string): p is FinancePage => (FINANCE_PAGES as readonly string[]).includes(p);

/** A link works for this long after it is made. */
export const FINANCE_LINK_TTL_MS = 5 * 60_000;
const PURPOSE = 'finance-link';
const VERSION = 1;

export interface FinanceLinkClaims {
  orgId: string;
  employeeId: string;
  page: FinancePage;
  expiresAt: Date;
  linkId: string;
}

export interface FinanceLinkDeps {
  box: SecretBox;
  clock: Clock;
  config: { PUBLIC_URL?: string | undefined };
}

/** The token for `claims` (no I/O: nothing is stored until the link is opened). */
export function financeLinkToken(box: SecretBox, c: FinanceLinkClaims): string {
  const payload = Buffer.from(JSON.stringify([VERSION, c.orgId, c.employeeId, c.page, c.expiresAt.getTime().toString(36), c.linkId])).toString('base64url');
  return `${payload}.${box.mac(PURPOSE, payload)}`;
}

/**
 * `${PUBLIC_URL}/finance/open?t=<token>`: opens `page` as `employeeId` of `orgId`, once, within 5 minutes. Without
 * PUBLIC_URL the link is relative. Whether the employee may see the page is checked when it is shown, not here.
 * `ttlMs` is for links in a message read later (the morning digest: the day); still usable once.
 */
export function financeLink(deps: FinanceLinkDeps, orgId: string, employeeId: string, page: FinancePage, ttlMs = FINANCE_LINK_TTL_MS): string {
  const token = financeLinkToken(deps.box, { orgId, employeeId, page, expiresAt: new Date(deps.clock.now().getTime() + ttlMs), linkId: randomBytes(12).toString('base64url') });
  const base = (deps.config.PUBLIC_URL ?? '').replace(/\/+$/, '');
  return `${base}/finance/open?t=${token}`;
}

/**
 * The claims of a token made by `financeLinkToken` and not expired at `now` (pure: the one-time check is the caller's).
 * LINK.INVALID when it is malformed or its MAC does not verify; LINK.EXPIRED from its expiry on.
 */
export function readFinanceLink(box: SecretBox, token: string | undefined, now: Date): Result<FinanceLinkClaims> {
  const invalid = err(domainError('LINK.INVALID', 'the link is malformed or has been altered'));
  const [payload, mac, extra] = (token ?? '').split('.');
  if (!payload || !mac || extra !== undefined || payload.length > 1000) return invalid;
  if (!box.verifyMac(PURPOSE, payload, mac)) return invalid;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  if (!Array.isArray(fields) || fields.length !== 6 || fields[0] !== VERSION || !fields.slice(1).every((f) => typeof f === 'string' && f !== '')) return invalid;
  const [, orgId, employeeId, page, exp, linkId] = fields as [number, string, string, string, string, string];
  const expiresAt = new Date(parseInt(exp, 36));
  if (!isFinancePage(page) || Number.isNaN(expiresAt.getTime())) return invalid;
  if (now.getTime() >= expiresAt.getTime()) return err(domainError('LINK.EXPIRED', `the link expired at ${expiresAt.toISOString()}`));
  return ok({ orgId, employeeId, page, expiresAt, linkId });
}
