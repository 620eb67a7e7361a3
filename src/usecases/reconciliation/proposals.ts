// Rules learnt from finance's own decisions: when the same counterparty (or, without one, the same remittance text)
// has been booked by hand as a fee, or marked not ours, twice, a rule doing that by itself is proposed; accepting it
// appends it to the organisation's rules (versioned and audited like any change of the rules).
import type { Db } from '../../../db/database.js';
import { manualLineDecisions, type StatementLineRow } from '../../../db/repos/reconciliation.js';
import { nameWords, type RuleSpec } from '../../../domain/reconciliation/index.js';
import { domainError, err, ok, type Clock, type Result } from '../../../domain/shared/index.js';
import { requireRole, type Actor } from '../authorise.js';
import { setReconciliationRules, settingsFor, type StoredSettings } from './rules.js';

export interface RuleProposal {
  /** Names the proposal when accepting it. */
  key: string;
  rule: RuleSpec;
  reason: string;
  /** The decisions it was learnt from. */
  because: { statementId: string; ref: string }[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** What a line is recognised by: its counterparty's name, else its first remittance text; with the raw text. */
function subjectOf(l: StatementLineRow): { key: string; raw: string; what: string } | undefined {
  const name = l.counterpartyName?.trim();
  if (name && nameWords(name).length > 0) return { key: `name:${nameWords(name).join(' ')}`, raw: name, what: `the counterparty ${name}` };
  const text = (l.texts as string[]).find((t) => t.trim().length >= 3)?.trim();
  if (text) return { key: `text:${text.toUpperCase().replace(/\s+/g, ' ')}`, raw: text.slice(0, 120), what: `the text “${text.slice(0, 60)}”` };
  return undefined;
}

/** Whether a fee or ignore rule of `rules` already takes what `raw` says. */
function covered(rules: readonly RuleSpec[], kind: 'fee' | 'ignore', raw: string): boolean {
  return rules.some((r) => r.kind === kind && r.patterns.some((p) => new RegExp(p, 'iu').test(raw)));
}

function propose(decisions: readonly StatementLineRow[], current: readonly RuleSpec[]): RuleProposal[] {
  const groups = new Map<string, { state: 'fee' | 'not_ours'; subject: NonNullable<ReturnType<typeof subjectOf>>; lines: StatementLineRow[] }>();
  for (const l of decisions) {
    const subject = subjectOf(l);
    if (!subject) continue;
    const state = l.state as 'fee' | 'not_ours';
    const key = `${state}|${subject.key}`;
    const g = groups.get(key) ?? { state, subject, lines: [] };
    g.lines.push(l);
    groups.set(key, g);
  }
  const out: RuleProposal[] = [];
  for (const [key, g] of groups) {
    if (g.lines.length < 2) continue;
    const kind = g.state === 'fee' ? 'fee' : 'ignore';
    if (covered(current, kind, g.subject.raw)) continue;
    // The whole name or text, case and surrounding spaces aside (a long one by its first 60 characters).
    const raw = g.subject.raw;
    const pattern = raw.length > 60 ? `^\\s*${escape(raw.slice(0, 60))}` : `^\\s*${escape(raw)}\\s*$`;
    const rule: RuleSpec = kind === 'fee' ? { name: `fee: ${g.subject.raw}`.slice(0, 80), kind: 'fee', patterns: [pattern] } : { name: `not ours: ${g.subject.raw}`.slice(0, 80), kind: 'ignore', patterns: [pattern] };
    out.push({
      key,
      rule,
      reason: `${g.lines.length} transactions with ${g.subject.what} were ${g.state === 'fee' ? 'booked as fees' : 'marked not ours'} by hand`,
      because: g.lines.map((l) => ({ statementId: l.statementId, ref: l.ref })),
    });
  }
  return out;
}

export async function ruleProposalsOf(deps: { db: Db }, orgId: string, actor: Actor): Promise<Result<RuleProposal[]>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'viewing rule proposals');
  if (!allowed.ok) return allowed;
  const { settings } = await settingsFor(deps.db, orgId);
  return ok(propose(await manualLineDecisions(deps.db, orgId), settings.rules));
}

/** Appends the proposed rule to the organisation's rules (read at `version`); a proposal no longer made is NOT_FOUND. */
export async function acceptRuleProposal(deps: { db: Db; clock: Clock }, orgId: string, actor: Actor, key: string, version: number): Promise<Result<StoredSettings>> {
  const proposals = await ruleProposalsOf(deps, orgId, actor);
  if (!proposals.ok) return proposals;
  const p = proposals.value.find((x) => x.key === key);
  if (!p) return err(domainError('NOT_FOUND', 'no such rule proposal (it may have been accepted already)'));
  const { settings } = await settingsFor(deps.db, orgId);
  return setReconciliationRules(deps, orgId, actor, { ...settings, rules: [...settings.rules, p.rule] }, version);
}
