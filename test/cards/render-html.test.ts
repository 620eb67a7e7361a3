import { describe, expect, it } from 'vitest';
import { CARD_CSS, escapeHtml, renderHtmlCard } from '../../cards/render-html.js';
import { EN, ZH, approvalView, decidedApproval, draftView, listView, noticeView } from './fixtures.js';

const forms = (html: string): string[] => html.match(/<form\b[\s\S]*?<\/form>/g) ?? [];

describe('renderHtmlCard', () => {
  it('escapes every string from the view, including a script in the title', () => {
    const evil = '<script>alert(1)</script>';
    const view = approvalView({
      facts: { ...approvalView().facts, title: evil, requester: `"><img src=x onerror=alert(1)>` },
      history: [{ at: '2024-11-18T01:00:00Z', actor: evil, action: 'submit', comment: evil }],
      buttons: [{ action: 'approve', value: `"><script>x</script>` }],
    });
    const html = renderHtmlCard(view, EN);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(escapeHtml(`<a href='x'>&"`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;');
  });

  it('posts each button to the console with its action and token; reject and return require a reason', () => {
    const html = renderHtmlCard(approvalView(), ZH);
    const [approve, reject, ret] = forms(html);
    expect(forms(html)).toHaveLength(3);
    expect(approve).toContain('method="post" action="/console/action"');
    expect(approve).toContain('<input type="hidden" name="action" value="approve">');
    expect(approve).toContain('<input type="hidden" name="value" value="tok.approve.signature">');
    expect(approve).not.toContain('name="reason"');
    expect(approve).toContain('>同意</button>');
    expect(reject).toMatch(/<input type="text" name="reason" required/);
    expect(ret).toMatch(/<input type="text" name="reason" required/);
    expect(ret).toContain('>退回修改</button>');
  });

  it('adds the CSRF token to every form when given', () => {
    const html = renderHtmlCard(approvalView(), EN, { csrfToken: 'c"1' });
    for (const f of forms(html)) expect(f).toContain('<input type="hidden" name="_csrf" value="c&quot;1">');
  });

  it('shows no buttons on a decided card, and the decision in both languages', () => {
    const zh = renderHtmlCard(decidedApproval(), ZH);
    expect(forms(zh)).toEqual([]);
    expect(zh).not.toContain('<button');
    expect(zh).toContain('已由 王强 于 11月18日 10:05 同意');
    expect(zh).toContain('同意出行');
    expect(renderHtmlCard(decidedApproval(), EN)).toContain('Approved by 王强 at Nov 18, 10:05');
  });

  it('shows no buttons on a cancelled draft', () => {
    const html = renderHtmlCard(draftView({ closed: { status: 'cancelled', at: '2024-11-18T02:05:00Z' } }), EN);
    expect(forms(html)).toEqual([]);
    expect(html).toContain('Cancelled at Nov 18, 10:05');
  });

  it('marks violations by severity, the budget when over, and the step progress', () => {
    const html = renderHtmlCard(approvalView(), EN);
    expect(html).toContain('<li class="note note--block"><strong>Violation</strong> Train class above second class</li>');
    expect(html).toContain('<li class="note note--warn"><strong>Warning</strong> Hotel price close to the cap</li>');
    expect(html).toContain('CNY 50,000.00 → CNY 48,720.00');
    expect(html).toContain('财务会签 · 2/3 approved · waiting for 王强');
    const over = renderHtmlCard(draftView(), ZH);
    expect(over).toContain('class="card__budget card__budget--over"');
    expect(over).toContain('¥1,000.00 → -¥280.00（超出预算）');
  });

  it('shows history times in the organisation time zone', () => {
    const html = renderHtmlCard(approvalView(), { locale: 'en', timeZone: 'Europe/London' });
    expect(html).toContain('<time datetime="2024-11-18T01:00:00Z">Nov 18, 01:00</time>');
  });

  it('renders notices and lists', () => {
    expect(renderHtmlCard(noticeView({ event: 'rejected', comment: '预算不足' }), ZH)).toContain('申请被驳回');
    const list = renderHtmlCard(listView(2), ZH);
    expect(list).toContain('费用报销 · 审批中 · JP¥18,500 · 2024年11月18日');
    expect(renderHtmlCard(listView(0), EN)).toContain('No requests yet.');
  });

  it('ships its styles as a small inline stylesheet without external assets', () => {
    expect(CARD_CSS).not.toMatch(/url\(|@import/);
    expect(CARD_CSS.length).toBeLessThan(4000);
  });
});
