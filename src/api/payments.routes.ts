// REST: payees (bank accounts of employees and suppliers, shown masked), the company's debtor accounts, and payment
// runs (propose, hold or exclude items, submit for approval; approval itself is POST /api/v1/approvals/{id}/actions).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { addDebtorAccount, debtorAccountsOf } from '../usecases/payments/debtor-accounts.js';
import { payeesOf, setPayeeAccount } from '../usecases/payments/payees.js';
import { paymentReceiptOf } from '../usecases/payments/payment-receipts.js';
import { bankStatementsOf, runPaymentsOf } from '../usecases/payments/run-queries.js';
import { createRun, getRunView, listRunViews, setRunItem, submitRun } from '../usecases/payments/runs.js';
import { employeeActor } from '../usecases/authorise.js';
import { actingEmployee } from './actor.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { body, errorResponses, Id, json } from './schemas.js';

const actorField = Id.optional().openapi({ description: 'The employee acting: absent or equal to the employee of a bound key; an integration key needs the act-as scope to name one.' });

/** A bank account as a client sends it (payees, company accounts, the organisation sync); checked in the domain. */
export const AccountIn = z
  .object({
    holderName: z.string(),
    bankName: z.string(),
    accountNumber: z.string().optional(),
    cnaps: z.string().optional(),
    iban: z.string().optional(),
    bic: z.string().optional(),
    currency: z.string().optional(),
  })
  .openapi('BankAccountInput', {
    description: 'A domestic account (accountNumber + CNAPS 联行号 for CNY) or an IBAN (+ BIC). Numbers are stored encrypted and only ever shown masked (尾号1234).',
    example: { holderName: '张伟', bankName: '招商银行上海分行', accountNumber: '6214 8312 3456 7890', cnaps: '308290003020', currency: 'CNY' },
  });

const PayeeIn = z
  .strictObject({ actorId: actorField, account: AccountIn })
  .openapi('PayeeInput', { example: { actorId: 'e_zhangwei', account: { holderName: '张伟', bankName: '招商银行上海分行', accountNumber: '6214 8312 3456 7896', cnaps: '308290003020', currency: 'CNY' } } });
const DebtorAccountIn = z
  .strictObject({ actorId: actorField, name: z.string().min(1).max(100), account: AccountIn })
  .openapi('DebtorAccountInput', { example: { actorId: 'e_zhaomin', name: '基本户 招商银行', account: { holderName: '星河科技有限公司', bankName: '招商银行上海分行', accountNumber: '121909876510601', cnaps: '308290003020', currency: 'CNY' } } });
const ItemIn = z
  .strictObject({ actorId: actorField, state: z.enum(['included', 'held', 'excluded']), note: z.string().max(500).optional() })
  .openapi('PaymentRunItemInput', { example: { actorId: 'e_sarah', state: 'held', note: '等待员工确认新账户 Waiting for the employee to confirm the new account' } });
const ActorIn = z.strictObject({ actorId: actorField }).openapi('PaymentRunActorInput', { example: { actorId: 'e_sarah' } });
const RunIn = z
  .strictObject({
    actorId: actorField,
    dueBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').optional().openapi({ description: 'Propose the payables due by this day (YYYY-MM-DD, the organisation\'s calendar); default today.' }),
  })
  .openapi('PaymentRunInput', { example: { actorId: 'e_sarah', dueBy: '2026-12-10' } });

/** The e-receipt as the bank serves it: a PDF, or a JSON document from banks that give their receipts as data. */
const ReceiptPdf = z.string().openapi({ format: 'binary', description: 'The PDF e-receipt (电子回单) as the bank made it', example: '%PDF-1.4 …' });
const ReceiptJson = z
  .object({})
  .passthrough()
  .openapi('BankReceiptDocument', {
    description: 'A bank that serves receipts as data: its document, unchanged',
    example: { receiptNo: 'HZ2026120600012', endToEndId: 'E2E-00mx9k2m000d3f6g8h1j', amount: '1280.00', currency: 'CNY', payeeAccount: '****7896', bookedOn: '2026-12-06', seal: '电子回单专用章' },
  });

/** Registers payees, debtor accounts and payment runs (and payments' e-receipts when a receipt store is configured). */
export function registerPaymentRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const who = (c: { get(k: 'principal'): AppEnv['Variables']['principal'] }, claimed: string | undefined, field = 'actorId') => actingEmployee(c.get('principal'), claimed, field);

  api.openapi(
    createRoute({ method: 'put', path: '/api/v1/payees/{ownerType}/{ownerId}', tags: ['Payments'], summary: 'Set an employee\'s or supplier\'s bank account', description: 'An employee sets their own; finance sets anyone\'s and suppliers\'. A change holds the owner\'s payments for PAYEE_CHANGE_HOLD_HOURS and tells the employee on chat. The same account again changes nothing.', middleware: [requireScope('expenses:write')] as const, request: { params: z.object({ ownerType: z.enum(['employee', 'supplier']), ownerId: Id }), body: body(PayeeIn) }, responses: { 200: json(z.object({ payee: z.unknown(), changed: z.boolean() }), 'The payee, masked'), ...errorResponses } }),
    async (c) => {
      const b = c.req.valid('json');
      const actor = who(c, b.actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const { ownerType, ownerId } = c.req.valid('param');
      const r = await setPayeeAccount(deps, c.get('principal').orgId, employeeActor(actor.value), { type: ownerType, id: ownerId }, b.account);
      if (!r.ok) return errorResponse(c, r.error);
      deps.kickOutbox?.();
      return c.json(r.value, 200);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/payees', tags: ['Payments'], summary: 'Payees, masked (an employee sees their own; finance everyone\'s)', middleware: [requireScope('expenses:read')] as const, request: { query: z.object({ actorId: actorField, ownerType: z.enum(['employee', 'supplier']).optional(), ownerId: Id.optional() }) }, responses: { 200: json(z.object({ payees: z.array(z.unknown()) }), 'Payees'), ...errorResponses } }),
    async (c) => {
      const q = c.req.valid('query');
      const actor = who(c, q.actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await payeesOf(deps, c.get('principal').orgId, employeeActor(actor.value), { ...(q.ownerType ? { ownerType: q.ownerType } : {}), ...(q.ownerId ? { ownerId: q.ownerId } : {}) });
      return r.ok ? c.json({ payees: r.value }, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/v1/debtor-accounts', tags: ['Payments'], summary: 'Add a company account payments are made from', middleware: [requireScope('finance:write')] as const, request: { body: body(DebtorAccountIn) }, responses: { 201: json(z.object({ account: z.unknown() }), 'Added'), ...errorResponses } }),
    async (c) => {
      const b = c.req.valid('json');
      const actor = who(c, b.actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await addDebtorAccount(deps, c.get('principal').orgId, employeeActor(actor.value), b.name, b.account);
      return r.ok ? c.json({ account: r.value }, 201) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/debtor-accounts', tags: ['Payments'], summary: 'Company accounts payments are made from (masked)', middleware: [requireScope('finance:read')] as const, request: { query: z.object({ actorId: actorField }) }, responses: { 200: json(z.object({ accounts: z.array(z.unknown()) }), 'Accounts'), ...errorResponses } }),
    async (c) => {
      const actor = who(c, c.req.valid('query').actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await debtorAccountsOf(deps, c.get('principal').orgId, employeeActor(actor.value));
      return r.ok ? c.json({ accounts: r.value }, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/bank-statements', tags: ['Payments'], summary: 'Imported bank statements and notifications with their integrity checks', description: 'Each statement once, with opening + entries = closing, opening = previous closing and sequence-number checks; a failed check is shown here and the file is still kept and applied.', middleware: [requireScope('finance:read')] as const, request: { query: z.object({ actorId: actorField }) }, responses: { 200: json(z.object({ statements: z.array(z.unknown()) }), 'Statements'), ...errorResponses } }),
    async (c) => {
      const actor = who(c, c.req.valid('query').actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await bankStatementsOf(deps, c.get('principal').orgId, employeeActor(actor.value));
      return r.ok ? c.json({ statements: r.value }, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/v1/payment-runs', tags: ['Payments'], summary: 'Propose a payment run of the open payables due by a day', description: 'Payables due by `dueBy` (default today in the organisation\'s time zone; a payable falls due PAYABLE_TERMS_DAYS after it was created), grouped by currency and company account, in due-date order. Items that cannot be paid now are held with their reason (no account, account on hold after a change, a returned payment waiting for the employee to confirm their account, no company account in the currency).', middleware: [requireScope('finance:write')] as const, request: { body: body(RunIn) }, responses: { 201: json(z.object({ run: z.unknown() }), 'Proposed'), ...errorResponses } }),
    async (c) => {
      const b = c.req.valid('json');
      const actor = who(c, b.actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await createRun(deps, c.get('principal').orgId, employeeActor(actor.value), b.dueBy === undefined ? {} : { dueBy: b.dueBy });
      return r.ok ? c.json({ run: r.value }, 201) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/payment-runs', tags: ['Payments'], summary: 'Payment runs', middleware: [requireScope('finance:read')] as const, request: { query: z.object({ actorId: actorField }) }, responses: { 200: json(z.object({ runs: z.array(z.unknown()) }), 'Runs'), ...errorResponses } }),
    async (c) => {
      const actor = who(c, c.req.valid('query').actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await listRunViews(deps, c.get('principal').orgId, employeeActor(actor.value));
      return r.ok ? c.json({ runs: r.value }, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/payment-runs/{id}', tags: ['Payments'], summary: 'A payment run with its items, batches, payments and bank files', middleware: [requireScope('finance:read')] as const, request: { params: z.object({ id: Id }), query: z.object({ actorId: actorField }) }, responses: { 200: json(z.object({ run: z.unknown(), payments: z.array(z.unknown()), files: z.array(z.unknown()) }), 'The run'), ...errorResponses } }),
    async (c) => {
      const actor = who(c, c.req.valid('query').actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const orgId = c.get('principal').orgId;
      const run = await getRunView(deps, orgId, employeeActor(actor.value), c.req.valid('param').id);
      if (!run.ok) return errorResponse(c, run.error);
      return c.json({ run: run.value, ...(await runPaymentsOf(deps, orgId, run.value.id)) }, 200);
    },
  );

  api.openapi(
    createRoute({ method: 'put', path: '/api/v1/payment-runs/{id}/items/{payableId}', tags: ['Payments'], summary: 'Hold, exclude or re-include an item of a draft run', middleware: [requireScope('finance:write')] as const, request: { params: z.object({ id: Id, payableId: Id }), body: body(ItemIn) }, responses: { 200: json(z.object({ run: z.unknown() }), 'The run'), ...errorResponses } }),
    async (c) => {
      const b = c.req.valid('json');
      const actor = who(c, b.actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const { id, payableId } = c.req.valid('param');
      const r = await setRunItem(deps, c.get('principal').orgId, employeeActor(actor.value), id, payableId, b.state, b.note);
      return r.ok ? c.json({ run: r.value }, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/v1/payment-runs/{id}/submit', tags: ['Payments'], summary: 'Submit a draft run for approval', description: 'Any one of finance approves; at or above PAYMENT_RUN_DUAL_APPROVAL_MINOR any two (会签). The preparer and anyone paid in the run never approve it.', middleware: [requireScope('finance:write')] as const, request: { params: z.object({ id: Id }), body: body(ActorIn) }, responses: { 200: json(z.object({ run: z.unknown() }), 'Submitted'), ...errorResponses } }),
    async (c) => {
      const actor = who(c, c.req.valid('json').actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await submitRun(deps, c.get('principal').orgId, employeeActor(actor.value), c.req.valid('param').id);
      if (!r.ok) return errorResponse(c, r.error);
      deps.kickOutbox?.();
      return c.json({ run: r.value }, 200);
    },
  );

  const receipts = deps.receipts;
  if (receipts) {
    api.openapi(
      createRoute({
        method: 'get',
        path: '/api/v1/payments/{id}/receipt',
        tags: ['Payments'],
        summary: 'The bank\'s e-receipt (电子回单) of a settled payment',
        description: 'Fetched from the bank after the statement settled the payment (HTTP bank API only: file exchange carries no receipts). Finance, or the employee paid. 404 PAYMENT.RECEIPT_PENDING until the bank\'s document is here; X-Content-Sha256 and X-End-To-End-Id name what it is.',
        middleware: [requireScope('expenses:read')] as const,
        request: { params: z.object({ id: Id.openapi({ example: 'pmt_00mx9k2m000d3f6g8h1j' }) }), query: z.object({ actorId: actorField }) },
        responses: { 200: { description: 'The document as the bank served it', content: { 'application/pdf': { schema: ReceiptPdf }, 'application/json': { schema: ReceiptJson } } }, ...errorResponses },
      }),
      async (c) => {
        const actor = who(c, c.req.valid('query').actorId);
        if (!actor.ok) return errorResponse(c, actor.error);
        const r = await paymentReceiptOf({ db: deps.db, receipts }, c.get('principal').orgId, employeeActor(actor.value), c.req.valid('param').id);
        if (!r.ok) return errorResponse(c, r.error);
        return c.body(r.value.bytes as unknown as ArrayBuffer, 200, { 'content-type': r.value.contentType, 'x-content-sha256': r.value.sha256, 'x-end-to-end-id': r.value.endToEndId });
      },
    );
  }
}
