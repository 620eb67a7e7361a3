// The one-time signed link that opens a finance page (from a chat button or the CLI): a signed link (../signed-link.ts)
// under its own purpose whose scope is the page; opening it records the link id (works once).
import { ok, type Clock, type Result } from '../../../domain/shared/index.js';
import type { SecretBox } from '../../secrets.js';
import { newLinkId, readLink, signLink } from '../signed-link.js';

/** The pages a link can open. */
export const FINANCE_PAGES = ['exceptions', 'runs', 'reconciliation', 'budgets', 'reception'] as const;
export type FinancePage = (typeof FINANCE_PAGES)[number];
export const isFinancePage = (p: string): p is FinancePage => (FINANCE_PAGES as readonly string[]).includes(p);

/** A link works for this long after it is made. */
export const FINANCE_LINK_TTL_MS = 5 * 60_000;
const PURPOSE = 'finance-link';

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
  return signLink(box, PURPOSE, { orgId: c.orgId, employeeId: c.employeeId, scope: c.page, expiresAt: c.expiresAt, linkId: c.linkId });
}

/**
 * `${PUBLIC_URL}/finance/open?t=<token>`: opens `page` as `employeeId` of `orgId`, once, within 5 minutes. Without
 * PUBLIC_URL the link is relative. Whether the employee may see the page is checked when it is shown, not here.
 * `ttlMs` is for links in a message read later (the morning digest: the day); still usable once.
 */
export function financeLink(deps: FinanceLinkDeps, orgId: string, employeeId: string, page: FinancePage, ttlMs = FINANCE_LINK_TTL_MS): string {
  const token = financeLinkToken(deps.box, { orgId, employeeId, page, expiresAt: new Date(deps.clock.now().getTime() + ttlMs), linkId: newLinkId() });
  const base = (deps.config.PUBLIC_URL ?? '').replace(/\/+$/, '');
  return `${base}/finance/open?t=${token}`;
}

/**
 * The claims of a token made by `financeLinkToken` and not expired at `now` (pure: the one-time check is the caller's).
 * LINK.INVALID when it is malformed or its MAC does not verify; LINK.EXPIRED from its expiry on.
 */
export function readFinanceLink(box: SecretBox, token: string | undefined, now: Date): Result<FinanceLinkClaims> {
  const r = readLink(box, PURPOSE, token, now, isFinancePage);
  return r.ok ? ok({ orgId: r.value.orgId, employeeId: r.value.employeeId, page: r.value.scope as FinancePage, expiresAt: r.value.expiresAt, linkId: r.value.linkId }) : r;
}
