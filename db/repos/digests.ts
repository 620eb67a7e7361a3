// What the finance digest reads (yesterday's payments and bank lines, this period's budgets, who is in finance) and
// its once-per-day record. Every function takes the organisation.
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { bankStatementLines, budgets, departments, digests, employees, organisations, payments } from '../schema/index.js';

export interface Sum {
  key: string;
  currency: string;
  count: number;
  minor: number;
}

/** Payments whose state changed in [from, to), by their state now and currency. */
export async function paymentsChanged(db: Executor, orgId: string, from: Date, to: Date): Promise<Sum[]> {
  const rows = await db
    .select({ key: payments.status, currency: payments.currency, count: sql<number>`count(*)::int`, minor: sql<string>`sum(${payments.amountMinor})` })
    .from(payments)
    .where(and(eq(payments.orgId, orgId), gte(payments.updatedAt, from), lt(payments.updatedAt, to)))
    .groupBy(payments.status, payments.currency);
  return rows.map((r) => ({ ...r, minor: Number(r.minor) }));
}

/** Booked bank lines of `day` (their booking date), by state and currency. */
export async function statementLinesOn(db: Executor, orgId: string, day: string): Promise<Sum[]> {
  const rows = await db
    .select({ key: bankStatementLines.state, currency: sql<string>`coalesce(${bankStatementLines.currency}, '')`, count: sql<number>`count(*)::int`, minor: sql<string>`coalesce(sum(${bankStatementLines.amountMinor}), 0)` })
    .from(bankStatementLines)
    .where(and(eq(bankStatementLines.orgId, orgId), eq(bankStatementLines.date, day), eq(bankStatementLines.booked, true)))
    .groupBy(bankStatementLines.state, bankStatementLines.currency);
  return rows.map((r) => ({ ...r, minor: Number(r.minor) }));
}

export interface DepartmentBurn {
  departmentId: string;
  name: string;
  currency: string;
  amountMinor: number;
  consumedMinor: number;
  frozenMinor: number;
}

/** Budgets of the periods in `periodKeys`, summed per department and currency, with the department's name. */
export async function burnByDepartment(db: Executor, orgId: string, periodKeys: readonly string[]): Promise<DepartmentBurn[]> {
  const rows = await db
    .select({
      departmentId: budgets.departmentId,
      name: sql<string>`coalesce(max(${departments.name}), ${budgets.departmentId})`,
      currency: budgets.currency,
      amountMinor: sql<string>`sum(${budgets.amountMinor})`,
      consumedMinor: sql<string>`sum(${budgets.consumedMinor})`,
      frozenMinor: sql<string>`sum(${budgets.frozenMinor})`,
    })
    .from(budgets)
    .leftJoin(departments, and(eq(departments.orgId, budgets.orgId), eq(departments.id, budgets.departmentId)))
    .where(and(eq(budgets.orgId, orgId), inArray(budgets.periodKey, [...periodKeys])))
    .groupBy(budgets.departmentId, budgets.currency);
  return rows.map((r) => ({ ...r, amountMinor: Number(r.amountMinor), consumedMinor: Number(r.consumedMinor), frozenMinor: Number(r.frozenMinor) }));
}

/** Active employees holding the finance role; when none does, the administrators (someone must hear). */
export async function financePeople(db: Executor, orgId: string): Promise<{ id: string; locale: string }[]> {
  const finance = await holdingRole(db, orgId, 'finance');
  return finance.length > 0 ? finance : holdingRole(db, orgId, 'admin');
}

async function holdingRole(db: Executor, orgId: string, role: string): Promise<{ id: string; locale: string }[]> {
  return db
    .select({ id: employees.id, locale: employees.locale })
    .from(employees)
    .where(and(eq(employees.orgId, orgId), eq(employees.active, true), sql`${role} = ANY(${employees.roles})`))
    .orderBy(employees.id);
}

/**
 * Every organisation with its zone and currency.
 * @crossOrg the digest job walks every organisation to find whose DIGEST_TIME has come; each digest is then built
 * with that organisation's id.
 */
export async function organisationsForDigest(db: Executor): Promise<{ id: string; timeZone: string; currency: string }[]> {
  return db.select({ id: organisations.id, timeZone: organisations.timeZone, currency: organisations.defaultCurrency }).from(organisations).orderBy(organisations.id);
}

/** Claims the digest of `day` for the organisation: true for the one caller that inserted it, false when it exists. */
export async function claimDigest(tx: Executor, row: { orgId: string; day: string; view: unknown; recipients: number; at: Date }): Promise<boolean> {
  const r = await tx.insert(digests).values({ orgId: row.orgId, day: row.day, view: row.view, recipients: row.recipients, createdAt: row.at }).onConflictDoNothing().returning({ day: digests.day });
  return r.length > 0;
}

export async function digestsSentOn(db: Executor, orgId: string, days: readonly string[]): Promise<string[]> {
  if (days.length === 0) return [];
  return (await db.select({ day: digests.day }).from(digests).where(and(eq(digests.orgId, orgId), inArray(digests.day, [...days])))).map((r) => r.day);
}

export async function getDigest(db: Executor, orgId: string, day: string): Promise<{ view: unknown; createdAt: Date } | undefined> {
  const [r] = await db.select({ view: digests.view, createdAt: digests.createdAt }).from(digests).where(and(eq(digests.orgId, orgId), eq(digests.day, day)));
  return r;
}
