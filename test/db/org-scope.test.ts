// The rule "every repository function takes the organisation and filters by it", checked on the source of db/repos:
// a function that reads, updates or deletes rows of a table holding organisation data must take the organisation
// (`orgId`/`orgIds`) and name that table's `orgId` (or `org_id` in raw SQL) in its query. A function that must work
// across organisations (routing a platform tenant, sealing the audit chain, the outbox dispatcher) says so and why
// with `@crossOrg` in its JSDoc, which a reviewer sees.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema/index.js';

const REPOS = join(import.meta.dirname, '../../db/repos');

/** Schema export name → SQL name, for every table with an org_id column. */
const orgTables = new Map(
  Object.entries(schema)
    .filter(([, t]) => is(t, PgTable) && 'orgId' in getTableColumns(t as PgTable))
    .map(([name, t]) => [name, getTableName(t as PgTable)]),
);

interface Finding {
  file: string;
  fn: string;
  problem: string;
}

/** Every function in a repository file with the org tables it queries (select/update/delete, drizzle or raw SQL). */
export function checkRepoSource(file: string, text: string): Finding[] {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const findings: Finding[] = [];
  // Module-level helpers that build an organisation filter (`const byKey = (k) => and(eq(t.orgId, k.orgId), …)`).
  const filterHelpers = new Map<string, string>();
  src.forEachChild((n) => {
    if (!ts.isVariableStatement(n)) return;
    for (const d of n.declarationList.declarations) if (d.initializer && ts.isArrowFunction(d.initializer)) filterHelpers.set(d.name.getText(src), d.initializer.getText(src));
  });
  const visitFn = (name: string, fn: ts.FunctionLikeDeclaration, doc: string) => {
    if (!fn.body) return;
    const body = fn.body.getText(src);
    const params = fn.parameters.map((p) => p.name.getText(src));
    const crossOrg = /@crossOrg\b/.test(doc);
    const queried = new Set<string>();
    const walk = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ['from', 'update', 'delete', 'innerJoin', 'leftJoin'].includes(n.expression.name.text)) {
        const arg = n.arguments[0];
        if (arg && ts.isIdentifier(arg) && orgTables.has(arg.text)) queried.add(arg.text);
      }
      if (ts.isTaggedTemplateExpression(n) && n.tag.getText(src) === 'sql') {
        const t = n.template.getText(src);
        for (const [exportName, sqlName] of orgTables) if (new RegExp(`\\b(FROM|UPDATE|JOIN|DELETE FROM|INTO)\\s+${sqlName}\\b`, 'i').test(t) && !/^\s*INSERT/i.test(t.slice(1))) queried.add(exportName);
      }
      ts.forEachChild(n, walk);
    };
    walk(fn.body);
    if (queried.size === 0 || crossOrg) return;
    // The organisation comes as `orgId`/`orgIds`, or inside a parameter the query reads it from (`row.orgId`, `k.orgId`).
    const orgParam = params.find((p) => /^(orgId|orgIds)$/.test(p) || body.includes(`${p}.orgId`) || [...filterHelpers.keys()].some((h) => body.includes(`${h}(${p})`)));
    if (!orgParam) findings.push({ file, fn: name, problem: `queries ${[...queried].join(', ')} but takes no orgId (mark @crossOrg with a reason if it must span organisations)` });
    for (const t of queried) {
      const named =
        body.includes(`${t}.orgId`) ||
        new RegExp(`\\borg_id\\s*(=|IN)`, 'i').test(body) ||
        [...filterHelpers].some(([h, helper]) => body.includes(`${h}(`) && helper.includes(`${t}.orgId`));
      if (!named) findings.push({ file, fn: name, problem: `queries ${t} without filtering by ${t}.orgId` });
    }
  };
  const visit = (n: ts.Node) => {
    const doc = ts.getJSDocCommentsAndTags(n).map((d) => d.getText(src)).join('\n');
    if (ts.isFunctionDeclaration(n) && n.name) visitFn(n.name.text, n, doc);
    else if (ts.isVariableStatement(n))
      for (const d of n.declarationList.declarations) {
        if (d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) visitFn(d.name.getText(src), d.initializer, doc);
      }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return findings;
}

describe('repository functions are scoped to an organisation', () => {
  it('knows the tables that hold organisation data', () => {
    for (const t of ['policyRules', 'approvalFlows', 'requests', 'budgets', 'budgetEntries', 'employees', 'platformIdentities', 'advances', 'supplierOrders', 'expenseLines', 'outbox', 'webhooks', 'auditLog']) expect(orgTables.has(t), t).toBe(true);
  });

  it('every function in db/repos that queries such a table takes the organisation and filters by it', () => {
    const findings = readdirSync(REPOS)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => checkRepoSource(f, readFileSync(join(REPOS, f), 'utf8')));
    expect(findings).toEqual([]);
  });

  it('catches a query that forgets the organisation', () => {
    const bad = `export async function updateAdvance(db, id, set) { await db.update(advances).set(set).where(eq(advances.id, id)); }`;
    expect(checkRepoSource('x.ts', bad).map((f) => f.problem)).toEqual([
      'queries advances but takes no orgId (mark @crossOrg with a reason if it must span organisations)',
      'queries advances without filtering by advances.orgId',
    ]);
    const unfiltered = `export async function ordersOf(db, orgId, id) { return db.select().from(supplierOrders).where(eq(supplierOrders.id, id)); }`;
    expect(checkRepoSource('x.ts', unfiltered)).toHaveLength(1);
    const rawSql = "export async function lines(tx, orgId) { return tx.execute(sql`SELECT id FROM expense_lines WHERE card_txn_id IS NULL`); }";
    expect(checkRepoSource('x.ts', rawSql)).toHaveLength(1);
    const good = `export async function getAdvance(db, orgId, id) { return db.select().from(advances).where(and(eq(advances.orgId, orgId), eq(advances.id, id))); }`;
    expect(checkRepoSource('x.ts', good)).toEqual([]);
  });
});
