// An account typed in chat and waiting for its confirmation: taken once however many clicks arrive at the same
// moment, someone else's is not theirs to take, a newer one replaces the older, and nothing holds the number in clear.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../../db/database.js';
import { answerPayeeDraft, draftPayeeInTx } from '../../../src/usecases/payments/payee-drafts.js';
import { command } from '../../../src/usecases/unit-of-work.js';
import { testApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const draft = (employeeId: string, account: string) =>
  command(t.database.db, (tx) => draftPayeeInTx(tx, t.deps, { orgId: 'demo', employeeId, channel: 'web', chatId: employeeId, locale: 'zh', values: { holderName: '李娜', account, bankName: '工商银行', bankCode: '102290002018' } }));

describe('a pending payee account', () => {
  it('is confirmed once when two clicks arrive together, and only by its employee', async () => {
    const d = await draft('e_lina', '6222020200112230');
    expect(d.ok).toBe(true);
    const id = d.ok ? d.value.draft.id : '';
    expect(await answerPayeeDraft(t.deps, 'demo', 'e_zhangwei', id, 'confirm')).toEqual({ ok: true, value: { outcome: 'gone' } });
    const answers = await Promise.all([answerPayeeDraft(t.deps, 'demo', 'e_lina', id, 'confirm'), answerPayeeDraft(t.deps, 'demo', 'e_lina', id, 'confirm')]);
    expect(answers.map((a) => (a.ok ? a.value.outcome : a.error.code)).sort()).toEqual(['gone', 'set']);
    const audit = rowsOf<{ action: string }>(await t.database.db.execute(sql`SELECT action FROM audit_log WHERE org_id = 'demo' AND subject_id = 'employee:e_lina' ORDER BY id`));
    expect(audit.map((a) => a.action)).toEqual(['payee.draft_entered', 'payee.created']);
  });

  it('is replaced by a newer one of the same employee, and is refused with the field named when wrong', async () => {
    const first = await draft('e_david', '6214831234567896');
    const second = await draft('e_david', '6222020200112230');
    expect(second.ok && second.value.dropped).toEqual([first.ok ? first.value.draft.id : '']);
    expect(rowsOf(await t.database.db.execute(sql`SELECT id FROM payee_drafts WHERE employee_id = 'e_david'`))).toHaveLength(1);
    const bad = await draft('e_david', '6222020200112231');
    expect(bad.ok ? undefined : bad.error).toMatchObject({ code: 'PAYEE.INVALID_ACCOUNT', details: { field: 'account', reason: 'ACCOUNT.CARD_CHECKSUM' } });
    const stored = JSON.stringify(rowsOf(await t.database.db.execute(sql`SELECT * FROM payee_drafts`)));
    expect(stored).not.toContain('6222020200112230');
    expect(stored).toContain('"account_last4":"2230"');
  });
});
