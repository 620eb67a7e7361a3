// The story after approval, on the console and the REST API against the loopback travel supplier: the approved trip is
// booked, its itinerary card follows the orders, completed orders become expense lines, a card-feed transaction and an
// e-invoice receipt are added, an advance is offset, the reimbursement is approved, and the budget ledger shows the
// freeze converted into consumption. Every number in the transcript is read back from the service.
import { serve, type ServerType } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { API_SCOPES, createApiKey } from '../../db/repos/api-keys.js';
import { consoleTranscript } from '../../db/repos/chat.js';
import type { CardView } from '../../cards/view-model.js';
import { formatAmount } from '../../domain/money/index.js';
import { localReceiptStore } from '../../src/integrations/storage/receipt-store.js';
import { startFakeSupplier, type FakeSupplier } from '../fakes/travel-supplier.js';
import { startFakeBank, type FakeBank } from '../fakes/bank/fake-bank.js';
import { createHttpBankConnector } from '../../src/integrations/bank/http-api.js';
import { UTF8_PROFILE } from '../../src/integrations/bank/iso20022/bank-profile.js';
import { fetchBankFiles } from '../../src/usecases/payments/bank-answers.js';
import { getBankMessage } from '../../db/repos/payments.js';
import { check, demoConsole, startService, type DemoService } from './harness.js';
import type { StoryResult } from './story.js';
import { Transcript, who } from './transcript.js';
import { financeChapter } from './finance-chapter.js';

const P = 'Lifecycle';
const COMPANY_ACCOUNT = '121909876510601';
const BANK_KEY = { id: 'spendbot-demo-bank', secret: 'demo-bank-secret-0123456789' };
export const LIFECYCLE_SENTENCE = '下周二去上海出差，周四回，高铁';
const yuan = (m: { minor: number }) => `¥${formatAmount({ minor: m.minor, currency: 'CNY' })}`;

export async function lifecycleStory(): Promise<StoryResult> {
  let supplier: FakeSupplier | undefined;
  let bank: FakeBank | undefined;
  let server: ServerType | undefined;
  let svc: DemoService | undefined;
  try {
    // The supplier signs with the service's (fixed) clock; the service is started after the supplier, hence the holder.
    const clockRef: { clock?: DemoService['clock'] } = {};
    supplier = await startFakeSupplier({ appKey: 'spendbot-demo', appSecret: 'demo-app-secret', callbackSecret: 'demo-callback-secret', now: () => (clockRef.clock ? clockRef.clock.now().getTime() : Date.now()) });
    // The bank: the loopback fake bank behind the real signed HTTP adapter, on the service's clock.
    bank = await startFakeBank({ keys: { [BANK_KEY.id]: BANK_KEY.secret }, accounts: { [COMPANY_ACCOUNT]: { currency: 'CNY', openingMinor: 50_000_000, name: '星河科技有限公司' } }, now: () => (clockRef.clock ? clockRef.clock.now().getTime() : Date.now()) });
    svc = await startService(
      P,
      { TRAVEL_SUPPLIER_URL: supplier.url, TRAVEL_SUPPLIER_KEY: 'spendbot-demo', TRAVEL_SUPPLIER_SECRET: 'demo-app-secret', TRAVEL_SUPPLIER_CALLBACK_SECRET: 'demo-callback-secret', BANK_CONNECTOR: 'http', BANK_API_URL: bank.url, BANK_KEY_ID: BANK_KEY.id, BANK_SECRET: BANK_KEY.secret },
      { receipts: localReceiptStore(mkdtempSync(path.join(tmpdir(), 'demo-receipts-'))) },
    );
    clockRef.clock = svc.clock;
    const s = svc;
    server = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server!.once('listening', r));
    supplier.setCallbackUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/supplier/callbacks`);
    const key = await createApiKey(s.database.db, 'demo', 'key_demo_oa', 'demo OA', [...API_SCOPES]);
    const api = async (method: string, p: string, body?: unknown) => {
      const r = await s.app.request(p, { method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: r.status, body: (await r.json()) as any };
    };
    const approveAll = async (requestId: string, t: Transcript) => {
      for (let i = 0; i < 4; i++) {
        const r = await api('GET', `/api/v1/requests/${requestId}`);
        if (r.body.approval.status !== 'pending') return r.body;
        const actor = r.body.approval.progress.pending[0] as string;
        const acted = await api('POST', `/api/v1/approvals/${r.body.approval.id}/actions`, { actorId: actor, action: 'approve' });
        check(P, acted.status === 200, `approving ${requestId} as ${actor} answered HTTP ${acted.status}: ${JSON.stringify(acted.body)}`);
        t.line(`- ${who(actor)} approves step “${r.body.approval.progress.stepName}” → \`${acted.body.status}\``);
        await s.drain();
      }
      return (await api('GET', `/api/v1/requests/${requestId}`)).body;
    };
    const console = (employeeId: string) => demoConsole(s, P, employeeId);
    const lastCard = async (employeeId: string, kind: CardView['kind']) => (await consoleTranscript(s.database.db, 'demo', employeeId)).filter((m) => (m.view as CardView | null)?.kind === kind).at(-1)?.view as CardView | undefined;
    const budget = async (month: string) => (await api('GET', `/api/v1/budgets?departmentId=d_sales&category=travel&periodKey=${month}`)).body.budgets[0];

    const t = new Transcript('Travel and expense lifecycle / 差旅报销全流程', [
      'The story continues where the chat stories end: an approved trip. The service runs with the loopback travel supplier (`test/fakes/travel-supplier.ts`) behind the real HTTP adapter (HMAC-signed requests); the supplier calls back over real HTTP to `POST /supplier/callbacks` (signed). People act on the web console; the OA system acts through the REST API. Budgets are the demo organisation’s: 销售部 has ¥80,000 for travel each month.',
    ]);

    t.section(`${who('e_zhangwei')} asks for a trip; ${who('e_wangqiang')} approves it on the card`, s.clock.now());
    const zhang = await console('e_zhangwei');
    await zhang.say(LIFECYCLE_SENTENCE);
    t.said(who('e_zhangwei'), LIFECYCLE_SENTENCE, 'console');
    await zhang.click('submit');
    await s.drain();
    const trip = (await api('GET', '/api/v1/requests?type=trip&submitterId=e_zhangwei')).body.requests[0];
    check(P, trip, 'no trip request was submitted');
    t.line(`The trip request \`${trip.id}\` carries the travel policy’s estimate, which approval will freeze: **${yuan(trip.amount)}**.`);
    t.table(['part', 'amount'], (trip.details.estimate.parts as { note: { en: string }; minor: number }[]).map((p) => [p.note.en, yuan(p)]));
    const before = await budget('2026-11');
    await (await console('e_wangqiang')).click('approve');
    const frozenBudget = await budget('2026-11');
    check(P, frozenBudget.frozen.minor - before.frozen.minor === trip.amount.minor, 'the approval did not freeze the estimate');
    t.line(`Approved. In the same transaction the travel budget of November froze the estimate: frozen ${yuan(before.frozen)} → **${yuan(frozenBudget.frozen)}**, available ${yuan(frozenBudget.available)}.`);

    s.clock.advance(60_000);
    t.section('The trip is booked with the supplier; the itinerary card arrives', s.clock.now());
    await s.drain();
    const booked = (await api('GET', `/api/v1/trips/${trip.id}`)).body;
    check(P, booked.phase === 'booked' && booked.orders.length === 3, `the trip was not booked (phase ${booked.phase}, ${booked.orders.length} orders)`);
    t.line('The `travel.book` outbox job searched each leg, chose the cheapest offer within 张伟’s entitlement (grade 3: second class, hotel cap ¥600/night in a tier-1 city) and booked it under an idempotency key:');
    t.table(['kind', 'offer', 'supplier order', 'status', 'amount', 'payment'], booked.orders.map((o: any) => [o.kind, o.offer.description, o.supplierOrderId, o.status, yuan(o.amount), o.payment]));
    const rebooked = await budget('2026-11');
    t.line(`The estimate knew the hotel cap and the per diem, not the fares: now the booked orders plus the per diem are what is frozen — ${yuan(frozenBudget.frozen)} → **${yuan(rebooked.frozen)}**.`);
    t.line(`Supplier calls recorded by the fake: ${supplier.calls.map((c) => `\`${c.method} ${c.path}\` ${c.status}`).join(', ')}.`);
    const itinerary = await lastCard('e_zhangwei', 'itinerary');
    check(P, itinerary, '张伟 did not get an itinerary card');
    t.card(`**bot → ${who('e_zhangwei')}** — itinerary card (view JSON)`, { platform: 'view', view: itinerary });

    s.clock.advance(60_000);
    t.section(`An advance for the trip: ${who('e_zhangwei')} asks for ¥500`, s.clock.now());
    const adv = await api('POST', '/api/v1/advances', { submitterId: 'e_zhangwei', amount: { minor: 50_000, currency: 'CNY' }, purpose: '上海出差备用金', applicationId: trip.id });
    check(P, adv.status === 201, `the advance was refused: ${JSON.stringify(adv.body)}`);
    await approveAll(adv.body.request.id, t);
    const advances = (await api('GET', '/api/v1/advances?employeeId=e_zhangwei')).body;
    t.line(`Outstanding advances of 张伟: **${yuan(advances.outstanding[0].amount)}** (a payable to him was created for the payments module).`);

    s.clock.set('2026-11-27T02:00:00.000Z');
    t.section('The supplier issues and completes the orders; they become expense lines without typing', s.clock.now());
    for (const o of supplier.orders()) {
      check(P, (await supplier.issue(o.orderId)) === 200, 'an issue callback was refused');
      check(P, (await supplier.complete(o.orderId)) === 200, 'a completion callback was refused');
    }
    await s.drain();
    const fromOrders = (await api('GET', `/api/v1/expense-lines?employeeId=e_zhangwei&applicationId=${trip.id}`)).body.lines;
    check(P, fromOrders.length === 3, `expected 3 lines from orders, found ${fromOrders.length}`);
    t.line('Six signed callbacks (issued, completed per order) arrived at `/supplier/callbacks`. Each completed, company-billed order became an open expense line tagged to the trip:');
    t.table(['line', 'category', 'description', 'amount', 'paid by', 'status'], fromOrders.map((l: any) => [l.id, l.category, l.description, yuan(l.amount), l.paidBy, l.status]));
    const trip2 = (await api('GET', `/api/v1/trips/${trip.id}`)).body;
    t.line(`The trip is now \`${trip2.phase}\`.`);

    s.clock.advance(60_000);
    t.section('A taxi paid personally with its e-invoice XML, the per diem, and a corporate-card charge from the bank feed', s.clock.now());
    const taxi = await api('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'transport', amount: { minor: 8_800, currency: 'CNY' }, date: '2026-11-24', merchant: '上海锦江汽车服务', applicationId: trip.id, paidBy: 'personal' });
    check(P, taxi.status === 201, `the taxi line was refused: ${JSON.stringify(taxi.body)}`);
    const perDiem = await api('POST', '/api/v1/expense-lines', { employeeId: 'e_zhangwei', category: 'per_diem', amount: { minor: 54_000, currency: 'CNY' }, date: '2026-11-26', description: '出差补助 3 天 × ¥180（一类城市标准）', applicationId: trip.id, paidBy: 'personal' });
    check(P, perDiem.status === 201, `the per diem line was refused: ${JSON.stringify(perDiem.body)}`);
    t.line('张伟 also records his per diem (3 days × ¥180, the tier-1 standard) through the OA system.');
    const xml = readFileSync(new URL('../fixtures/einvoice/fully-digital-normal.xml', import.meta.url));
    const up = await s.app.request(`/api/v1/expense-lines/${taxi.body.id}/receipts?actorId=e_zhangwei&filename=taxi.xml`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' }, body: xml });
    const upBody = (await up.json()) as any;
    check(P, up.status === 201 && upBody.invoice, `the receipt was not read: ${JSON.stringify(upBody)}`);
    t.line(`The 数电票 XML was read deterministically and its invoice attached (keys \`${upBody.invoice.keys.join('`, `')}\`), so nobody can claim it again anywhere in the organisation.`);
    const csv = `transaction_id,employee,transaction_date,amount,currency,merchant\nCMB-0001,zhang.wei@galaxy.example,2026-11-25,128.00,CNY,"上海 外婆家 #12"\n`;
    const feed = await s.app.request('/api/v1/card-feeds/csv?provider=cmb-corporate', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: csv });
    const report = (await feed.json()) as any;
    check(P, feed.status === 200 && report.drafted === 1, `the card feed was not imported: ${JSON.stringify(report)}`);
    t.block('`POST /api/v1/card-feeds/csv?provider=cmb-corporate`', 'csv', csv.trim());
    t.json('Import report', report);
    await s.drain();
    const confirmCard = await lastCard('e_zhangwei', 'expense_confirm');
    check(P, confirmCard, '张伟 was not asked to confirm the card transaction');
    t.card(`**bot → ${who('e_zhangwei')}** — confirm card (view JSON)`, { platform: 'view', view: confirmCard });
    await zhang.click('confirm');
    const confirmed = await lastCard('e_zhangwei', 'expense_confirm');
    check(P, confirmed?.kind === 'expense_confirm' && confirmed.closed?.status === 'confirmed', 'the confirm click did not close the card');
    t.line('张伟 clicks 确认是公务费用 (Confirm): the line is open and claimable, the card closes in place.');

    s.clock.advance(60_000);
    t.section('The reimbursement: every line of the trip in one claim, approved by the manager and finance', s.clock.now());
    const lines = (await api('GET', '/api/v1/expense-lines?employeeId=e_zhangwei&status=open')).body.lines as any[];
    const claim = await api('POST', '/api/v1/reimbursements', { submitterId: 'e_zhangwei', lineIds: lines.map((l) => l.id), applicationIds: [trip.id] });
    check(P, claim.status === 201, `the reimbursement was refused: ${JSON.stringify(claim.body)}`);
    t.table(['line', 'category', 'amount', 'paid by'], lines.map((l) => [l.id, l.category, yuan(l.amount), l.paidBy]));
    const budgetBefore = await budget('2026-11');
    const decided = await approveAll(claim.body.request.id, t);
    check(P, decided.request.status === 'approved', 'the reimbursement was not approved');
    const st = decided.request.details.settlement;
    t.line(`Settled in the final approval’s transaction: total **${yuan({ minor: st.totalMinor })}**, of which the company already paid ${yuan({ minor: st.companyMinor })}; 张伟 paid ${yuan({ minor: st.personalMinor })}, of which **${yuan({ minor: st.advanceOffsets.reduce((a: number, o: any) => a + o.amountMinor, 0) })}** offsets his advance and **${yuan({ minor: st.payableMinor })}** is payable to him.`);
    const after = await budget('2026-11');
    check(P, after.frozen.minor === 0 && after.consumed.minor - budgetBefore.consumed.minor > 0, 'the budget did not convert the freeze');
    const ledger = (await api('GET', `/api/v1/budgets/${after.id}`)).body;
    check(P, ledger.balanced, 'the budget ledger does not balance');
    t.line(`The November travel budget (${yuan(after.amount)}), its ledger replayed and balanced:`);
    t.table(['entry', 'kind', 'ref', 'amount'], (ledger.ledger as any[]).map((e) => [e.id, e.kind, `${e.ref.type}:${e.ref.id}`, yuan({ minor: e.amountMinor })]));
    t.line(`frozen ${yuan(budgetBefore.frozen)} → **${yuan(after.frozen)}**, consumed ${yuan(budgetBefore.consumed)} → **${yuan(after.consumed)}**, available ${yuan(after.available)}.`);
    const payables = (await api('GET', '/api/v1/payables?payeeId=e_zhangwei')).body.payables as any[];
    t.table(['payable', 'source', 'amount', 'status'], payables.map((p) => [p.id, `${p.sourceType}:${p.sourceId}`, yuan(p.amount), p.status]));
    const notice = await lastCard('e_zhangwei', 'ledger_notice');
    check(P, notice, '张伟 was not told about the settlement');
    t.card(`**bot → ${who('e_zhangwei')}** — settlement notice (view JSON)`, { platform: 'view', view: notice });
    t.line(`Trip status pushes the supplier received: ${supplier.statusPushes.map((p) => `${p.status}`).join(' → ')}.`);

    // ---- money out: the payable is paid through the bank ------------------------------------------------------------
    s.clock.advance(60_000);
    t.section('Paying: payout accounts, a payment run approved by finance on the card, the pain.001 to the bank', s.clock.now());
    const company = await api('POST', '/api/v1/debtor-accounts', { actorId: 'e_zhaomin', name: '基本户 招商银行', account: { holderName: '星河科技有限公司', bankName: '招商银行上海分行', accountNumber: COMPANY_ACCOUNT, cnaps: '308290003020' } });
    check(P, company.status === 201, `the company account was refused: ${JSON.stringify(company.body)}`);
    const zhangAccount = await api('PUT', '/api/v1/payees/employee/e_zhangwei', { actorId: 'e_zhangwei', account: { holderName: '张伟', bankName: '招商银行上海分行', accountNumber: '6214 8312 3456 7896', cnaps: '308290003020' } });
    check(P, zhangAccount.status === 200, `张伟's account was refused: ${JSON.stringify(zhangAccount.body)}`);
    t.line(`${who('e_zhangwei')} sets his payout account: the service keeps it encrypted and shows it only as **${zhangAccount.body.payee.masked.zh}**; as it is new, payments to it wait until ${zhangAccount.body.payee.holdUntil} (account-takeover defence), and he is told so on chat.`);
    // 李娜 also has money due (an approved advance); her bank will refuse the payment: the account is closed.
    const linaAdvance = await api('POST', '/api/v1/advances', { submitterId: 'e_lina', amount: { minor: 50_000, currency: 'CNY' }, purpose: '客户拜访备用金' });
    check(P, linaAdvance.status === 201, `李娜's advance was refused: ${JSON.stringify(linaAdvance.body)}`);
    await approveAll(linaAdvance.body.request.id, t);
    const LINA_ACCOUNT = '6222020200112230';
    check(P, (await api('PUT', '/api/v1/payees/employee/e_lina', { actorId: 'e_lina', account: { holderName: '李娜', bankName: '工商银行上海分行', accountNumber: LINA_ACCOUNT, cnaps: '102290002018' } })).status === 200, '李娜 could not set her account');
    bank.bank.scenario.set(LINA_ACCOUNT, 'AC04');
    s.clock.advance(25 * 3_600_000);
    const proposed = await api('POST', '/api/v1/payment-runs', { actorId: 'e_sarah' });
    check(P, proposed.status === 201, `no payment run: ${JSON.stringify(proposed.body)}`);
    const runId = proposed.body.run.id as string;
    t.line(`A day later ${who('e_sarah')} (finance) proposes a payment run of every open payable: ${proposed.body.run.items.length} items, ${proposed.body.run.totals.map((x: any) => `${yuan(x)} in ${x.count} payments`).join(', ')}.`);
    const submitted = await api('POST', `/api/v1/payment-runs/${runId}/submit`, { actorId: 'e_sarah' });
    check(P, submitted.status === 200, `the run was not submitted: ${JSON.stringify(submitted.body)}`);
    await s.drain();
    const runCard = await lastCard('e_zhaomin', 'approval');
    check(P, runCard, '赵敏 got no approval card for the payment run');
    t.card(`**bot → ${who('e_zhaomin')}** — payment run approval card (view JSON)`, { platform: 'view', view: runCard });
    await (await console('e_zhaomin')).click('approve');
    t.line(`${who('e_zhaomin')} approves on the card (the preparer ${who('e_sarah')} may not, nor may anyone paid in the run). In the approval's transaction every payment got its EndToEndId and the file its MsgId, before any attempt to send.`);
    await s.drain(); // bank.submit → the fake bank; bank.poll → its pain.002
    const paid = (await api('GET', `/api/v1/payment-runs/${runId}?actorId=e_sarah`)).body;
    const file = paid.files[0];
    check(P, file, 'the run has no bank file');
    const stored = await getBankMessage(s.database.db, 'demo', file.msgId);
    check(P, stored?.xml, 'the pain.001 was not kept');
    t.line(`The pain.001.001.09 \`${file.msgId}\` (XSD-checked, written to \`bank/${file.msgId}.xml\`) went to the bank over the signed HTTP API; the bank answered \`${file.status}\`.`);
    const bankFiles: { name: string; content: string | Uint8Array }[] = [{ name: `bank/${file.msgId}.xml`, content: stored.xml }];

    s.clock.advance(24 * 3_600_000);
    t.section('The bank answers: one payment refused (李娜 is told why), the others booked (张伟 is told where the money went)', s.clock.now());
    bank.bank.closeDay();
    const connector = createHttpBankConnector({ baseUrl: bank.url, keyId: BANK_KEY.id, secret: BANK_KEY.secret, timeoutMs: 5_000, now: () => s.clock.now().getTime() });
    const fetched = await fetchBankFiles({ ...s.deps, bank: connector, profile: UTF8_PROFILE }, 'demo', 'http');
    check(P, fetched.failed.length === 0, `bank files were set aside: ${JSON.stringify(fetched.failed)}`);
    await s.drain();
    for (const f of (await connector.incoming(null)).files) bankFiles.push({ name: `bank/${f.name.endsWith('.xml') ? f.name : `${f.name}.xml`}`, content: f.xml });
    const after2 = (await api('GET', `/api/v1/payment-runs/${runId}?actorId=e_sarah`)).body;
    t.table(['employee', 'EndToEndId', 'amount', 'status', 'reason'], (after2.payments as any[]).map((p) => [who(p.owner.id), p.endToEndId, yuan(p.amount), p.status, p.reason?.code ?? '']));
    check(P, after2.payments.some((p: any) => p.status === 'rejected' && p.owner.id === 'e_lina'), '李娜’s payment was not refused');
    check(P, after2.payments.some((p: any) => p.status === 'settled' && p.owner.id === 'e_zhangwei'), '张伟’s payment was not settled');
    const refused = await lastCard('e_lina', 'ledger_notice');
    check(P, refused, '李娜 was not told');
    t.card(`**bot → ${who('e_lina')}** — payment refused (view JSON)`, { platform: 'view', view: refused });
    const settled = await lastCard('e_zhangwei', 'ledger_notice');
    check(P, settled, '张伟 was not told');
    t.card(`**bot → ${who('e_zhangwei')}** — paid (view JSON)`, { platform: 'view', view: settled });
    // The bank's e-receipt (电子回单) of the settled payment: fetched by the outbox (bank.receipt), then downloaded.
    await s.drain();
    const zhangPayment = (after2.payments as any[]).find((p) => p.owner.id === 'e_zhangwei' && p.status === 'settled');
    const receipt = await s.app.request(`/api/v1/payments/${zhangPayment.id}/receipt?actorId=e_zhangwei`, { headers: { authorization: `Bearer ${key}` } });
    const receiptBytes = Buffer.from(await receipt.arrayBuffer());
    check(P, receipt.status === 200 && receiptBytes.subarray(0, 5).toString('latin1') === '%PDF-', `张伟 could not download his e-receipt: HTTP ${receipt.status}`);
    const receiptName = `bank/receipt-${zhangPayment.endToEndId}.pdf`;
    // Bytes as they came: a PDF written as text would not open.
    bankFiles.push({ name: receiptName, content: receiptBytes });
    t.line(`After the booking the service fetched the bank's e-receipt (电子回单) of ${who('e_zhangwei')}'s payment over the signed API and kept it; he downloads it himself: \`GET /api/v1/payments/{id}/receipt\` → ${receipt.headers.get('content-type')}, ${receiptBytes.length} bytes, sha256 \`${receipt.headers.get('x-content-sha256')?.slice(0, 16)}…\` (written to \`${receiptName}\`).`);
    const statements = (await api('GET', '/api/v1/bank-statements?actorId=e_sarah')).body.statements as any[];
    t.table(['statement', 'kind', 'entries', 'checks'], statements.map((x) => [x.statementId, x.kind, String(x.entries), x.checks.length ? x.checks.map((c: any) => c.code).join(', ') : 'all pass']));
    t.line(`The bank files of this story are under \`bank/\`: ${bankFiles.map((b) => `\`${b.name}\``).join(', ')}.`);
    bankFiles.push(...(await financeChapter(s, api, t, key, `http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
    return { platform: P, file: 'lifecycle.md', title: 'Travel and expense lifecycle / 差旅报销全流程', sentence: LIFECYCLE_SENTENCE, outcome: `booked, 3 orders → lines, advance offset, reimbursed; paid through the bank (one refused: AC04)`, markdown: t.markdown(), ...t.report(), files: bankFiles };
  } catch (e) {
    throw svc ? svc.explain(e) : e;
  } finally {
    if (server) await new Promise((r) => server!.close(r));
    await supplier?.close();
    await bank?.stop();
    await svc?.close();
  }
}
