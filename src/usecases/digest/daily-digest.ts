// The morning finance digest: at DIGEST_TIME in each organisation's time zone, once per organisation per day however
// many instances run (the `digests` row is the claim), finance hears about yesterday: payments by state, bank lines
// matched and unmatched, the open exceptions, and the budget burn by department as a chart.
import type { Db } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { burnByDepartment, claimDigest, digestsSentOn, financePeople, getDigest, organisationsForDigest, paymentsChanged, statementLinesOn, type Sum } from '../../../db/repos/digests.js';
import type { BurnBar, BurnChart, DigestCardView, Tally } from '../../../cards/digest-view.js';
import { periodsContaining } from '../../../domain/budget/index.js';
import { ok, type Clock, type IdGenerator } from '../../../domain/shared/index.js';
import { localeOf, recipientsOf } from '../../chat/approval-cards.js';
import { deliverMany, type Channel, type Outgoing, type Recipient } from '../../chat/deliver.js';
import type { Logger } from '../../log.js';
import type { SecretBox } from '../../secrets.js';
import { systemActor } from '../authorise.js';
import { addCalendarDays, localClock, localDate, zonedMidnight } from '../org-time.js';
import { exceptionsOf } from '../reconciliation/exceptions.js';
import { command } from '../unit-of-work.js';

export interface DigestDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  box: SecretBox;
  log: Logger;
  config: { DIGEST_TIME: string; PUBLIC_URL?: string };
  channels: ReadonlySet<Exclude<Channel, 'web'>>;
  console: boolean;
  /** Links to the finance pages for one reader (one-time sign-in links); none when the pages are not served. */
  links?: (orgId: string, employeeId: string) => Promise<DigestCardView['links']>;
}

/** Lines a person or a rule has explained; `open` ones wait; `pending` ones are not booked yet. */
const EXPLAINED = new Set(['matched', 'returned', 'fee', 'explained', 'written_off', 'not_ours']);
const MAX_BARS = 12;
const CHART_TITLE = { zh: '{period} 预算执行（按部门）', en: 'Budget burn by department, {period}' };

function tally(sums: readonly Sum[]): Tally {
  const by = new Map<string, number>();
  for (const s of sums) if (s.currency) by.set(s.currency, (by.get(s.currency) ?? 0) + s.minor);
  return { count: sums.reduce((n, s) => n + s.count, 0), amounts: [...by].sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => ({ minor, currency })) };
}

/** The chart's PNG address: signed, so nobody can fetch another organisation's figures by changing the path. */
export function digestChartUrl(box: SecretBox, publicUrl: string, orgId: string, day: string, locale: 'zh' | 'en'): string {
  const path = `/charts/digest/${encodeURIComponent(orgId)}/${day}.png`;
  return `${publicUrl.replace(/\/+$/, '')}${path}?l=${locale}&s=${box.mac('digest-chart', `${orgId}\u0000${day}`)}`;
}

export const verifyDigestChart = (box: SecretBox, orgId: string, day: string, sig: string): boolean => box.verifyMac('digest-chart', `${orgId}\u0000${day}`, sig);

/** The chart a digest recorded, for the holder of its signed address; undefined for a bad signature or no such chart. */
export async function digestChartFor(deps: { db: Db; box: SecretBox }, orgId: string, day: string, locale: 'zh' | 'en', sig: string): Promise<BurnChart | undefined> {
  if (!verifyDigestChart(deps.box, orgId, day, sig)) return undefined;
  const digest = await getDigest(deps.db, orgId, day);
  return (digest?.view as { charts?: Partial<Record<'zh' | 'en', BurnChart | null>> } | undefined)?.charts?.[locale] ?? undefined;
}

/**
 * The digest of `day` for an organisation: its figures read once, then drawn in either language (only the chart's
 * title and address differ; every reader's links are added by the sender).
 */
export async function buildDigest(deps: Pick<DigestDeps, 'db' | 'clock' | 'box' | 'config'>, org: { id: string; timeZone: string; currency: string }, day: string): Promise<(locale: 'zh' | 'en') => DigestCardView> {
  const from = zonedMidnight(day, org.timeZone);
  const to = zonedMidnight(addCalendarDays(day, 1), org.timeZone);
  const [payments, lines, exceptions, burn] = await Promise.all([
    paymentsChanged(deps.db, org.id, from, to),
    statementLinesOn(deps.db, org.id, day),
    exceptionsOf(deps, org.id, systemActor('digest')),
    burnByDepartment(deps.db, org.id, periodsContaining(day)),
  ]);
  const statuses = [...new Set(payments.map((p) => p.key))].sort();
  const open = exceptions.ok ? exceptions.value.lines.length + exceptions.value.statements.length + exceptions.value.payments.length + exceptions.value.supplier.length : 0;
  const bars: BurnBar[] = burn
    .filter((b) => b.currency === org.currency)
    .sort((a, b) => b.consumedMinor + b.frozenMinor - (a.consumedMinor + a.frozenMinor) || a.name.localeCompare(b.name))
    .slice(0, MAX_BARS)
    .map((b) => ({ label: b.name, consumedMinor: b.consumedMinor, frozenMinor: b.frozenMinor, availableMinor: Math.max(0, b.amountMinor - b.consumedMinor - b.frozenMinor) }));
  const month = periodsContaining(day)[0];
  return (locale) => ({
    kind: 'digest',
    day,
    payments: statuses.map((status) => ({ status, ...tally(payments.filter((p) => p.key === status)) })),
    matched: tally(lines.filter((l) => EXPLAINED.has(l.key))),
    unmatched: tally(lines.filter((l) => l.key === 'open')),
    exceptions: open,
    ...(bars.length > 0 ? { chart: { locale, title: CHART_TITLE[locale].replace('{period}', month), currency: org.currency, bars } } : {}),
    ...(bars.length > 0 && deps.config.PUBLIC_URL ? { chartUrl: digestChartUrl(deps.box, deps.config.PUBLIC_URL, org.id, day, locale) } : {}),
    links: [],
  });
}

/**
 * Sends every digest that is due: for each organisation whose local time has passed DIGEST_TIME and whose digest of
 * yesterday is not recorded. The record, the card copies and their outbox rows are one transaction, so a digest is
 * sent once or not at all; another instance racing for it finds the record and sends nothing.
 */
export async function sendDueDigests(deps: DigestDeps): Promise<number> {
  const now = deps.clock.now();
  let sent = 0;
  for (const org of await organisationsForDigest(deps.db)) {
    if (localClock(now, org.timeZone) < deps.config.DIGEST_TIME) continue;
    const day = addCalendarDays(localDate(now, org.timeZone), -1);
    if ((await digestsSentOn(deps.db, org.id, [day])).length > 0) continue;
    try {
      if (await sendDigest(deps, org, day, now)) sent++;
    } catch (e) {
      // One organisation's failure must not keep the others' digests back; it is tried again at the next check.
      deps.log.error('the finance digest failed', { orgId: org.id, day, error: e });
    }
  }
  return sent;
}

async function sendDigest(deps: DigestDeps, org: { id: string; timeZone: string; currency: string }, day: string, now: Date): Promise<boolean> {
  const people = await financePeople(deps.db, org.id);
  const viewIn = await buildDigest(deps, org, day);
  const out: { r: Recipient; item: Outgoing }[] = [];
  for (const p of people) {
    const locale = localeOf(p.locale);
    const view = { ...viewIn(locale), links: (await deps.links?.(org.id, p.id)) ?? [] };
    for (const r of await recipientsOf(deps.db, deps, org.id, p.id, locale)) out.push({ r, item: { cardKey: `digest:${day}`, view } });
  }
  // What the chart's PNG is drawn from when a platform fetches it, in both languages.
  const charts = { zh: viewIn('zh').chart ?? null, en: viewIn('en').chart ?? null };
  const r = await command(deps.db, async (tx) => {
    if (!(await claimDigest(tx, { orgId: org.id, day, view: { charts }, recipients: people.length, at: now }))) return ok(false);
    await deliverMany(tx, deps.ids, out, now);
    await appendAudit(tx, { orgId: org.id, actorId: 'system:digest', action: 'digest.sent', subjectType: 'digest', subjectId: day, after: { recipients: people.map((p) => p.id), messages: out.length }, at: now });
    return ok(true);
  });
  return r.ok && r.value;
}
