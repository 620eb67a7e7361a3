// Scheduled job: reminders and escalations for approval steps that waited past their timeout.
import type { Db } from '../../db/database.js';
import { dueInstances, getInstance } from '../../db/repos/approvals.js';
import { activeDelegations, loadOrg } from '../../db/repos/org.js';
import { applyTimeout, dueTimeoutActions, SYSTEM_ACTOR } from '../../domain/approval/index.js';
import { createDirectory } from '../../domain/org/index.js';
import { ok, type Clock, type IdGenerator } from '../../domain/shared/index.js';
import type { Logger } from '../log.js';
import { saveOutcome } from '../usecases/approval-state.js';
import { lifecycleDepsOf, onDecided } from '../usecases/lifecycle/on-decided.js';
import { command, VersionConflict } from '../usecases/unit-of-work.js';
import type { Job } from './scheduler.js';

export interface TimeoutDeps {
  db: Db;
  ids: IdGenerator;
  log: Logger;
  /** Set when a travel supplier books approved trips. */
  config?: { TRAVEL_SUPPLIER_URL?: string | undefined };
}

/** Applies every due reminder/escalation, each instance in its own transaction. Returns how many actions were applied. */
export async function runApprovalTimeouts(deps: TimeoutDeps, now: Date, batch = 200): Promise<number> {
  let applied = 0;
  const lifecycle = lifecycleDepsOf({ ...deps, clock: { now: () => now } });
  const due = await dueInstances(deps.db, now, batch);
  for (const { orgId, id } of due) {
    const r = await command(deps.db, async (tx) => {
      // A person acting on the same instance meanwhile makes saveOutcome's version check fail; `command` then reruns on fresh state.
      const stored = await getInstance(tx, orgId, id);
      if (!stored) return ok(0);
      const actions = dueTimeoutActions(stored.instance, now);
      if (actions.length === 0) return ok(0);
      const { departments, employees } = await loadOrg(tx, orgId);
      const ctx = { directory: createDirectory(departments, employees), delegations: await activeDelegations(tx, orgId, now), now };
      let current = stored;
      for (const action of actions) {
        const outcome = applyTimeout(current.instance, action, ctx);
        if (!outcome.ok) return outcome;
        if (!(await saveOutcome(tx, deps.ids, current, outcome.value, SYSTEM_ACTOR, `approval.${action.type}`, now))) throw new VersionConflict(`approval ${id}`);
        // An action that decides the instance brings the decision's effects into this same transaction.
        if (outcome.value.instance.status !== current.instance.status) {
          const effects = await onDecided(tx, lifecycle, outcome.value.instance, SYSTEM_ACTOR, now);
          if (!effects.ok) return effects;
        }
        current = { ...current, instance: outcome.value.instance, version: current.version + 1 };
      }
      return ok(actions.length);
    });
    if (r.ok) applied += r.value;
    else deps.log.warn('approval timeout not applied', { approvalId: id, code: r.error.code });
  }
  return applied;
}

export function approvalTimeoutJob(deps: TimeoutDeps & { clock: Clock }): Job {
  return { name: 'approval-timeouts', everyMs: 60_000, run: (now) => runApprovalTimeouts(deps, now) };
}
