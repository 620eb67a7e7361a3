import { describe, expect, it } from 'vitest';
import { draftFrom, draftProblems, mergeAnswer, missingFields } from '../../../domain/conversation/index.js';

describe('a request put together in chat', () => {
  it('asks for what a trip still lacks, in order, and takes a bare date as the return it asked for', () => {
    const d = draftFrom({ intent: 'trip', trip: { destination: '上海', departDate: '2026-11-24', transport: 'train' } })!;
    expect(missingFields(d)).toEqual(['trip.returnDate']);
    const answered = mergeAnswer(d, { intent: 'unknown', trip: { departDate: '2026-11-26' } }, 'trip.returnDate');
    expect(answered.trip).toEqual({ destination: '上海', departDate: '2026-11-24', returnDate: '2026-11-26', transport: 'train' });
    expect(missingFields(answered)).toEqual([]);
  });

  it('fills gaps from a follow-up but never overwrites what the user already said', () => {
    const d = draftFrom({ intent: 'trip', trip: { destination: '北京' } })!;
    const next = mergeAnswer(d, { intent: 'trip', trip: { destination: '天津', departDate: '2026-12-01', transport: 'flight' } }, 'trip.departDate');
    expect(next.trip).toMatchObject({ destination: '北京', departDate: '2026-12-01', transport: 'flight' });
  });

  it('takes an amount from any part of the parse when it asked for the amount', () => {
    const d = draftFrom({ intent: 'expense', expense: { category: 'meal', date: '2026-11-18' } })!;
    expect(missingFields(d)).toEqual(['expense.amount']);
    const next = mergeAnswer(d, { intent: 'trip', trip: { estimatedAmount: { minor: 3600, currency: 'CNY' } } }, 'expense.amount');
    expect(next.expense).toEqual({ category: 'meal', date: '2026-11-18', amount: { minor: 3600, currency: 'CNY' } });
  });

  it('has no draft for questions and small talk', () => {
    expect(draftFrom({ intent: 'status' })).toBeUndefined();
    expect(draftFrom({ intent: 'unknown' })).toBeUndefined();
  });

  it('finds a return before the departure, an expense in the future and a visit in the past', () => {
    expect(draftProblems({ intent: 'trip', trip: { departDate: '2026-12-03', returnDate: '2026-12-01' } }, '2026-11-18')).toEqual(['RETURN_BEFORE_DEPARTURE']);
    expect(draftProblems({ intent: 'expense', expense: { category: 'meal', date: '2026-11-19' } }, '2026-11-18')).toEqual(['EXPENSE_IN_FUTURE']);
    expect(draftProblems({ intent: 'visit', visit: { visitDate: '2026-11-17' } }, '2026-11-18')).toEqual(['VISIT_IN_PAST']);
    expect(draftProblems({ intent: 'trip', trip: { departDate: '2026-12-01', returnDate: '2026-12-01' } }, '2026-11-18')).toEqual([]);
  });
});

describe('editing a draft', () => {
  it('lets the user correct a field they gave before', () => {
    const d = draftFrom({ intent: 'trip', trip: { destination: '上海', departDate: '2026-11-24', returnDate: '2026-11-26' } })!;
    const edited = mergeAnswer(d, { intent: 'trip', trip: { returnDate: '2026-11-27' } }, undefined, true);
    expect(edited.trip).toEqual({ destination: '上海', departDate: '2026-11-24', returnDate: '2026-11-27' });
  });
});
