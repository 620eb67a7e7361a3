// The conversation as a person reads it on the web console, in Chinese and in English: the lead-in and the card in the
// same language, request numbers from submit on, replies that name the request, Edit that keeps the card as "being
// edited" until the new draft replaces it, a budget line on a foreign-currency expense, and no trip made of nonsense.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';
import { button, consoleAs, drainOutbox, LOOPBACK } from '../helpers/console.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ FX_RATES: 'USD/CNY=7.1' }, { parser: ruleParser });
});
afterAll(() => t.close());

/** The page as text: tags gone, entities decoded, whitespace folded. */
const text = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The newest card on a page (its `<article>`), as text. */
const lastCard = (html: string) => text([...html.matchAll(/<article[\s\S]*?<\/article>/g)].at(-1)![0]);
/** Every card on a page with its data-status. */
const cards = (html: string) => [...html.matchAll(/<article[^>]*data-status="([^"]+)"[\s\S]*?<\/article>/g)].map((m) => ({ status: m[1]!, text: text(m[0]) }));
const HAN = /[\u3400-\u9fff]/;

describe('in English', () => {
  it('answers an English expense with an English lead-in and card, a converted budget line, and a numbered submission', async () => {
    const david = await consoleAs(t, 'e_david');
    await david.say('taxi to airport $45 yesterday');
    const page = await david.page();
    expect(text(page)).toContain('Please check this request:');
    const card = lastCard(page);
    expect(card).toContain('Expense claim · Transport');
    // The card's own words: nothing Chinese except the department's name, which is data.
    expect(card.replace(/销售部/g, '')).not.toMatch(HAN);
    expect(card).toContain('USD 45.00 at 7.1 = CNY 319.50');
    expect(card).not.toContain('drf_');

    await david.click('submit', button(page, 'submit'));
    const after = text(await david.page());
    expect(after).toMatch(/ⓘ Submitted the expense claim EX-\d{4} for approval\./);
    expect(after).toMatch(/Submitted at .+ as EX-\d{4}/);

    await david.say('my requests');
    expect(lastCard(await david.page())).toMatch(/EX-\d{4} · Expense claim · Pending · USD 45\.00/);
  });

  it('keeps an edited draft as “being edited”, says how to go on once, and marks it replaced by the new draft', async () => {
    const emily = await consoleAs(t, 'e_emily');
    await emily.say('train to Shanghai next Tuesday, back Thursday');
    await emily.click('edit', button(await emily.page(), 'edit'));
    const editing = await emily.page();
    expect(cards(editing).at(-1)!.status).toBe('editing');
    expect(lastCard(editing)).toContain('Being edited');
    expect(text(editing).match(/Tell me what to change/g)).toHaveLength(1);

    await emily.say('return on Friday');
    const all = cards(await emily.page());
    expect(all.map((c) => c.status).slice(-2)).toEqual(['replaced', 'draft']);
    expect(all.at(-2)!.text).toContain('see the new draft below');
    expect(all.at(-1)!.text).toMatch(/Return Nov 27, 2026/);
  });

  it('does not take nonsense for a trip, and does not ask about it afterwards', async () => {
    const sarah = await consoleAs(t, 'e_sarah');
    await sarah.say('asdf qwerty blue elephants can fly?');
    await sarah.say('hello');
    const page = text(await sarah.page());
    expect(page.match(/Sorry, I did not get that/g)).toHaveLength(2);
    expect(page).not.toContain('Where are you going?');
  });
});

describe('in Chinese', () => {
  it('names the request in the approver’s toast', async () => {
    const zhang = await consoleAs(t, 'e_zhangwei');
    await zhang.say('下周二去上海出差，周四回，高铁');
    const draft = await zhang.page();
    expect(text(draft)).toContain('请确认以下申请：');
    expect(lastCard(draft)).toContain('出差申请 · 上海');
    await zhang.click('submit', button(draft, 'submit'));
    expect(text(await zhang.page())).toMatch(/ⓘ 已提交 出差申请 (TR-\d{4})，等待审批。/);
    const number = /已提交 出差申请 (TR-\d{4})/.exec(text(await zhang.page()))![1]!;

    await drainOutbox(t);
    const wang = await consoleAs(t, 'e_wangqiang');
    const approverPage = await wang.page();
    expect(lastCard(approverPage)).toContain(`申请编号 ${number}`);
    await wang.click('approve', button(approverPage, 'approve'));
    expect(text(await wang.page())).toContain(`ⓘ 已同意 张伟的出差申请 ${number}。`);
  });

  it('says where a request goes next when the approval moves on to another step', async () => {
    const zhang = await consoleAs(t, 'e_zhangwei');
    await zhang.say('报销今天招待客户 25000元');
    await zhang.click('submit', button(await zhang.page(), 'submit'));
    const number = /已提交 费用报销 (EX-\d{4})/.exec(text(await zhang.page()))![1]!;
    await drainOutbox(t);
    const wang = await consoleAs(t, 'e_wangqiang');
    await wang.click('approve', button(await wang.page(), 'approve'));
    expect(text(await wang.page())).toMatch(new RegExp(`ⓘ 已同意 张伟的费用报销 ${number}，已转 \\S.* 审批。`));
  });

  it('withdraws by the number as typed, and another person’s number is not found', async () => {
    const li = await consoleAs(t, 'e_lina');
    await li.say('报销今天午饭 58元');
    await li.click('submit', button(await li.page(), 'submit'));
    const number = /已提交 费用报销 (EX-\d{4})/.exec(text(await li.page()))![1]!;

    const zhang = await consoleAs(t, 'e_zhangwei');
    await zhang.say(`撤回 ${number}`);
    expect(text(await zhang.page())).toContain('没有找到这个申请。');

    // "ex-12" for "EX-0012": the spelling a person types.
    await li.say(`撤回 ${number.toLowerCase().replace(/-0+/, '-')}`);
    expect(text(await li.page())).toContain(`已撤回 费用报销 ${number}。`);
  });

  it('shows the employee picker with a prompt first, so the first person can be picked', async () => {
    const html = await (await t.app.request('/console', {}, LOOPBACK)).text();
    const options = [...html.matchAll(/<option([^>]*)>([^<]*)<\/option>/g)];
    expect(options[0]![1]).toContain('value=""');
    expect(options[0]![1]).toContain('selected');
    expect(options[0]![2]).toMatch(/选择员工/);
    expect(options.length).toBeGreaterThan(2);
    // Once someone is chosen, the picker speaks their language.
    const wang = text(await (await consoleAs(t, 'e_wangqiang')).page());
    expect(wang).toMatch(/员工 — 选择员工 —/);
    expect(wang).toContain('王强 (员工、经理)');
    const david = text(await (await consoleAs(t, 'e_david')).page());
    expect(david).toMatch(/Employee — pick an employee —/);
    expect(david).toContain('王强 (employee, manager)');
  });

  it('does not take nonsense for a trip', async () => {
    const huang = await consoleAs(t, 'e_huangtao');
    await huang.say('asdf qwerty 蓝色的大象会飞吗');
    const page = text(await huang.page());
    expect(page).toContain('抱歉，我没听懂');
    expect(page).not.toContain('要去哪个城市？');
  });
});
