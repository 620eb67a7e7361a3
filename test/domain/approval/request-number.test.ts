// Request numbers: the prefix of each type, at least four digits, and reading a number as people type it.
import { describe, expect, it } from 'vitest';
import { formatRequestNumber, parseRequestNumber, requestPrefix } from '../../../domain/approval/index.js';

describe('request numbers', () => {
  it('numbers each type under its own prefix, with at least four digits', () => {
    expect(formatRequestNumber(requestPrefix('trip'), 42)).toBe('TR-0042');
    expect(formatRequestNumber(requestPrefix('expense'), 7)).toBe('EX-0007');
    expect(formatRequestNumber(requestPrefix('reimbursement'), 12345)).toBe('RB-12345');
    expect(requestPrefix('something-new')).toBe('RQ');
  });

  it('reads the spellings people type into the canonical number', () => {
    for (const typed of ['TR-0042', 'tr-42', 'TR0042', 'tr 42', 'TR–0042', ' TR_42 ']) expect(parseRequestNumber(typed)).toBe('TR-0042');
  });

  it('refuses what is not a number of ours', () => {
    for (const typed of ['req_00mx6340uo000bmr8vvhkt', 'XX-0042', 'TR-', '42', 'TR-00A2', '']) expect(parseRequestNumber(typed)).toBeUndefined();
  });
});
