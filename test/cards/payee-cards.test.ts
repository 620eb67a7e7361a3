// The payout-account cards in all four renderers: the form (inputs on Feishu and HTML, a button opening a modal on
// Slack, the line to type on DingTalk), the masked account to confirm, and a returned payment with its two buttons.
import { describe, expect, it } from 'vitest';
import {
  SLACK_LIMITS, renderDingTalkCard, renderFeishuCard, renderHtmlCard, renderSlackMessage, renderSlackPayeeModal,
  type CardView, type PayeeConfirmCardView, type PayeeFormCardView, type PaymentReturnedCardView,
} from '../../cards/index.js';
import { EN, ZH, button } from './fixtures.js';

const form: PayeeFormCardView = { kind: 'payee_form', value: 'tok.form.signature', purpose: 'set' };
const confirm: PayeeConfirmCardView = {
  kind: 'payee_confirm', holderName: '张伟', bankName: '招商银行上海分行', masked: { zh: '尾号0128', en: '****0128' }, cnaps: '308584000013', currency: 'CNY',
  holdHours: 24, expiresAt: '2026-11-18T02:30:00Z', buttons: [{ ...button('confirm'), label: { zh: '确认设置', en: 'Confirm' } }, button('cancel')],
};
const returned: PaymentReturnedCardView = {
  kind: 'payment_returned', requestId: 'req_1', number: 'RB-0007', title: '上海出差报销', amount: { minor: 128_000, currency: 'CNY' },
  reason: { zh: '收款账户已销户', en: 'the account is closed' }, account: { bankName: '招商银行', masked: { zh: '尾号0128', en: '****0128' } },
  buttons: [{ ...button('pay_again'), label: { zh: '重新付款至尾号0128', en: 'Pay again to ****0128' } }, button('change_account')],
};

const renderers = {
  feishu: (v: CardView, o = ZH) => JSON.stringify(renderFeishuCard(v, o)),
  slack: (v: CardView, o = ZH) => JSON.stringify(renderSlackMessage(v, o)),
  dingtalk: (v: CardView, o = ZH) => JSON.stringify(renderDingTalkCard(v, o)),
  html: (v: CardView, o = ZH) => renderHtmlCard(v, o),
};

describe.each(Object.entries(renderers))('%s', (name, render) => {
  it('shows the masked account to confirm with the hold and expiry, and drops the buttons once answered', () => {
    const out = render(confirm);
    for (const s of ['请确认收款账户', '张伟', '招商银行上海分行', '尾号0128', '308584000013', '24 小时', '确认设置', 'tok.confirm.signature', 'tok.cancel.signature']) expect(out).toContain(s);
    expect(render(confirm, EN)).toContain('Payments to a new or changed account wait 24 hours');
    const closed = render({ ...confirm, buttons: [], closed: { status: 'confirmed', at: '2026-11-18T02:10:00Z', holdUntil: '2026-11-19T02:10:00Z' } });
    expect(closed).toContain('已设置为收款账户');
    expect(closed).not.toContain('tok.confirm.signature');
  });

  it('asks about a returned payment: why, where it went, and the two buttons with their own labels', () => {
    const out = render(returned);
    for (const s of ['付款被退回', '收款账户已销户', '招商银行 尾号0128', '1,280.00', 'RB-0007', '重新付款至尾号0128', '更换收款账户', 'tok.pay_again.signature']) expect(out).toContain(s);
    expect(render(returned, EN)).toContain('Pay again to ****0128');
    const closed = render({ ...returned, buttons: [], closed: { status: 'changed', at: '2026-11-20T02:00:00Z' } });
    expect(closed).toContain('已更换收款账户');
    expect(closed).not.toContain('tok.pay_again.signature');
  });

  it('lays the form out as the platform can take it', () => {
    const out = render(form);
    expect(out).toContain('设置收款账户');
    if (name === 'dingtalk') {
      expect(out).toContain('收款账户 户名 账号 开户行 联行号');
      expect(out).not.toContain('tok.form.signature'); // nothing to click: the line is typed
    } else if (name === 'slack') {
      expect(out).toContain('"action_id":"enter_account"');
      expect(out).toContain('tok.form.signature');
    } else {
      for (const field of ['holderName', 'account', 'bankName', 'bankCode', 'currency']) expect(out).toMatch(new RegExp(`"?name"?[=:]\\\\?"${field}\\\\?"`));
      expect(out).toContain('tok.form.signature');
    }
    expect(render({ ...form, closed: { status: 'submitted', at: '2026-11-18T02:00:00Z' } })).not.toContain('tok.form.signature');
  });
});

describe('the payee form on Slack and the console', () => {
  it('is a modal of one input block per field within Slack’s limits, the optional ones marked', () => {
    const modal = renderSlackPayeeModal({ value: 'tok.form.signature', locale: 'en', purpose: 'change' });
    expect(modal.title.text.length).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
    expect(modal.title.text).toBe('Change payout account');
    expect(modal.blocks.map((b) => [b.block_id, b.optional])).toEqual([['holderName', false], ['account', false], ['bankName', false], ['bankCode', true], ['currency', true]]);
    expect(renderSlackPayeeModal({ value: 'v', locale: 'zh' }).title.text.length).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
  });

  it('is drawn again on the console with what was typed (escaped) and why it was refused', () => {
    const html = renderHtmlCard(form, ZH, { csrfToken: 'c', refill: { values: { holderName: '"><script>x</script>', account: '6222' }, problem: '联行号应为 12 位数字。' } });
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).toContain('value="6222"');
    expect(html).toContain('role="alert">联行号应为 12 位数字。');
    expect(html).not.toContain('<script>');
  });
});
