// 「门岗」 in chat: a guard gets a one-time link to the gate page of a site (the only one, or the one named), which
// opens once; anyone else is told it is for guards and the reception desk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { consoleAs } from '../helpers/console.js';
import { ruleParser } from '../helpers/parser.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ PUBLIC_URL: 'https://spend.example.com' }, { parser: ruleParser });
  for (const [id, name] of [['hq', '上海总部'], ['bj', '北京分公司']] as const) expect((await t.call('PUT', `/api/v1/sites/${id}`, { actorId: 'e_sunli', name, address: '地址', rules: [] })).status).toBe(200);
});
afterAll(() => t.close());

const lastText = (html: string) => html.slice(html.lastIndexOf('msg--bot')).replace(/&amp;/g, '&');

describe('the gate command in chat', () => {
  it('lists the sites, then gives a link to the one named that opens the gate page once', async () => {
    const guard = await consoleAs(t, 'e_zhoujun');
    await guard.say('门岗');
    expect(lastText(await guard.page())).toContain('上海总部（hq）');
    await guard.say('门岗 北京分公司');
    const url = /https:\/\/spend\.example\.com(\/gate\/open\?t=[A-Za-z0-9_.-]+)/.exec(lastText(await guard.page()))?.[1];
    expect(url).toBeDefined();
    const opened = await t.app.request(url!);
    expect(opened.status).toBe(303);
    const cookie = /gate_session=([^;]+)/.exec(opened.headers.get('set-cookie') ?? '')![1]!;
    const page = await (await t.app.request('/gate', { headers: { cookie: `gate_session=${cookie}` } })).text();
    expect(page).toContain('门岗登记 · 北京分公司');
    expect((await t.app.request(url!)).status).toBe(410);
  });

  it('tells anyone else it is for guards and the reception desk', async () => {
    const zhang = await consoleAs(t, 'e_zhangwei');
    await zhang.say('门岗 hq');
    const reply = lastText(await zhang.page());
    expect(reply).toContain('仅供门卫和前台使用');
    expect(reply).not.toContain('/gate/open');
  });
});
