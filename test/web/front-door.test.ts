import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';

describe('the front door', () => {
  let api: TestApp;
  let withConsole: TestApp;
  beforeAll(async () => {
    api = await testApp({ WEB_CONSOLE: 'false' });
    withConsole = await testApp({}, { parser: ruleParser });
  });
  afterAll(async () => {
    await api.close();
    await withConsole.close();
  });

  it('says what the service is in both languages and links the docs and the health check', async () => {
    const r = await api.app.request('/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    const page = await r.text();
    expect(page).toContain('费控助手');
    expect(page).toContain('Spendbot');
    expect(page).toContain('href="/docs"');
    expect(page).toContain('href="/health"');
    expect(page).not.toContain('href="/console"');
  });

  it('links the console only where it is served', async () => {
    expect(await (await withConsole.app.request('/')).text()).toContain('href="/console"');
  });

  it('serves an icon at /favicon.ico', async () => {
    const r = await api.app.request('/favicon.ico');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/svg+xml');
    expect(await r.text()).toMatch(/^<svg [^>]*viewBox="0 0 64 64"/);
  });
});

describe('the API document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ OPERATOR_KEY: 'op_doc_test_0123456789abcdefghij' });
  });
  afterAll(() => t.close());

  it('names its server and licence, and gives every operation a unique operationId', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { servers: { url: string }[]; info: { license: { name: string } }; paths: Record<string, Record<string, { operationId?: string }>> };
    expect(doc.servers.length).toBeGreaterThan(0);
    expect(doc.info.license.name).toBeTruthy();
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(ids.length).toBeGreaterThan(30);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('postApprovalsByIdActions');
  });
});
