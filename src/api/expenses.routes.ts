// REST: expense lines (typed in, or made from supplier orders and card transactions), their invoices and receipts.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { LineRow } from '../../db/repos/expense-lines.js';
import { LINE_CATEGORIES } from '../../domain/expense/index.js';
import type { InvoiceData } from '../../domain/invoice/index.js';
import { attachInvoice } from '../usecases/expenses/invoices.js';
import { lineDetail, linesOf, receiptFile } from '../usecases/expenses/line-queries.js';
import { answerDraftLine, createLine } from '../usecases/expenses/lines.js';
import { RECEIPT_TYPES, attachReceipt } from '../usecases/expenses/receipts.js';
import { actingEmployee } from './actor.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { body, errorResponses, Id, json, MoneySchema } from './schemas.js';

/** An expense line as the API shows it; the base of the examples of schemas that extend ExpenseLine. */
export const LINE_EXAMPLE = {
  id: 'exl_00mx4w2b9d000f7h1j5k3q',
  employeeId: 'e_zhangwei',
  departmentId: 'd_sales',
  category: 'transport',
  amount: { minor: 12800, currency: 'CNY' },
  date: '2026-11-17',
  merchant: '首汽约车 Shouqi Car',
  description: '客户拜访后回公司 Back to the office after the customer visit',
  applicationId: null,
  source: 'manual',
  paidBy: 'personal',
  status: 'open',
  reimbursementId: null,
  invoiceId: 'inv_00mx4w2b9d001r5t8y2u4i',
  cardTransactionId: null,
};

export const LineOut = z
  .object({
    id: z.string(),
    employeeId: z.string(),
    departmentId: z.string(),
    category: z.string(),
    amount: MoneySchema,
    date: z.string(),
    merchant: z.string().nullable(),
    description: z.string().nullable(),
    applicationId: z.string().nullable(),
    source: z.string(),
    paidBy: z.enum(['company', 'personal']),
    status: z.enum(['draft', 'open', 'claimed', 'reimbursed', 'dismissed']),
    reimbursementId: z.string().nullable(),
    invoiceId: z.string().nullable(),
    cardTransactionId: z.string().nullable(),
  })
  .openapi('ExpenseLine', { example: LINE_EXAMPLE });

/** An expense line as the API shows it (amounts as Money). */
export const lineView = (l: LineRow) => ({
  id: l.id,
  employeeId: l.employeeId,
  departmentId: l.departmentId,
  category: l.category,
  amount: { minor: l.amountMinor, currency: l.currency },
  date: l.date,
  merchant: l.merchant,
  description: l.description,
  applicationId: l.applicationId,
  source: l.source,
  paidBy: l.paidBy as 'company' | 'personal',
  status: l.status as 'draft' | 'open' | 'claimed' | 'reimbursed' | 'dismissed',
  reimbursementId: l.reimbursementId,
  invoiceId: l.invoiceId,
  cardTransactionId: l.cardTxnId,
});

// A ride in Shanghai on the trip of REQUEST_EXAMPLE: passenger transport is taxed at 3%, so 103.00 = 100.00 + 3.00.
const INVOICE_EXAMPLE = { kind: 'vat', code: '031002300111', number: '12345678', issueDate: '2026-11-24', sellerTaxId: '91310000MA1FL8XQ37', amount: { minor: 10000, currency: 'CNY' }, tax: { minor: 300, currency: 'CNY' }, total: { minor: 10300, currency: 'CNY' } };

const Invoice = z.record(z.string(), z.unknown()).openapi('InvoiceData', {
  description: 'A Chinese VAT invoice (kind "vat": code, number, issueDate, sellerTaxId, buyerTaxId, amount, tax, total, checkCode) or a foreign receipt (kind "receipt": number, issueDate, merchant, amount, total).',
  example: INVOICE_EXAMPLE,
});

const LineIn = z
  .strictObject({
    employeeId: Id.optional().openapi({ description: 'The employee acting: absent or equal to the employee of a bound key; an integration key needs the act-as scope to name one.' }),
    category: z.enum(LINE_CATEGORIES),
    amount: MoneySchema,
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
    merchant: z.string().min(1).max(200).optional(),
    description: z.string().max(1000).optional(),
    applicationId: Id.optional().openapi({ description: 'An approved trip or reception of the employee.' }),
    paidBy: z.enum(['company', 'personal']).default('personal'),
    invoice: Invoice.optional(),
    clientRef: z.string().min(1).max(200).optional(),
  })
  .openapi('ExpenseLineInput', {
    example: {
      employeeId: 'e_lina',
      category: 'transport',
      amount: { minor: 10300, currency: 'CNY' },
      date: '2026-11-24',
      merchant: '大众出租 Dazhong Taxi',
      description: '虹桥站到酒店 Hongqiao station to the hotel',
      applicationId: 'req_00mx4x7c1q000k2r9s8t1v',
      paidBy: 'personal',
      invoice: INVOICE_EXAMPLE,
      clientRef: 'erp-line-88120',
    },
  });

// An extended schema inherits its base's example, which lacks the new fields: each gets its own.
const LINE_DETAIL_EXAMPLE = {
  ...LINE_EXAMPLE,
  invoice: { id: LINE_EXAMPLE.invoiceId, source: 'manual', kind: 'vat', code: '011002300211', number: '23456789', issueDate: '2026-11-17', amount: { minor: 12427, currency: 'CNY' }, tax: { minor: 373, currency: 'CNY' }, total: { minor: 12800, currency: 'CNY' } },
  receipts: [{ id: 'rcp_00mx4w9k2m000d3f6g8h1j', contentType: 'image/jpeg', filename: 'taxi-receipt.jpg', size: 184220, sha256: 'c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2', uploadedBy: 'e_zhangwei', createdAt: '2026-11-17T10:42:05.000Z' }],
};
/** A line drafted from a corporate-card transaction, waiting for the employee's answer. */
const DRAFT_EXAMPLE = { ...LINE_EXAMPLE, id: 'exl_00mx5c3e2f001n4b7v9c2x', source: 'card', paidBy: 'company' as const, invoiceId: null, cardTransactionId: 'ctx_00mx5c3e2f000q1w2e3r4t' };

/** Registers the expense-line routes; the receipt upload and download routes only when a receipt store is configured. */
export function registerExpenseRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps & { receiptsDeps?: Parameters<typeof attachReceipt>[0] }) {
  api.openapi(
    createRoute({ method: 'post', path: '/api/v1/expense-lines', tags: ['Expenses'], summary: 'Record an expense line', description: 'With an invoice, the invoice is checked and claimed organisation-wide in the same transaction: a duplicate answers 409 INVOICE.DUPLICATE naming the first claim.', middleware: [requireScope('expenses:write')] as const, request: { body: body(LineIn) }, responses: { 201: json(LineOut, 'Recorded'), ...errorResponses } }),
    async (c) => {
      const { invoice, ...input } = c.req.valid('json');
      // The invoice's own fields are checked by the domain (INVOICE.INVALID names the field).
      const who = actingEmployee(c.get('principal'), input.employeeId, 'employeeId');
      if (!who.ok) return errorResponse(c, who.error);
      const r = await createLine(deps, c.get('principal').orgId, who.value, { ...input, employeeId: who.value, ...(invoice ? { invoice: invoice as unknown as InvoiceData } : {}) });
      return r.ok ? c.json(lineView(r.value), 201) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/expense-lines', tags: ['Expenses'], summary: 'List expense lines', middleware: [requireScope('expenses:read')] as const, request: { query: z.object({ employeeId: Id.optional(), status: z.enum(['draft', 'open', 'claimed', 'reimbursed', 'dismissed']).optional(), applicationId: Id.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }) }, responses: { 200: json(z.object({ lines: z.array(LineOut) }), 'Lines, oldest first'), ...errorResponses } }),
    async (c) => c.json({ lines: (await linesOf(deps, c.get('principal').orgId, c.req.valid('query'))).map(lineView) }, 200),
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/expense-lines/{id}', tags: ['Expenses'], summary: 'One line with its invoice and receipts', middleware: [requireScope('expenses:read')] as const, request: { params: z.object({ id: Id }) }, responses: { 200: json(LineOut.extend({ invoice: z.unknown().nullable(), receipts: z.array(z.unknown()) }).openapi({ example: LINE_DETAIL_EXAMPLE }), 'The line'), ...errorResponses } }),
    async (c) => {
      const r = await lineDetail(deps, c.get('principal').orgId, c.req.valid('param').id);
      if (!r.ok) return errorResponse(c, r.error);
      return c.json({ ...lineView(r.value.line), invoice: r.value.invoice, receipts: r.value.receipts }, 200);
    },
  );

  for (const answer of ['confirm', 'dismiss'] as const) {
    api.openapi(
      createRoute({ method: 'post', path: `/api/v1/expense-lines/{id}/${answer}`, tags: ['Expenses'], summary: answer === 'confirm' ? 'Confirm a draft line as a business expense' : 'Set a draft line aside (not a business expense)', middleware: [requireScope('expenses:write')] as const, request: { params: z.object({ id: Id }), body: body(z.strictObject({ employeeId: Id.optional().openapi({ description: 'The employee acting: absent or equal to the employee of a bound key; an integration key needs the act-as scope to name one.' }) }).openapi({ example: { employeeId: 'e_zhangwei' } })) }, responses: { 200: json(LineOut.extend({ changed: z.boolean() }).openapi({ example: { ...DRAFT_EXAMPLE, status: answer === 'confirm' ? 'open' : 'dismissed', changed: true } }), 'The line'), ...errorResponses } }),
      async (c) => {
        const who = actingEmployee(c.get('principal'), c.req.valid('json').employeeId, 'employeeId');
        if (!who.ok) return errorResponse(c, who.error);
        const r = await answerDraftLine(deps, c.get('principal').orgId, c.req.valid('param').id, who.value, answer);
        return r.ok ? c.json({ ...lineView(r.value.line), changed: r.value.changed }, 200) : errorResponse(c, r.error);
      },
    );
  }

  api.openapi(
    createRoute({ method: 'post', path: '/api/v1/expense-lines/{id}/invoice', tags: ['Expenses'], summary: 'Attach an invoice (duplicate-checked organisation-wide)', middleware: [requireScope('expenses:write')] as const, request: { params: z.object({ id: Id }), body: body(z.strictObject({ actorId: Id.optional().openapi({ description: 'The employee acting: absent or equal to the employee of a bound key; an integration key needs the act-as scope to name one.' }), invoice: Invoice }).openapi({ example: { actorId: 'e_lina', invoice: INVOICE_EXAMPLE } })) }, responses: { 201: json(z.object({ invoiceId: z.string(), lineId: z.string(), keys: z.array(z.string()) }), 'Attached'), ...errorResponses } }),
    async (c) => {
      const orgId = c.get('principal').orgId;
      const { actorId, invoice } = c.req.valid('json');
      const who = actingEmployee(c.get('principal'), actorId, 'actorId');
      if (!who.ok) return errorResponse(c, who.error);
      const r = await attachInvoice(deps, orgId, c.req.valid('param').id, who.value, invoice as unknown as InvoiceData, 'manual');
      return r.ok ? c.json(r.value, 201) : errorResponse(c, r.error);
    },
  );

  const receiptsDeps = deps.receiptsDeps;
  if (receiptsDeps) {
    // Raw file bodies (image, PDF or e-invoice XML): the Content-Type says which. Documented in OpenAPI with each file
    // type as a binary body; the route reads the bytes itself (the validator only checks JSON and forms).
    const file = z.string().openapi({ format: 'binary' });
    api.openapi(
      createRoute({
        method: 'post',
        path: '/api/v1/expense-lines/{id}/receipts',
        tags: ['Expenses'],
        summary: 'Attach a receipt file (image, PDF or e-invoice XML); an e-invoice is read and duplicate-checked',
        middleware: [requireScope('expenses:write')] as const,
        request: {
          params: z.object({ id: Id }),
          query: z.object({ actorId: Id.optional().openapi({ description: 'The employee uploading: absent or equal to the employee of a bound key; an integration key needs act-as.' }), filename: z.string().max(255).optional() }),
          body: { required: true, content: Object.fromEntries(RECEIPT_TYPES.map((t) => [t, { schema: file }])) },
        },
        responses: { 201: json(z.object({ receiptId: z.string() }).passthrough(), 'Stored'), ...errorResponses },
      }),
      async (c) => {
        const orgId = c.get('principal').orgId;
        const q = c.req.valid('query');
        const who = actingEmployee(c.get('principal'), q.actorId, 'actorId');
        if (!who.ok) return errorResponse(c, who.error);
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        const r = await attachReceipt(receiptsDeps, orgId, c.req.valid('param').id, who.value, { bytes, contentType: c.req.header('content-type') ?? '', ...(q.filename ? { filename: q.filename } : {}) });
        return r.ok ? c.json(r.value as { receiptId: string }, 201) : errorResponse(c, r.error);
      },
    );
    api.openapi(
      createRoute({
        method: 'get',
        path: '/api/v1/receipts/{id}',
        tags: ['Expenses'],
        summary: 'Download a receipt file as it was uploaded',
        middleware: [requireScope('expenses:read')] as const,
        request: { params: z.object({ id: Id }) },
        responses: { 200: { description: 'The file, with its Content-Type and X-Content-Sha256', content: Object.fromEntries(RECEIPT_TYPES.map((t) => [t, { schema: file }])) }, ...errorResponses },
      }),
      async (c) => {
        const r = await receiptFile(receiptsDeps, c.get('principal').orgId, c.req.valid('param').id);
        if (!r.ok) return errorResponse(c, r.error);
        return c.body(r.value.bytes as unknown as ArrayBuffer, 200, { 'content-type': r.value.contentType, 'x-content-sha256': r.value.sha256 });
      },
    );
  }
}
