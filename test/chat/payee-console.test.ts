// The payout account on the web console: "设置收款账户" shows an HTML form; a refused form comes back with what was
// typed and why (answered on the spot, kept nowhere); a good one is shown masked to confirm; a typed line is echoed
// in the transcript only masked; English speakers are answered in English. The number never reaches the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { button, cookiesOf, csrfOf, drainOutbox, LOOPBACK } from '../helpers/console.js';
import { capturingLogger, expectNumberNowhere } from '../helpers/no-number.js';
import { ruleParser } from '../helpers/parser.js';

const NUMBER = '6222021234567890128';
const BAD = '6222021234567890124';
const IBAN = 'DE89370400440532013000';
let t: TestApp;
const logs = capturingLogger();

beforeAll(async () => {
  t = await testApp({}, { parser: ruleParser, log: logs.log });
});
afterAll(() => t.close());

/** A browser session as one employee, with the raw response of each form post. */
async function browser(employeeId: string) {
  const cookie = cookiesOf(await t.app.request(`/console?as=${employeeId}`, {}, LOOPBACK));
  const page = async () => (await t.app.request('/console', { headers: { cookie } }, LOOPBACK)).text();
  const post = async (path: string, form: Record<string, string>) => {
    const r = await t.app.request(path, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...form, _csrf: csrfOf(await page()) }).toString() }, LOOPBACK);
    return { status: r.status, html: await r.text() };
  };
  return { page, say: (text: string) => post('/console/messages', { text }), post };
}
/** The signed value of the newest payee form on a page. */
const formValue = (html: string): string => {
  const forms = [...html.matchAll(/<form class="card__form"[\s\S]*?<\/form>/g)].map((m) => m[0]);
  const v = /name="value" value="([^"]+)"/.exec(forms.at(-1) ?? '');
  if (!v) throw new Error('no payee form on the page');
  return v[1]!;
};
const fields = { holderName: '张伟', account: '6222 0212 3456 7890 128', bankName: '招商银行上海分行', bankCode: '308584000013', currency: '' };

describe('the payout account on the console', () => {
  it('shows the form, answers a refused one with what was typed and why, and a good one masked to confirm', async () => {
    const zw = await browser('e_zhangwei');
    await zw.say('设置收款账户');
    let page = await zw.page();
    for (const name of ['holderName', 'account', 'bankName', 'bankCode', 'currency']) expect(page).toContain(`name="${name}"`);
    const value = formValue(page);

    const refused = await zw.post('/console/action', { action: 'submit', value, ...fields, account: BAD });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('账号的校验位对不上');
    expect(refused.html).toContain(`value="${BAD}"`); // nothing typed is lost…
    expect(refused.html).toContain('value="招商银行上海分行"');
    expect(await zw.page()).not.toContain(BAD); // …and nothing of it is kept

    expect((await zw.post('/console/action', { action: 'submit', value, ...fields })).status).toBe(303);
    page = await zw.page();
    expect(page).toContain('请确认收款账户');
    expect(page).toContain('尾号0128');
    expect((await zw.post('/console/action', { action: 'confirm', value: button(page, 'confirm') })).status).toBe(303);
    await drainOutbox(t);
    page = await zw.page();
    expect(page).toContain('收款账户已设置。');
    expect(page).toContain('已设置为收款账户');
    expect(page).toContain('收款账户已设为 招商银行上海分行 尾号0128');
  });

  it('echoes a typed line only masked, answers in English, and Cancel changes nothing', async () => {
    const david = await browser('e_david');
    await david.say('payout account David Miller DE89 3704 0044 0532 0130 00 Commerzbank Berlin COBADEFFXXX EUR');
    let page = await david.page();
    expect(page).toContain('payout account David Miller 尾号3000 Commerzbank Berlin COBADEFFXXX EUR');
    expect(page).toContain('Please confirm your payout account');
    expect(page).toContain('****3000');
    await david.post('/console/action', { action: 'cancel', value: button(page, 'cancel') });
    page = await david.page();
    expect(page).toContain('Cancelled: your payout account is unchanged.');
    expect((await t.call('GET', '/api/v1/payees?ownerType=employee&ownerId=e_david&actorId=e_david')).body.payees).toEqual([]);
  });

  it('keeps the numbers out of the database and the logs', async () => {
    for (const n of [NUMBER, BAD, IBAN]) await expectNumberNowhere(t.database.db, n, { logLines: logs.lines });
  });
});
