// The demo organisation: a small company with Chinese and English names, managers, finance, reception and guards.
import type { FlowDefinition } from '../../domain/approval/index.js';
import type { Department, Employee } from '../../domain/org/index.js';
import type { PolicyRule } from '../../domain/policy/index.js';

export const DEMO_ORG = { id: 'demo', name: '星河科技 Galaxy Tech (demo)', timeZone: 'Asia/Shanghai', defaultCurrency: 'CNY' };

type D = Omit<Department, 'orgId'>;
type E = Omit<Employee, 'orgId'>;

export const DEMO_DEPARTMENTS: D[] = [
  { id: 'd_hq', name: '总经办 Executive Office', parentId: null, headId: 'e_chenjing' },
  { id: 'd_sales', name: '销售部 Sales', parentId: 'd_hq', headId: 'e_wangqiang' },
  { id: 'd_rd', name: '研发部 R&D', parentId: 'd_hq', headId: 'e_liuyang' },
  { id: 'd_rd_platform', name: '平台组 Platform Team', parentId: 'd_rd', headId: 'e_emily' },
  { id: 'd_finance', name: '财务部 Finance', parentId: 'd_hq', headId: 'e_zhaomin' },
  { id: 'd_admin', name: '行政部 Administration', parentId: 'd_hq', headId: 'e_sunli' },
];

const emp = (id: string, name: string, departmentId: string, managerId: string | null, roles: E['roles'], grade: number, locale: E['locale'], email: string): E => ({
  id, name, departmentId, managerId, roles, grade, locale, email, mobile: null, active: true,
});

export const DEMO_EMPLOYEES: E[] = [
  emp('e_chenjing', '陈静', 'd_hq', null, ['employee', 'manager', 'admin'], 9, 'zh-CN', 'chen.jing@galaxy.example'),
  emp('e_wangqiang', '王强', 'd_sales', 'e_chenjing', ['employee', 'manager'], 7, 'zh-CN', 'wang.qiang@galaxy.example'),
  emp('e_zhangwei', '张伟', 'd_sales', 'e_wangqiang', ['employee'], 3, 'zh-CN', 'zhang.wei@galaxy.example'),
  emp('e_lina', '李娜', 'd_sales', 'e_wangqiang', ['employee'], 3, 'zh-CN', 'li.na@galaxy.example'),
  emp('e_david', 'David Miller', 'd_sales', 'e_wangqiang', ['employee'], 4, 'en', 'david.miller@galaxy.example'),
  emp('e_liuyang', '刘洋', 'd_rd', 'e_chenjing', ['employee', 'manager'], 7, 'zh-CN', 'liu.yang@galaxy.example'),
  emp('e_emily', 'Emily Chen', 'd_rd_platform', 'e_liuyang', ['employee', 'manager'], 5, 'en', 'emily.chen@galaxy.example'),
  emp('e_huangtao', '黄涛', 'd_rd_platform', 'e_emily', ['employee'], 3, 'zh-CN', 'huang.tao@galaxy.example'),
  emp('e_zhaomin', '赵敏', 'd_finance', 'e_chenjing', ['employee', 'manager', 'finance'], 6, 'zh-CN', 'zhao.min@galaxy.example'),
  emp('e_sarah', 'Sarah Johnson', 'd_finance', 'e_zhaomin', ['employee', 'finance'], 4, 'en', 'sarah.johnson@galaxy.example'),
  emp('e_sunli', '孙丽', 'd_admin', 'e_chenjing', ['employee', 'manager', 'reception'], 5, 'zh-CN', 'sun.li@galaxy.example'),
  emp('e_zhoujun', '周军', 'd_admin', 'e_sunli', ['employee', 'guard'], 2, 'zh-CN', 'zhou.jun@galaxy.example'),
];

/** Monthly budgets per department and category, in fen (CNY minor units). */
export const DEMO_BUDGETS: { departmentId: string; category: string; minor: number }[] = [
  ...['d_sales', 'd_rd', 'd_rd_platform', 'd_finance', 'd_admin', 'd_hq'].flatMap((d) => [
    { departmentId: d, category: 'travel', minor: d === 'd_sales' ? 8_000_000 : 3_000_000 },
    { departmentId: d, category: 'transport', minor: 500_000 },
    { departmentId: d, category: 'meal', minor: 300_000 },
    { departmentId: d, category: 'lodging', minor: 1_500_000 },
    { departmentId: d, category: 'hospitality', minor: d === 'd_sales' ? 2_000_000 : 500_000 },
    { departmentId: d, category: 'office', minor: 200_000 },
    { departmentId: d, category: 'communication', minor: 100_000 },
  ]),
];

/** Manager first; the department head above ¥5,000; finance above ¥20,000 or when over budget. Reminders after a day. */
export const DEMO_FLOW: FlowDefinition = {
  name: '标准审批 Standard approval',
  subjectTypes: ['*'],
  steps: [
    { key: 'manager', name: '直属上级 Line manager', mode: 'any', approvers: [{ kind: 'manager', level: 1 }], timeoutHours: 24, escalation: { afterHours: 48, to: { kind: 'manager', level: 2 } } },
    {
      key: 'head',
      name: '部门负责人 Department head',
      mode: 'any',
      approvers: [{ kind: 'department_head' }],
      condition: { field: 'amount', op: 'gte', minor: 500_000, currency: 'CNY' },
      timeoutHours: 24,
    },
    {
      key: 'finance',
      name: '财务审核 Finance review',
      mode: 'any',
      approvers: [{ kind: 'role', role: 'finance' }],
      condition: { any: [{ field: 'amount', op: 'gte', minor: 2_000_000, currency: 'CNY' }, { field: 'overBudget', equals: true }] },
      timeoutHours: 24,
    },
  ],
};

/** Claims and advances: the line manager, then finance always reviews (the finance review queue). */
export const DEMO_CLAIM_FLOW: FlowDefinition = {
  name: '报销与借款 Claims and advances',
  subjectTypes: ['reimbursement', 'advance'],
  steps: [
    { key: 'manager', name: '直属上级 Line manager', mode: 'any', approvers: [{ kind: 'manager', level: 1 }], timeoutHours: 24, escalation: { afterHours: 48, to: { kind: 'manager', level: 2 } } },
    { key: 'finance', name: '财务审核 Finance review', mode: 'any', approvers: [{ kind: 'role', role: 'finance' }], timeoutHours: 24 },
  ],
};

export const DEMO_POLICY: PolicyRule[] = [
  { id: 'meal-cap', kind: 'category_cap', params: { category: 'meal', maxMinor: 20_000, currency: 'CNY', perAttendee: true }, severity: 'warn' },
  { id: 'transport-cap', kind: 'category_cap', params: { category: 'transport', maxMinor: 50_000, currency: 'CNY' }, severity: 'warn' },
  { id: 'invoice-over-500', kind: 'invoice_required', params: { overMinor: 50_000, currency: 'CNY' }, severity: 'warn' },
  { id: 'no-future-dates', kind: 'future_date', params: {}, severity: 'block' },
  { id: 'stale-90d', kind: 'stale_expense', params: { maxAgeDays: 90 }, severity: 'warn' },
];
