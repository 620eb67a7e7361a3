// REST: the reconciliation exceptions queue (bank transactions nothing explained, statements whose checks failed,
// payments not booked after some days) and finance's decision on a transaction.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { employeeActor } from '../usecases/authorise.js';
import { decideLine, exceptionsOf, reopenPayment } from '../usecases/reconciliation/exceptions.js';
import { acceptRuleProposal, ruleProposalsOf } from '../usecases/reconciliation/proposals.js';
import { reconciliationRulesOf, setReconciliationRules } from '../usecases/reconciliation/rules.js';
import { actingEmployee } from './actor.js';
import { requireScope } from './auth.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorResponse } from './errors.js';
import { body, errorResponses, Id, json } from './schemas.js';

const actorField = Id.optional().openapi({ description: 'The employee acting (finance): absent or equal to the employee of a bound key; an integration key needs the act-as scope to name one.' });

const DecisionIn = z
  .discriminatedUnion('action', [
    z.strictObject({ actorId: actorField, action: z.literal('match'), paymentIds: z.array(Id).min(1).max(500), reason: z.string().max(500).optional() }),
    z.strictObject({ actorId: actorField, action: z.literal('fee'), reason: z.string().max(500).optional() }),
    z.strictObject({ actorId: actorField, action: z.literal('write_off'), reason: z.string().max(500) }),
    z.strictObject({ actorId: actorField, action: z.literal('not_ours'), reason: z.string().max(500).optional() }),
  ])
  .openapi('ReconciliationDecision', {
    description: '`match`: the payments this debit settles (they must add up to it exactly); `fee`: a bank fee; `write_off`: with a reason; `not_ours`: not this company\'s business.',
    example: { actorId: 'e_sarah', action: 'match', paymentIds: ['pay_0001', 'pay_0002'] },
  });

const RulesIn = z
  .strictObject({
    actorId: actorField,
    /** The version read (0 while the defaults apply): a save over a newer version is refused. */
    version: z.number().int().min(0),
    rules: z.array(z.unknown()).min(1).max(50),
    autoThreshold: z.number().optional(),
  })
  .openapi('ReconciliationRulesInput', {
    description: 'The whole ordered list of rules (see GET for the kinds and their fields); checked, then saved as the next version.',
    example: {
      actorId: 'e_sarah',
      version: 0,
      autoThreshold: 0.9,
      rules: [
        { name: 'endToEndId', kind: 'end_to_end_id', amountToleranceMinor: 0 },
        { name: 'ourInvoices', kind: 'reference', pattern: 'INV-(\\d{6})' },
        { name: 'amountCounterparty', kind: 'amount_counterparty', amountToleranceMinor: 0, dateWindowDays: 5, minNameSimilarity: 0.85 },
        { name: 'fee', kind: 'fee', patterns: ['手续费', 'bank charges?'], maxAmountMinor: 10000 },
      ],
    },
  });

export function registerReconciliationRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  const who = (c: { get(k: 'principal'): AppEnv['Variables']['principal'] }, claimed: string | undefined) => actingEmployee(c.get('principal'), claimed, 'actorId');

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/reconciliation/exceptions',
      tags: ['Reconciliation'],
      summary: 'What reconciliation could not explain, each with its reason',
      description: 'Bank transactions no rule matched (open until finance decides them), statements whose integrity checks failed, payments sent but not booked by the bank for more than 3 days, and the differences of each supplier\'s latest statement (unknown orders, amounts, duplicates, currencies, orders not billable, orders missing). Finance only.',
      middleware: [requireScope('finance:read')] as const,
      request: { query: z.object({ actorId: actorField }) },
      responses: { 200: json(z.object({ lines: z.array(z.unknown()), statements: z.array(z.unknown()), payments: z.array(z.unknown()), supplier: z.array(z.unknown()) }), 'The queue'), ...errorResponses },
    }),
    async (c) => {
      const actor = who(c, c.req.valid('query').actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await exceptionsOf(deps, c.get('principal').orgId, employeeActor(actor.value));
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/reconciliation/lines/{statementId}/{ref}/decision',
      tags: ['Reconciliation'],
      summary: 'Decide an open bank transaction: match it by hand, a fee, a write-off, or not ours',
      description: 'One transaction, audited. A match settles the payments named (this organisation\'s, in the transaction\'s currency, not matched or settled already, adding up to it exactly). A transaction decided already answers 409 RECONCILIATION.NOT_OPEN; a match that does not add up, or a write-off without a reason, 422 RECONCILIATION.INVALID.',
      middleware: [requireScope('finance:write')] as const,
      request: { params: z.object({ statementId: Id, ref: z.string().regex(/^\d{1,6}\.\d{1,6}$/).openapi({ example: '12.1' }) }), body: body(DecisionIn) },
      responses: { 200: json(z.object({ line: z.unknown() }), 'Decided'), ...errorResponses },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const actor = who(c, b.actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const { statementId, ref } = c.req.valid('param');
      const { actorId: _a, ...decision } = b;
      const r = await decideLine(deps, c.get('principal').orgId, employeeActor(actor.value), statementId, ref, decision);
      if (!r.ok) return errorResponse(c, r.error);
      deps.kickOutbox?.();
      return c.json({ line: r.value }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/reconciliation/payments/{id}/reopen',
      tags: ['Reconciliation'],
      summary: 'Give up on a payment the bank took and never booked: its payable reopens',
      description: 'For a payment the queue lists as not booked: it counts as refused (reason MANUAL with the words given), its submission is reversed in the books, its payable goes to the next run and the employee is told. A reason is required (422 RECONCILIATION.INVALID); a payment booked or refused meanwhile is 409 RECONCILIATION.NOT_OPEN. Should the bank book it later, that line matches no payment and waits in the queue. Audited. Finance only.',
      middleware: [requireScope('finance:write')] as const,
      request: { params: z.object({ id: Id }), body: body(z.strictObject({ actorId: actorField, reason: z.string().max(500) }).openapi({ example: { actorId: 'e_sarah', reason: 'the bank confirmed the transfer never left (ticket 4711)' } })) },
      responses: { 200: json(z.object({ payment: z.object({ id: z.string(), status: z.string() }) }), 'Reopened'), ...errorResponses },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const actor = who(c, b.actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await reopenPayment(deps, c.get('principal').orgId, employeeActor(actor.value), c.req.valid('param').id, b.reason);
      if (!r.ok) return errorResponse(c, r.error);
      deps.kickOutbox?.();
      return c.json({ payment: r.value }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/reconciliation/rules',
      tags: ['Reconciliation'],
      summary: 'The ordered reconciliation rules and the automatic-match threshold',
      description: 'Kinds: end_to_end_id, batch (PmtInfId/MsgId, or one date\'s payments adding up), reference (the payment\'s reference in the remittance text, or a pattern\'s first group), amount_counterparty (amount within a tolerance, account or a name at least minNameSimilarity alike, within dateWindowDays), return, fee (patterns, up to maxAmountMinor). Version 0: the defaults apply. Finance only.',
      middleware: [requireScope('finance:read')] as const,
      request: { query: z.object({ actorId: actorField }) },
      responses: { 200: json(z.object({ settings: z.unknown(), version: z.number() }), 'The rules'), ...errorResponses },
    }),
    async (c) => {
      const actor = who(c, c.req.valid('query').actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await reconciliationRulesOf(deps, c.get('principal').orgId, employeeActor(actor.value));
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/reconciliation/rules',
      tags: ['Reconciliation'],
      summary: 'Replace the reconciliation rules',
      description: 'The next statement is reconciled with them. A rule that cannot work (an unknown kind, a pattern that does not compile, a name used twice) is 422 RECONCILIATION.INVALID naming the field; a save over a version newer than the one read is 409 CONFLICT.VERSION. Audited. Finance only.',
      middleware: [requireScope('finance:write')] as const,
      request: { body: body(RulesIn) },
      responses: { 200: json(z.object({ settings: z.unknown(), version: z.number() }), 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const actor = who(c, b.actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await setReconciliationRules(deps, c.get('principal').orgId, employeeActor(actor.value), { rules: b.rules, ...(b.autoThreshold !== undefined ? { autoThreshold: b.autoThreshold } : {}) }, b.version);
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/reconciliation/proposals',
      tags: ['Reconciliation'],
      summary: 'Rules learnt from finance\'s own decisions',
      description: 'When the same counterparty (or remittance text) was booked as a fee, or marked not ours, by hand twice, a fee or ignore rule doing it by itself is proposed, with the decisions it was learnt from. Finance only.',
      middleware: [requireScope('finance:read')] as const,
      request: { query: z.object({ actorId: actorField }) },
      responses: { 200: json(z.object({ proposals: z.array(z.unknown()) }), 'Proposals'), ...errorResponses },
    }),
    async (c) => {
      const actor = who(c, c.req.valid('query').actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await ruleProposalsOf(deps, c.get('principal').orgId, employeeActor(actor.value));
      return r.ok ? c.json({ proposals: r.value }, 200) : errorResponse(c, r.error);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/reconciliation/proposals/accept',
      tags: ['Reconciliation'],
      summary: 'Accept a proposed rule: it is appended to the rules',
      description: 'Saves the rules with the proposal appended as the next version (409 CONFLICT.VERSION over a newer one); a proposal no longer made is 404. Audited. Finance only.',
      middleware: [requireScope('finance:write')] as const,
      request: {
        body: body(
          z.strictObject({ actorId: actorField, key: z.string().min(1).max(400), version: z.number().int().min(0) }).openapi('RuleProposalAcceptance', { example: { actorId: 'e_sarah', key: 'fee|name:SWIFT CHARGES', version: 1 } }),
        ),
      },
      responses: { 200: json(z.object({ settings: z.unknown(), version: z.number() }), 'The rules with it'), ...errorResponses },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const actor = who(c, b.actorId);
      if (!actor.ok) return errorResponse(c, actor.error);
      const r = await acceptRuleProposal(deps, c.get('principal').orgId, employeeActor(actor.value), b.key, b.version);
      return r.ok ? c.json(r.value, 200) : errorResponse(c, r.error);
    },
  );
}
