// The API document: Redocly's recommended ruleset (what `npx @redocly/cli lint` applies) finds nothing in it, and every
// example in it is accepted by the zod schema it illustrates, so a client copying an example gets a valid request.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getOpenApiMetadata, getRefId } from '@asteasolutions/zod-to-openapi';
import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import type { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApi } from '../../src/api/context.js';
import { registerApiRoutes } from '../../src/api/routes.js';
import { registerOperatorRoutes } from '../../src/api/operator.routes.js';
import { localReceiptStore } from '../../src/integrations/storage/receipt-store.js';
import { parseCardPush } from '../../src/integrations/cardfeed/json-feed.js';
import { FlowDefinitionSchema } from '../../domain/approval/index.js';
import { validateInvoice } from '../../domain/invoice/index.js';
import { expenseRules, validateRule } from '../../domain/policy/index.js';
import { testApp, type TestApp } from '../helpers/app.js';

const OPERATOR_KEY = 'op_openapi_test_0123456789abcdef';

/** Lints a document as the Redocly CLI does with no config file: the built-in `recommended` ruleset. */
async function lint(doc: unknown): Promise<NormalizedProblem[]> {
  const config = await createConfig({ extends: ['recommended'] });
  return lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
}

/** One line per problem, so a failure shows which rule fired where. */
const describeProblems = (ps: NormalizedProblem[]) => ps.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`);

// The bare app and the fullest one (operator routes, receipt upload): their routes differ, so each document is linted.
// The full one also serves the examples sent back to it below; nothing else here reads its data.
let bare: TestApp;
let full: TestApp;
beforeAll(async () => {
  bare = await testApp();
  full = await testApp({ OPERATOR_KEY }, { receipts: localReceiptStore(await mkdtemp(join(tmpdir(), 'openapi-receipts-'))) });
});
afterAll(async () => {
  await bare.close();
  await full.close();
});

describe('the API document passes Redocly lint', () => {
  const docOf = async (t: TestApp) => (await t.app.request('/openapi.json')).json() as Promise<Record<string, any>>;

  it('reports no error and no warning on the document with every route mounted', async () => {
    const doc = await docOf(full);
    expect(doc.paths['/api/v1/operator/organisations']).toBeDefined();
    expect(doc.paths['/api/v1/expense-lines/{id}/receipts']).toBeDefined();
    expect(describeProblems(await lint(doc))).toEqual([]);
  });

  it('reports no error and no warning on the document of a service without operator key or receipt store', async () => {
    expect(describeProblems(await lint(await docOf(bare)))).toEqual([]);
  });

  it('would report an operation without operationId, a missing licence and an example that breaks its schema', async () => {
    // A small document of our own: proves the lint above is able to fail on what the issue found.
    const broken = {
      openapi: '3.1.0',
      info: { title: 'broken', version: '1' },
      servers: [{ url: '/' }],
      security: [],
      paths: {
        '/things': {
          post: {
            summary: 'make a thing',
            requestBody: {
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false },
                  example: { n: 'three' },
                },
              },
            },
            responses: { '201': { description: 'made' } },
          },
        },
      },
    };
    const rules = (await lint(broken)).map((p) => p.ruleId);
    expect(rules).toContain('operation-operationId');
    expect(rules).toContain('info-license');
    expect(rules).toContain('no-invalid-media-type-examples');
  });
});

/** Every node of a zod schema, once each (schemas can be recursive through `lazy`). */
function* nodes(root: z.ZodType, path: string, seen = new Set<unknown>()): Generator<{ schema: z.ZodType; path: string }> {
  if (seen.has(root)) return;
  seen.add(root);
  yield { schema: root, path };
  const def = (root as any)._zod.def;
  const child = (s: unknown, p: string) => (s && typeof s === 'object' && '_zod' in s ? nodes(s as z.ZodType, p, seen) : []);
  switch (def.type) {
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) yield* child(v, `${path}.${k}`);
      yield* child(def.catchall, `${path}.*`);
      break;
    case 'array':
      yield* child(def.element, `${path}[]`);
      break;
    case 'union':
      for (const [i, o] of (def.options as unknown[]).entries()) yield* child(o, `${path}|${i}`);
      break;
    case 'intersection':
      yield* child(def.left, `${path}&0`);
      yield* child(def.right, `${path}&1`);
      break;
    case 'record':
      yield* child(def.valueType, `${path}{}`);
      break;
    case 'tuple':
      for (const [i, o] of (def.items as unknown[]).entries()) yield* child(o, `${path}[${i}]`);
      break;
    case 'pipe':
      yield* child(def.in, path);
      yield* child(def.out, path);
      break;
    case 'lazy':
      yield* child(def.getter(), path);
      break;
    default:
      yield* child(def.innerType, path); // optional, nullable, default, readonly…
  }
}

/** The wrappers whose metadata zod-to-openapi reads through to the schema inside. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional']);

describe('the examples in the API document', () => {
  type Media = { schema: z.ZodType; examples?: Record<string, { value: unknown }> };
  let routes: { method: string; path: string; request?: { body?: { content: Record<string, Media> } }; responses: Record<string, { content?: Record<string, Media> }> }[];
  beforeAll(() => {
    // The same registrations createApp makes, on a registry of our own: it holds the zod schemas behind the document.
    const api = newApi();
    registerOperatorRoutes(api, full.deps);
    registerApiRoutes(api, full.deps);
    routes = api.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route as unknown as (typeof routes)[number]] : []));
  });

  const schemasOf = () =>
    routes.flatMap((r) => [
      ...Object.entries(r.request?.body?.content ?? {}).map(([type, m]) => ({ at: `${r.method.toUpperCase()} ${r.path} body ${type}`, schema: m.schema })),
      ...Object.entries(r.responses).flatMap(([status, res]) => Object.entries(res.content ?? {}).map(([type, m]) => ({ at: `${r.method.toUpperCase()} ${r.path} ${status} ${type}`, schema: m.schema }))),
    ]);

  it('gives every JSON body a client writes an example of its own', () => {
    const writes = routes.filter((r) => r.request?.body?.content['application/json']);
    expect(writes.length).toBeGreaterThan(20);
    const missing = writes.filter((r) => getOpenApiMetadata(r.request!.body!.content['application/json']!.schema).example === undefined).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('every example, at any depth of a request or response schema, is accepted by that schema', () => {
    const checked = new Set<unknown>();
    const wrong: string[] = [];
    const fits = (schema: z.ZodType, example: unknown, at: string) => {
      const r = schema.safeParse(example);
      if (!r.success) wrong.push(`${at}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
    };
    for (const r of routes)
      for (const [type, m] of Object.entries(r.request?.body?.content ?? {}))
        for (const [name, { value }] of Object.entries(m.examples ?? {})) {
          checked.add(value);
          fits(m.schema, value, `${r.method.toUpperCase()} ${r.path} body ${type} example "${name}"`);
        }
    for (const { at, schema } of schemasOf()) {
      for (const { schema: node, path } of nodes(schema, at)) {
        const { example } = getOpenApiMetadata(node);
        if (example === undefined || checked.has(node)) continue;
        checked.add(node);
        fits(node, example, path);
      }
    }
    expect(checked.size).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
  });

  it('gives each component name to one schema only', () => {
    // zod-to-openapi silently keeps one of two schemas registered under one name; the other's routes then show it.
    const byName = new Map<string, Set<unknown>>();
    for (const { schema } of schemasOf())
      for (const { schema: node } of nodes(schema, '')) {
        const name = WRAPPERS.has((node as any)._zod.def.type) ? undefined : getRefId(node);
        if (name) byName.set(name, (byName.get(name) ?? new Set()).add(node));
      }
    expect([...byName].filter(([, s]) => s.size > 1).map(([name]) => name)).toEqual([]);
  });

  it('means what it says to the domain: the flow, the policy rule, the invoice and the card push are all accepted', async () => {
    // Where a schema only says `unknown`, the domain parses the body later; an example must pass that too.
    const doc = (await (await full.app.request('/openapi.json')).json()) as { components: { schemas: Record<string, { example?: any }> } };
    const ex = (name: string) => doc.components.schemas[name]!.example;
    const flow = ex('FlowInput');
    expect(FlowDefinitionSchema.safeParse({ name: flow.name, subjectTypes: flow.subjectTypes, steps: flow.steps }).error?.issues).toBeUndefined();
    expect(FlowDefinitionSchema.safeParse(ex('Flow').definition).error?.issues).toBeUndefined();
    const rule = validateRule(expenseRules, { id: 'example', ...ex('PolicyRuleInput') });
    expect(rule.ok ? 'ok' : rule.error.message).toBe('ok');
    for (const invoice of [ex('InvoiceData'), ex('ExpenseLineInput').invoice]) {
      const checked = validateInvoice(invoice, '2026-12-31');
      expect(checked.ok ? 'ok' : checked.error.message).toBe('ok');
    }
    const push = parseCardPush(ex('CardPush'));
    expect(push.errors).toEqual([]);
    expect(push.rows).toHaveLength(ex('CardPush').transactions.length);
  });
});

describe('the main request examples, sent as they are, are accepted by the service', () => {
  // Schema-valid is not enough for a client copying an example: the ids must be the demo organisation's and the
  // figures must pass the business rules. Only ids of things created here (an approval, a trip) are substituted.
  let t: TestApp;
  let doc: { components: { schemas: Record<string, { example?: any }> }; paths: Record<string, Record<string, any>> };
  beforeAll(async () => {
    t = full;
    doc = (await (await t.app.request('/openapi.json')).json()) as typeof doc;
  });

  const ex = (name: string) => doc.components.schemas[name]!.example;
  const named = (path: string, name: string) => doc.paths[path]!.post.requestBody.content['application/json'].examples[name].value;
  const operator = async (path: string, body: unknown) => {
    const res = await t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const ok = (r: { status: number; body: any }) => [r.status, r.body?.error?.message ?? 'ok'];

  it('submits the trip and the expense, approves the trip and records a line on it', async () => {
    const trip = await t.call('POST', '/api/v1/requests', named('/api/v1/requests', 'trip'));
    expect(ok(trip)).toEqual([201, 'ok']);
    // The documented trip's figures are what the demo policy estimates for the documented submission.
    expect(trip.body.request.amount).toEqual(ex('Request').amount);
    expect(trip.body.request.details.estimate).toEqual(ex('TripBudget').estimate);
    expect(ok(await t.call('POST', '/api/v1/requests', named('/api/v1/requests', 'expense')))).toEqual([201, 'ok']);
    expect(ok(await t.call('POST', `/api/v1/approvals/${trip.body.approvalId}/actions`, ex('ApprovalAction')))).toEqual([200, 'ok']);
    t.clock.set('2026-11-27T02:00:00.000Z'); // after the trip, when its taxi is claimed
    const line = await t.call('POST', '/api/v1/expense-lines', { ...ex('ExpenseLineInput'), applicationId: trip.body.request.id });
    expect(ok(line)).toEqual([201, 'ok']);
  });

  it('configures the organisation: budget, flow, policy rule, delegation, org sync and a card push', async () => {
    expect(ok(await t.call('POST', '/api/v1/budgets', ex('BudgetInput')))).toEqual([200, 'ok']);
    expect(ok(await t.call('PUT', '/api/v1/flows/marketing', ex('FlowInput')))).toEqual([200, 'ok']);
    expect(ok(await t.call('PUT', '/api/v1/policy-rules/meal-cap-per-head', ex('PolicyRuleInput')))).toEqual([200, 'ok']);
    expect(ok(await t.call('POST', '/api/v1/delegations', ex('DelegationInput')))).toEqual([201, 'ok']);
    expect(ok(await t.call('POST', '/api/v1/org/sync', ex('OrgSync')))).toEqual([200, 'ok']);
    const push = await t.call('POST', '/api/v1/card-feeds', ex('CardPush'));
    expect(ok(push)).toEqual([200, 'ok']);
    expect(push.body.errors).toEqual([]);
  });

  it('onboards the operator example: organisation, first key, platform tenant', async () => {
    const org = ex('OrganisationCreate');
    expect(ok(await operator('/api/v1/operator/organisations', org))).toEqual([201, 'ok']);
    expect(ok(await operator(`/api/v1/operator/organisations/${org.id}/api-keys`, ex('OrganisationKeyCreate')))).toEqual([201, 'ok']);
    expect(ok(await operator(`/api/v1/operator/organisations/${org.id}/tenants`, ex('TenantRegistration')))).toEqual([201, 'ok']);
  });
});
