// Precision before recall in chat: a day the parser is unsure of is not taken silently. The bot names its reading
// ("您是说 11月18日（周三）出发吗？"), a yes takes it, anything else is read as the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';
import { button, consoleAs, lastCard, tail } from '../helpers/console.js';

/** The bot's last message as text. */
const said = (html: string): string => tail(html).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
/** The last card's text, one space between its parts. */
const card = (html: string): string => lastCard(html).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

// The test clock says Wednesday 2026-11-18, 10:00 in Shanghai.
let t: TestApp;
beforeAll(async () => {
  t = await testApp({}, { parser: ruleParser });
});
afterAll(() => t.close());

describe('confirming what the parser was unsure of', () => {
  it('asks "您是说…出发吗？" for 周三 said on a Wednesday, and 是 takes it', async () => {
    const zhang = await consoleAs(t, 'e_zhangwei');
    await zhang.say('周三去上海出差，周五回，高铁');
    expect(said(await zhang.page())).toContain('您是说 11月18日（周三）出发吗？');
    await zhang.say('是');
    const draft = card(await zhang.page());
    expect(draft).toContain('上海');
    expect(draft).toContain('出发日期 2026年11月18日');
    expect(draft).toContain('返回日期 2026年11月20日');
    const page = await zhang.page();
    expect(() => button(page, 'submit')).not.toThrow();
  });

  it('asks each unsure day in turn in English, and a date given instead replaces the reading', async () => {
    const li = await consoleAs(t, 'e_lina');
    // Said on a Wednesday, "next Friday" may be this week's or next week's; "back Sunday" hangs on it.
    await li.say('flight to Tokyo next Friday, back Sunday');
    expect(said(await li.page())).toContain('Do you mean leaving on Fri 27 Nov?');
    await li.say('yes');
    expect(said(await li.page())).toContain('Do you mean coming back on Sun 29 Nov?');
    await li.say('no, Saturday');
    const draft = card(await li.page());
    expect(draft).toContain('Departure Nov 27, 2026');
    expect(draft).toContain('Return Nov 28, 2026');
  });

  it('takes a different date as the answer to the confirmation', async () => {
    const zhang = await consoleAs(t, 'e_zhangwei');
    await zhang.say('taxi last Monday 58 CNY');
    expect(said(await zhang.page())).toMatch(/Do you mean the expense was on Mon 9 Nov\?|您是说 11月9日（周一）的费用吗？/);
    await zhang.say('11月16日');
    expect(card(await zhang.page())).toMatch(/2026年11月16日|Nov 16, 2026/);
  });
});
