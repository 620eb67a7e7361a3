// The card of a payment the bank returned (退票), built from the newest state for each chat the employee is in:
// why it came back (in their language), the account it went to (masked), and, while its payable waits on them,
// "pay again to 尾号1234" / "change account" signed for them only. Answered, it says how.
import type { Executor } from '../../db/database.js';
import { getRequest } from '../../db/repos/approvals.js';
import { getPayment, payablesByIds, payeesByIds, returnedPaymentsOf } from '../../db/repos/payments.js';
import type { CardView, PaymentReturnedCardView } from '../../cards/view-model.js';
import { reasonText } from '../../domain/payment/index.js';
import type { Clock } from '../../domain/shared/index.js';
import type { SecretBox } from '../secrets.js';
import type { NotifyPayload } from '../usecases/lifecycle/topics.js';
import { signAction } from './action-token.js';
import type { Recipient } from './deliver.js';

/** A returned payment's buttons stay valid this long: the payable waits for the answer however long it takes. */
const TOKEN_TTL_S = 90 * 24 * 3600;

type ReturnedPayload = Extract<NotifyPayload, { kind: 'returned' }>;

/** The card (and its per-recipient buttons) for a `returned` notice; undefined when the payment is not a return. */
export async function returnedCard(tx: Executor, deps: { box: SecretBox; clock: Clock }, orgId: string, p: ReturnedPayload): Promise<{ cardKey: string; view: CardView; forRecipient?: (r: Recipient) => CardView } | undefined> {
  const payment = await getPayment(tx, orgId, p.paymentId);
  if (!payment || payment.status !== 'returned') return undefined;
  // One after the other: a transaction's client runs one statement at a time (pg deprecates queueing on it).
  const [payable] = await payablesByIds(tx, orgId, [payment.payableId]);
  const [payee] = await payeesByIds(tx, orgId, [payment.payeeId]);
  const request = payable ? await getRequest(tx, orgId, payable.sourceId) : undefined;
  const last4 = payee?.accountLast4 ?? '****';
  const masked = { zh: `尾号${last4}`, en: `****${last4}` };
  // Still waiting on the employee: the payable is open, waits, and this is its latest return.
  const latest = payable ? (await returnedPaymentsOf(tx, orgId, [payable.id]))[0] : undefined;
  const waiting = Boolean(payable?.awaitingPayeeSince) && payable?.status === 'open' && latest?.id === payment.id;
  const now = deps.clock.now();
  const base: PaymentReturnedCardView = {
    kind: 'payment_returned',
    requestId: request?.id ?? payment.payableId,
    ...(request?.number ? { number: request.number } : {}),
    title: request?.title ?? '',
    amount: { minor: payment.amountMinor, currency: payment.currency },
    reason: reasonText(payment.reasonCode ?? undefined, payment.reasonText ?? undefined),
    account: { bankName: payee?.bankName ?? '', masked },
    buttons: [],
    ...(!waiting ? { closed: { status: p.outcome ?? 'pay_again', at: now.toISOString() } } : {}),
  };
  const cardKey = `returned:${payment.id}`;
  if (!waiting) return { cardKey, view: base };
  const exp = Math.floor(now.getTime() / 1000) + TOKEN_TTL_S;
  const forRecipient = (r: Recipient): CardView => ({
    ...base,
    buttons: [
      { action: 'pay_again', value: signAction(deps.box, { kind: 'returned', org: orgId, id: payment.id, action: 'pay_again', to: r.employeeId, exp }), label: { zh: `重新付款至${masked.zh}`, en: `Pay again to ${masked.en}` } },
      { action: 'change_account', value: signAction(deps.box, { kind: 'returned', org: orgId, id: payment.id, action: 'change_account', to: r.employeeId, exp }) },
    ],
  });
  return { cardKey, view: base, forRecipient };
}
