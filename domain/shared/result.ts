// Expected failures are values: every domain decision returns a Result instead of throwing.
import type { DomainError } from './errors.js';

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

/** Wraps a successful value. */
export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
/** Wraps an expected failure. */
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/** Returns the value of a Result or throws the error: for tests and places where failure is a bug. */
export function unwrap<T, E>(r: Result<T, E>): T {
  if (r.ok) return r.value;
  const e = r.error as unknown as { code?: string; message?: string };
  throw new Error(`unwrap on error ${e.code ?? ''}: ${e.message ?? String(r.error)}`);
}
