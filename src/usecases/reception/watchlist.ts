// The watchlist (访客黑名单): people the organisation does not let in. An entry names a person by ID number, mobile
// number, or name (with a company or not); the numbers are kept only as keyed MACs (and their last four to show), so
// the list itself leaks no numbers. Checked when a visit is registered and again at the gate.
import type { Db, Executor } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { addWatch, listWatch, removeWatch, watchMatches, type WatchRow } from '../../../db/repos/reception-gate.js';
import { checkMobile } from '../../../domain/reception/index.js';
import { isResidentIdNumber } from '../../../domain/reception/visit.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import type { SecretBox } from '../../secrets.js';
import { requireRole, type Actor } from '../authorise.js';
import { command } from '../unit-of-work.js';
import { z } from 'zod';

const mobileMac = (box: SecretBox, mobile: string): string | undefined => {
  const m = checkMobile(mobile);
  return m.ok ? box.mac('watchlist-mobile', m.value) : undefined;
};
const idMac = (box: SecretBox, id: string): string => box.mac('watchlist-id', id.trim().toUpperCase());

/** The MACs a visitor's numbers are kept under beside their ciphertext, so the gate matches the watchlist in SQL. */
export function numberMacs(box: SecretBox, who: { mobile?: string | undefined; idNumber?: string | undefined }): { mobileMac: string | null; idMac: string | null } {
  return { mobileMac: (who.mobile && mobileMac(box, who.mobile)) || null, idMac: who.idNumber ? idMac(box, who.idNumber) : null };
}

/** Who is being checked: what registration or the gate knows of a person. */
export interface Person {
  name?: string;
  company?: string;
  mobile?: string;
  idNumber?: string;
}

/** The first watchlist entry matching `who`, if any. */
export async function watchlistHit(db: Executor, box: SecretBox, orgId: string, who: Person): Promise<WatchRow | undefined> {
  const [hit] = await watchMatches(db, orgId, {
    ...(who.name ? { name: who.name } : {}),
    ...(who.company ? { company: who.company } : {}),
    ...(who.mobile ? { mobileMac: mobileMac(box, who.mobile) } : {}),
    ...(who.idNumber ? { idMac: idMac(box, who.idNumber) } : {}),
  });
  return hit;
}

export const WatchInputSchema = z
  .object({
    name: z.string().trim().min(1).max(60).optional(),
    company: z.string().trim().min(1).max(120).optional(),
    mobile: z.string().trim().refine((m) => checkMobile(m).ok, 'a mobile number in international form, e.g. +8613800138000').optional(),
    idNumber: z.string().trim().toUpperCase().refine(isResidentIdNumber, 'an 18-character resident identity number whose check character agrees').optional(),
    reason: z.string().trim().min(1).max(300),
  })
  .strict()
  .refine((w) => w.name || w.mobile || w.idNumber, { message: 'name, mobile or idNumber: say who', path: ['name'] });

/** An entry as it is shown: numbers masked to their last four. */
export interface WatchView {
  id: string;
  name?: string;
  company?: string;
  mobile?: string;
  idNumber?: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

const watchView = (w: WatchRow): WatchView => ({
  id: w.id,
  ...(w.name ? { name: w.name } : {}),
  ...(w.company ? { company: w.company } : {}),
  ...(w.mobileLast4 ? { mobile: `****${w.mobileLast4}` } : {}),
  ...(w.idLast4 ? { idNumber: `****${w.idLast4}` } : {}),
  reason: w.reason,
  createdBy: w.createdBy,
  createdAt: w.createdAt.toISOString(),
});

type Deps = { db: Db; clock: Clock; ids: IdGenerator; box: SecretBox };
const ROLES = ['reception'] as const;

/** Adds a person to the watchlist (the reception role or an administrator). */
export function addToWatchlist(deps: Deps, orgId: string, actor: Actor, raw: unknown): Promise<Result<WatchView>> {
  const parsed = WatchInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return Promise.resolve(err(domainError('VALIDATION.INVALID', `${issue.path.join('.') || 'entry'}: ${issue.message}`, { field: issue.path.join('.') })));
  }
  return command(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ROLES, 'changing the watchlist');
    if (!allowed.ok) return allowed;
    const w = parsed.data;
    const now = deps.clock.now();
    const id = deps.ids.next('wl');
    await addWatch(tx, orgId, {
      id,
      name: w.name ?? null,
      company: w.company ?? null,
      mobileMac: w.mobile ? (mobileMac(deps.box, w.mobile) ?? null) : null,
      mobileLast4: w.mobile ? w.mobile.slice(-4) : null,
      idMac: w.idNumber ? idMac(deps.box, w.idNumber) : null,
      idLast4: w.idNumber ? w.idNumber.slice(-4) : null,
      reason: w.reason,
      createdBy: actor.id,
      createdAt: now,
    });
    const view = { id, ...(w.name ? { name: w.name } : {}), ...(w.company ? { company: w.company } : {}), ...(w.mobile ? { mobile: `****${w.mobile.slice(-4)}` } : {}), ...(w.idNumber ? { idNumber: `****${w.idNumber.slice(-4)}` } : {}), reason: w.reason, createdBy: actor.id, createdAt: now.toISOString() };
    await appendAudit(tx, { orgId, actorId: actor.id, action: 'watchlist.added', subjectType: 'watchlist', subjectId: id, after: view, at: now });
    return ok(view);
  });
}

/** The organisation's watchlist (reception, guards and administrators). */
export async function watchlistOf(deps: { db: Db }, orgId: string, actor: Actor): Promise<Result<WatchView[]>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['reception', 'guard'], 'seeing the watchlist');
  if (!allowed.ok) return allowed;
  return ok((await listWatch(deps.db, orgId)).map(watchView));
}

/** Removes an entry; another organisation's id is NOT_FOUND. */
export function removeFromWatchlist(deps: Deps, orgId: string, actor: Actor, id: string): Promise<Result<void>> {
  return command(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ROLES, 'changing the watchlist');
    if (!allowed.ok) return allowed;
    const gone = await removeWatch(tx, orgId, id);
    if (!gone) return err(domainError('NOT_FOUND', `no watchlist entry ${id}`));
    await appendAudit(tx, { orgId, actorId: actor.id, action: 'watchlist.removed', subjectType: 'watchlist', subjectId: id, before: watchView(gone), at: deps.clock.now() });
    return ok(undefined);
  });
}
