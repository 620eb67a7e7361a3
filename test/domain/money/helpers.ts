// Shared helpers for money tests: building Money from literals and asserting failure codes.
import { expect } from 'vitest';
import { money, type Money } from '../../../domain/money/index.js';
import type { DomainErrorCode, Result } from '../../../domain/shared/index.js';

/** Money that must be valid in the test itself. */
export function m(minor: number, currency: string): Money {
  const r = money(minor, currency);
  if (!r.ok) throw new Error(`bad test money ${minor} ${currency}: ${r.error.code}`);
  return r.value;
}

/** Asserts that `r` failed with `code`. */
export function expectError(r: Result<unknown>, code: DomainErrorCode): void {
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error.code).toBe(code);
}

/** Asserts that `r` succeeded and returns its value. */
export function expectOk<T>(r: Result<T>): T {
  if (!r.ok) expect.fail(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}
