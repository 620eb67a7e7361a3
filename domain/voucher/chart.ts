// The chart of accounts an organisation maps its books to: expense accounts by category and cost centre, input VAT,
// payables, advances, a bank account per bank account, the in-transit clearing account, fees and FX differences.
import { z } from 'zod';
import { domainError, err, ok, type Result } from '../shared/index.js';

const account = z.string().trim().min(1).max(40);

export const ChartOfAccountsSchema = z.object({
  expense: z.object({
    /** Per expense category (travel, meals, transport…); `default` takes any other. */
    byCategory: z.record(z.string(), account).default({}),
    /** Per cost centre (department id), then category: where a department books some categories elsewhere. */
    byDepartment: z.record(z.string(), z.record(z.string(), account)).default({}),
    default: account.optional(),
  }),
  /** 应交税费-应交增值税(进项税额): deductible VAT of special VAT invoices (专票). */
  inputVat: account,
  /** 其他应付款-员工: what is owed to employees. */
  employeePayable: account,
  /** 其他应收款-备用金: advances to employees, credited when a claim offsets one. */
  employeeAdvances: account,
  /** What the company paid directly (corporate card, supplier settlement), cleared when the card or supplier is paid. */
  companyPaid: account,
  /** Payments sent to the bank and not yet booked on the statement. */
  inTransit: account,
  bank: z.object({ byAccount: z.record(z.string(), account).default({}), default: account }),
  fees: account,
  fxDifferences: account,
});
export type ChartOfAccounts = z.output<typeof ChartOfAccountsSchema>;

/** A chart in the shape Chinese companies use (企业会计准则 codes); organisations replace it with their own. */
export const DEFAULT_CHART: ChartOfAccounts = {
  expense: {
    // The categories expense lines and travel orders carry: 6602 管理费用 by kind (差旅费, 交通费, 餐费, 业务招待费, 办公费, 通讯费).
    byCategory: { flight: '660201', train: '660201', hotel: '660201', lodging: '660201', per_diem: '660201', transport: '660202', meal: '660203', hospitality: '660204', office: '660205', communication: '660206' },
    byDepartment: {},
    default: '660299',
  },
  inputVat: '22210101',
  employeePayable: '224101',
  employeeAdvances: '122101',
  companyPaid: '220201',
  inTransit: '101201',
  bank: { byAccount: {}, default: '100201' },
  fees: '660301',
  fxDifferences: '660302',
};

/** The expense account of `category` for cost centre `departmentId`, or VOUCHER.MAPPING_MISSING naming both. */
export function expenseAccount(chart: ChartOfAccounts, category: string, departmentId: string): Result<string> {
  const a = chart.expense.byDepartment[departmentId]?.[category] ?? chart.expense.byCategory[category] ?? chart.expense.default;
  if (a) return ok(a);
  return err(domainError('VOUCHER.MAPPING_MISSING', `no expense account for category ${category} (cost centre ${departmentId}) in the chart of accounts`, { category, departmentId }));
}

/** The ledger account of a bank account (IBAN or local number, compared without spaces), else the default bank account. */
export function bankAccount(chart: ChartOfAccounts, bankAccountId: string | undefined): string {
  const key = bankAccountId?.replace(/\s/g, '').toUpperCase();
  const hit = key ? Object.entries(chart.bank.byAccount).find(([k]) => k.replace(/\s/g, '').toUpperCase() === key) : undefined;
  return hit?.[1] ?? chart.bank.default;
}
