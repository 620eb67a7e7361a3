// Receipts sent in chat across organisations: one organisation can neither see nor confirm another's receipt (by id, or
// by a card button of the other's), and the same platform message id in two tenants makes one receipt in each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCardAction } from '../../src/chat/handle-card-action.js';
import { signAction } from '../../src/chat/action-token.js';
import { createExtractor } from '../../src/integrations/invoice/extract.js';
import { chatReceiptOf, confirmChatReceipt, takeChatReceipt, type ChatReceiptDeps } from '../../src/usecases/expenses/chat-receipts.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ruleParser } from '../helpers/parser.js';
import { einvoiceXml, receiptState, tempReceiptStore } from '../helpers/receipts.js';
import { addOrganisation, fingerprint, type OtherOrg } from '../helpers/two-orgs.js';

let t: TestApp;
let acme: OtherOrg;
let deps: ChatReceiptDeps & TestApp['deps'];

beforeAll(async () => {
  const receipts = tempReceiptStore();
  t = await testApp({}, { parser: ruleParser, receipts });
  acme = await addOrganisation(t);
  deps = { ...t.deps, receipts, extractor: createExtractor(), maxBytes: 1024 * 1024 };
});
afterAll(() => t.close());

const xml = (number: string) => ({ bytes: einvoiceXml({ number, total: 6_600, day: '2026-11-15' }), contentType: 'application/xml', filename: 'invoice.xml' });

describe('receipts sent in chat, between organisations', () => {
  it('keeps each organisation’s receipts to itself', async () => {
    // The same Feishu message id in two tenants: one receipt in each organisation, neither a repeat of the other.
    const mine = await takeChatReceipt(deps, 'demo', { sourceKey: 'feishu:om_same:file_1', employeeId: 'e_zhangwei', file: xml('26312000000400000001') });
    const theirs = await takeChatReceipt(deps, acme.orgId, { sourceKey: 'feishu:om_same:file_1', employeeId: acme.employee, file: xml('26312000000400000002') });
    expect(mine.ok && theirs.ok).toBe(true);
    if (!mine.ok || !theirs.ok) return;
    expect(mine.value.repeated || theirs.value.repeated).toBe(false);
    expect(mine.value.line?.how).toBe('new');
    const before = await fingerprint(t.database.db, 'demo');

    // Acme cannot read demo's receipt by its id, nor confirm it.
    expect(await chatReceiptOf(t.database.db, acme.orgId, mine.value.id)).toBeUndefined();
    const confirmed = await confirmChatReceipt(deps, acme.orgId, mine.value.id, acme.employee);
    expect(!confirmed.ok && confirmed.error.code).toBe('NOT_FOUND');

    // Demo's card button, clicked from Acme (a platform identity routed to Acme): refused before anything is loaded.
    const now = t.clock.now();
    const exp = Math.floor(now.getTime() / 1000) + 3600;
    const demoButton = signAction(t.deps.box, { kind: 'receipt', org: 'demo', id: mine.value.id, action: 'confirm', to: 'e_zhangwei', exp });
    const chat = { ...t.deps, parser: ruleParser };
    const click = { orgId: acme.orgId, channel: 'feishu' as const, employeeId: acme.employee, address: 'open_id:ou_acme', eventId: 'ev_x1', lang: 'en' as const };
    expect((await handleCardAction(chat, { ...click, value: demoButton })).toast).toMatchObject({ type: 'error' });
    // A button of Acme's own naming demo's receipt: the receipt is not found in Acme.
    const crossed = signAction(t.deps.box, { kind: 'receipt', org: acme.orgId, id: mine.value.id, action: 'confirm', to: acme.employee, exp });
    const answer = await handleCardAction(chat, { ...click, eventId: 'ev_x2', value: crossed });
    expect(answer.toast.type).toBe('warning');
    expect(answer.view).toBeUndefined();

    expect(await fingerprint(t.database.db, 'demo')).toEqual(before);
    expect((await receiptState(t.database.db, 'demo', 'e_zhangwei')).lines).toMatchObject([{ status: 'draft' }]);

    // Demo's own employee confirms it; someone else of demo may not.
    expect(!(await confirmChatReceipt(deps, 'demo', mine.value.id, 'e_wangqiang')).ok).toBe(true);
    expect(await confirmChatReceipt(deps, 'demo', mine.value.id, 'e_zhangwei')).toMatchObject({ ok: true, value: { changed: true } });
  });
});
