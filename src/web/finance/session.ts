// Finance page sessions and CSRF tokens: page sessions (../page-session.ts) of their own kind, so a finance cookie or
// CSRF token is worthless anywhere else.
import type { SecretBox } from '../../secrets.js';
import { pageSessions, type PageSession } from '../page-session.js';

export const FINANCE_COOKIE = 'finance_session';
/** A session ends this long after its link was opened; then a new link from the chat is needed. */
export const FINANCE_SESSION_MS = 2 * 3_600_000;

export type FinanceSession = PageSession;

const sessions = (box: SecretBox) => pageSessions(box, 'finance', FINANCE_SESSION_MS);

/** A new session for `employeeId` of `orgId` and the cookie value that proves it. */
export const startFinanceSession = (box: SecretBox, orgId: string, employeeId: string, now: Date): { session: FinanceSession; cookie: string } => sessions(box).start(orgId, employeeId, now);

/** The session behind a cookie value, or undefined when it is missing, forged or expired at `now`. */
export const readFinanceSession = (box: SecretBox, cookie: string | undefined, now: Date): FinanceSession | undefined => sessions(box).read(cookie, now);

/** The CSRF token for the forms of session `id`. */
export const financeCsrfToken = (box: SecretBox, id: string): string => sessions(box).csrf(id);

/** True when `token` is session `id`'s CSRF token (constant-time). */
export const checkFinanceCsrf = (box: SecretBox, id: string, token: unknown): boolean => sessions(box).checkCsrf(id, token);
