// The organisation's own accounts that payments are made from (the debtor of a pain.001), one default per currency.
import type { Db } from '../../../db/database.js';
import { appendAudit } from '../../../db/repos/audit.js';
import { getOrganisation } from '../../../db/repos/org.js';
import { insertDebtorAccount, listDebtorAccounts, type DebtorAccountRow } from '../../../db/repos/payments.js';
import { maskedAccount, normaliseAccount, readAccountInput } from '../../../domain/payment/index.js';
import { openAccount, storedAccount } from './account-box.js';
import { domainError, err, ok, type Clock, type IdGenerator, type Result } from '../../../domain/shared/index.js';
import type { SecretBox } from '../../secrets.js';
import { actorIdOf, requireRole, type Actor } from '../authorise.js';
import { command } from '../unit-of-work.js';

export interface DebtorAccountView {
  id: string;
  name: string;
  holderName: string;
  bankName: string;
  currency: string;
  cnaps?: string;
  bic?: string;
  masked: { zh: string; en: string };
}

export function debtorAccountView(r: DebtorAccountRow, box: SecretBox): DebtorAccountView {
  const secret = openAccount(box, r.accountEnc);
  return { id: r.id, name: r.name, holderName: r.holderName, bankName: r.bankName, currency: r.currency, ...(r.cnaps ? { cnaps: r.cnaps } : {}), ...(r.bic ? { bic: r.bic } : {}), masked: maskedAccount(secret) };
}

/** Adds an account payments are made from (finance or an administrator); the first one of a currency is its default. */
export function addDebtorAccount(deps: { db: Db; clock: Clock; ids: IdGenerator; box: SecretBox }, orgId: string, actor: Actor, name: string, raw: unknown): Promise<Result<DebtorAccountView>> {
  return command<DebtorAccountView>(deps.db, async (tx) => {
    const allowed = await requireRole(tx, orgId, actor, ['finance'], 'adding a company bank account');
    if (!allowed.ok) return allowed;
    const parsed = readAccountInput(raw);
    if (!parsed.ok) return parsed;
    const org = await getOrganisation(tx, orgId);
    if (!org) return err(domainError('NOT_FOUND', `organisation ${orgId} does not exist`));
    const a = normaliseAccount(parsed.value, org.defaultCurrency);
    if (!a.ok) return a;
    const now = deps.clock.now();
    const { columns, masked } = storedAccount(deps.box, a.value);
    const row: DebtorAccountRow = { id: deps.ids.next('dac'), orgId, name, ...columns, createdAt: now };
    await insertDebtorAccount(tx, row);
    await appendAudit(tx, { orgId, actorId: actorIdOf(actor), action: 'debtor_account.created', subjectType: 'debtor_account', subjectId: row.id, after: { name, bankName: row.bankName, account: masked.zh, currency: row.currency }, at: now });
    return ok(debtorAccountView(row, deps.box));
  });
}

export async function debtorAccountsOf(deps: { db: Db; box: SecretBox }, orgId: string, actor: Actor): Promise<Result<DebtorAccountView[]>> {
  const allowed = await requireRole(deps.db, orgId, actor, ['finance'], 'viewing company bank accounts');
  if (!allowed.ok) return allowed;
  return ok((await listDebtorAccounts(deps.db, orgId)).map((r) => debtorAccountView(r, deps.box)));
}
