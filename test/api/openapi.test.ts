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

describe('the API document passes Redocly lint', () => {
  // The bare app and the fullest one (operator routes, receipt upload): routes differ, so each document is linted.
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
  let t: TestApp;
  let routes: { method: string; path: string; request?: { body?: { content: Record<string, { schema: z.ZodType }> } }; responses: Record<string, { content?: Record<string, { schema: z.ZodType }> }> }[];
  beforeAll(async () => {
    t = await testApp({ OPERATOR_KEY }, { receipts: localReceiptStore(await mkdtemp(join(tmpdir(), 'openapi-receipts-'))) });
    // The same registrations createApp makes, on a registry of our own: it holds the zod schemas behind the document.
    const api = newApi();
    registerOperatorRoutes(api, t.deps);
    registerApiRoutes(api, t.deps);
    routes = api.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route as unknown as (typeof routes)[number]] : []));
  });
  afterAll(() => t.close());

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
    for (const { at, schema } of schemasOf()) {
      for (const { schema: node, path } of nodes(schema, at)) {
        const { example } = getOpenApiMetadata(node);
        if (example === undefined || checked.has(node)) continue;
        checked.add(node);
        const r = node.safeParse(example);
        if (!r.success) wrong.push(`${path}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
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
    const doc = (await (await t.app.request('/openapi.json')).json()) as { components: { schemas: Record<string, { example?: any }> } };
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
