// Slack OAuth installations: one row per workspace (or Enterprise Grid org) with the Bolt Installation encrypted by the
// caller. A workspace belongs to one organisation; re-installing it for the same organisation replaces the tokens.
import { and, asc, eq, or } from 'drizzle-orm';
import { domainError, err, ok, type Result } from '../../domain/shared/index.js';
import { slackInstallations } from '../schema/index.js';
import type { Executor } from '../database.js';

export interface SlackInstallationRow {
  installKey: string;
  orgId: string;
  teamId: string | null;
  enterpriseId: string | null;
  /** `keyId:iv:tag:cipher`, from SecretBox.encrypt. */
  installationEnc: string;
}

/** Stores (or replaces) an installation of `orgId`; one whose key another organisation installed is refused (409). */
export async function saveSlackInstallation(db: Executor, orgId: string, row: Omit<SlackInstallationRow, 'orgId'>, now: Date): Promise<Result<void>> {
  const saved = await db
    .insert(slackInstallations)
    .values({ ...row, orgId, installedAt: now })
    .onConflictDoUpdate({
      target: slackInstallations.installKey,
      set: { teamId: row.teamId, enterpriseId: row.enterpriseId, installationEnc: row.installationEnc, installedAt: now },
      setWhere: eq(slackInstallations.orgId, orgId),
    })
    .returning({ installKey: slackInstallations.installKey });
  if (saved.length === 0) return err(domainError('ORG.TENANT_TAKEN', `Slack ${row.installKey} is installed for another organisation`, { platform: 'slack', tenant: row.installKey }));
  return ok(undefined);
}

/**
 * The installation for an event's workspace: by install key (team, or enterprise for an org-wide install).
 * @crossOrg authorising an inbound event by its workspace, before it is routed to an organisation.
 */
export async function slackInstallationByKey(db: Executor, installKey: string): Promise<SlackInstallationRow | undefined> {
  const [row] = await db.select().from(slackInstallations).where(eq(slackInstallations.installKey, installKey));
  return row && { installKey: row.installKey, orgId: row.orgId, teamId: row.teamId, enterpriseId: row.enterpriseId, installationEnc: row.installationEnc };
}

/** The organisation's installation for `team` (its own, or the org-wide one covering it), else its oldest one. */
export async function slackInstallationOf(db: Executor, orgId: string, team: string | undefined): Promise<SlackInstallationRow | undefined> {
  const rows = await db
    .select()
    .from(slackInstallations)
    .where(and(eq(slackInstallations.orgId, orgId), team ? or(eq(slackInstallations.installKey, team), eq(slackInstallations.teamId, team)) : undefined))
    .orderBy(asc(slackInstallations.installedAt))
    .limit(1);
  const row = rows[0] ?? (team ? (await slackInstallationOf(db, orgId, undefined)) : undefined);
  return row && { installKey: row.installKey, orgId: row.orgId, teamId: row.teamId, enterpriseId: row.enterpriseId, installationEnc: row.installationEnc };
}

/** Removes an installation of `orgId` (app uninstalled). */
export async function deleteSlackInstallation(db: Executor, orgId: string, installKey: string): Promise<boolean> {
  const rows = await db
    .delete(slackInstallations)
    .where(and(eq(slackInstallations.orgId, orgId), eq(slackInstallations.installKey, installKey)))
    .returning({ k: slackInstallations.installKey });
  return rows.length > 0;
}
