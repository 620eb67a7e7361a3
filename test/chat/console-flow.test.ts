// The whole chat loop on the web console: ask in one sentence, answer a follow-up, submit the draft card, the manager
// approves on their card, every copy updates, the submitter hears the outcome; stale and foreign clicks change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApprovalTimeouts } from '../../src/jobs/approval-timeouts.js';
import { silentLogger } from '../../src/log.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';
import { button, consoleAs, drainOutbox } from '../helpers/console.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({}, { parser: ruleParser });
});
afterAll(() => t.close());

const as = (employeeId: string) => consoleAs(t, employeeId);

const drain = () => drainOutbox(t);


describe('chatting on the web console', () => {
  it('asks for the missing return date, shows a draft, submits it, and the manager approves on the card', async () => {
    const zhang = await as('e_zhangwei');
    await zhang.say('下周二去上海出差，高铁');
    expect(await zhang.page()).toContain('什么时候回来？');
    await zhang.say('周四回');
    const draftPage = await zhang.page();
    expect(draftPage).toContain('上海');
    await zhang.click('submit', button(draftPage, 'submit'));
    const afterSubmit = await zhang.page();
    expect(afterSubmit).toContain('已提交');
    expect(() => button(afterSubmit, 'submit')).toThrow(); // the draft card lost its buttons

    await drain();
    const wang = await as('e_wangqiang');
    const approverPage = await wang.page();
    const approve = button(approverPage, 'approve');
    await wang.click('approve', approve);
    await drain();

    const decided = await wang.page();
    expect(() => button(decided, 'approve')).toThrow(); // no stale button left on the approver's card
    expect(await zhang.page()).toMatch(/通过|Approved|approved/);

    // Clicking the old button again changes nothing and says who decided when.
    await wang.click('approve', approve);
    expect(await wang.page()).toMatch(/已由 .+ 于 .+ 审批通过/);
  });

  it('refuses a button sent to someone else, and a forged one', async () => {
    const zhang = await as('e_zhangwei');
    await zhang.say('报销今天午饭 36元');
    const token = button(await zhang.page(), 'submit');
    const li = await as('e_lina');
    await li.click('submit', token);
    expect(await li.page()).toContain('这张卡片不是发给你的');
    await li.click('submit', `${token.slice(0, -3)}abc`);
    expect(await li.page()).toContain('这个按钮已失效');
  });

  it('withdraws the newest pending request on "撤回", and the approver\'s card loses its buttons', async () => {
    const zhang = await as('e_zhangwei');
    await zhang.say('打车去机场 45元 昨天');
    await zhang.click('submit', button(await zhang.page(), 'submit'));
    await drain();
    const wang = await as('e_wangqiang');
    const approve = button(await wang.page(), 'approve');
    await zhang.say('撤回');
    expect(await zhang.page()).toContain('已撤回');
    await drain();
    await wang.click('approve', approve);
    expect(await wang.page()).toMatch(/已由 张伟 于 .+ 撤回/);
  });

  it('reminds the approver with a card when a step waits past its timeout', async () => {
    const zhang = await as('e_zhangwei');
    await zhang.say('报销今天午饭 58元');
    await zhang.click('submit', button(await zhang.page(), 'submit'));
    await drain();
    t.clock.advance(25 * 3600_000);
    expect(await runApprovalTimeouts({ db: t.database.db, ids: t.deps.ids, log: silentLogger }, t.clock.now())).toBeGreaterThan(0);
    await drain();
    const page = await (await as('e_wangqiang')).page();
    expect(page).toMatch(/提醒|Reminder/);
    expect(() => button(page, 'approve')).not.toThrow();
  });

  it('answers help, lists my requests, and replies helpfully to nonsense', async () => {
    const zhang = await as('e_zhangwei');
    await zhang.say('帮助');
    expect(await zhang.page()).toContain('出差申请');
    await zhang.say('我的申请');
    expect(await zhang.page()).toContain('上海');
    await zhang.say('讲个笑话');
    expect(await zhang.page()).toContain('抱歉，我没听懂');
  });
});
