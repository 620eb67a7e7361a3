// A registered visit on its cards: the approval card lists the visit's fields (mobiles masked) and only the chosen
// types' estimates, saying when they come from the standards; the staff's schedule card has no money on it; every
// platform renders both within its limits.
import { describe, expect, it } from 'vitest';
import { cardContent } from '../../cards/card-content.js';
import { feishuCardBytes, FEISHU_MAX_CARD_BYTES, renderDingTalkCard, renderFeishuCard, renderHtmlCard, renderSlackMessage } from '../../cards/index.js';
import type { ApprovalCardView, RequestFacts, VisitScheduleCardView } from '../../cards/view-model.js';
import { approvalView, EN, ZH } from './fixtures.js';

const visitFacts = (over: Partial<NonNullable<RequestFacts['visit']>> = {}): RequestFacts => ({
  requestId: 'req_1',
  number: 'VI-0007',
  type: 'visit',
  title: '',
  requester: '张伟',
  amount: { minor: 60_000, currency: 'CNY' },
  visit: {
    visitorName: '王强',
    company: 'ABC科技',
    purpose: '年度采购洽谈',
    visitors: [{ name: '王强', company: 'ABC科技', title: '采购总监', mobile: '****8000' }, { name: '王强的同行人1', company: 'ABC科技' }],
    level: 'vip',
    start: '2026-11-19T06:00:00.000Z',
    end: '2026-11-19T08:00:00.000Z',
    site: '上海总部',
    companions: ['李娜'],
    resources: ['meeting_room', 'meal'],
    estimate: [{ type: 'meal', amount: { minor: 60_000, currency: 'CNY' } }],
    estimateBasis: 'standard',
    ...over,
  },
});

const approval = (facts = visitFacts()): ApprovalCardView => approvalView({ facts, violations: [{ severity: 'warn', message: { zh: '餐饮预计 2000.00 CNY，超出接待标准 800.00 CNY（按人数）', en: 'meals estimated at CNY 2000.00, over the reception standard of CNY 800.00 (per person)' } }], justification: undefined });

const schedule = (over: Partial<VisitScheduleCardView> = {}): VisitScheduleCardView => ({
  kind: 'visit_schedule',
  occasion: 'approved',
  visitId: 'vis_1',
  number: 'VI-0007',
  role: 'desk',
  visit: { company: 'ABC科技', purpose: '年度采购洽谈', visitors: visitFacts().visit!.visitors!, level: 'standard', start: '2026-11-19T06:00:00.000Z', end: '2026-11-20T04:00:00.000Z', site: '上海总部', address: '世纪大道100号', host: '张伟', resources: ['meeting_room', 'lodging'] },
  ...over,
});

describe('visit cards', () => {
  it('shows the visit on the approval card, with only the chosen types and where the estimate came from', () => {
    const zh = cardContent(approval(), ZH);
    const facts = Object.fromEntries(zh.facts.map((f) => [f.label, f.value]));
    expect(facts).toMatchObject({
      访客: '王强（ABC科技 · 采购总监 · ****8000）、王强的同行人1（ABC科技）',
      接待级别: '贵宾',
      来访时间: '11月19日 14:00–16:00',
      接待地点: '上海总部',
      陪同人员: '李娜',
      所需资源: '会议室、用餐',
      '预计 · 餐饮': '¥600.00',
      估算依据: '未填写金额，按接待标准（人数 × 标准）估算',
    });
    expect(Object.keys(facts).filter((k) => k.startsWith('预计'))).toEqual(['预计 · 餐饮']);
    expect(zh.paragraphs).toContainEqual({ label: '事由', value: '年度采购洽谈' });
    expect(zh.notes.map((n) => n.text)).toEqual(['餐饮预计 2000.00 CNY，超出接待标准 800.00 CNY（按人数）']);
    const en = Object.fromEntries(cardContent(approval(visitFacts({ estimateBasis: 'given' })), EN).facts.map((f) => [f.label, f.value]));
    expect(en).toMatchObject({ Level: 'VIP', When: 'Nov 19, 14:00–16:00', Resources: 'Meeting room, Meals', 'Estimate · Meals': 'CNY 600.00', 'Estimate basis': 'As given by the requester' });
  });

  it('gives the staff the schedule and resources, the window across days, and no money', () => {
    const c = cardContent(schedule(), ZH);
    expect(c.title).toBe('来访已批准 · 接待安排 · ABC科技');
    const facts = Object.fromEntries(c.facts.map((f) => [f.label, f.value]));
    expect(facts).toMatchObject({ 你的角色: '前台接待', 来访时间: '11月19日 14:00 – 11月20日 12:00', 地址: '世纪大道100号', 接待人: '张伟', 所需资源: '会议室、住宿', 申请编号: 'VI-0007' });
    expect(JSON.stringify(c)).not.toMatch(/预计|¥/);
    expect(cardContent(schedule({ occasion: 'reminder', role: 'host' }), EN).title).toBe('Visit reminder · arriving soon · ABC科技');
  });

  it('renders on every platform within its limits', () => {
    for (const view of [approval(), schedule(), schedule({ occasion: 'reminder' })]) {
      for (const o of [ZH, EN]) {
        const feishu = renderFeishuCard(view, o);
        expect(feishuCardBytes(feishu)).toBeLessThanOrEqual(FEISHU_MAX_CARD_BYTES);
        expect(JSON.stringify(feishu)).toContain('上海总部');
        expect(JSON.stringify(renderSlackMessage(view, o))).toContain('上海总部');
        expect(JSON.stringify(renderDingTalkCard(view, o))).toContain('上海总部');
        expect(renderHtmlCard(view, o)).toContain('上海总部');
      }
    }
  });
});
