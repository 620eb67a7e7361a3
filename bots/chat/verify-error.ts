// The failures every platform verifier reports, each with the HTTP status the route answers with.
import { err } from '../../domain/shared/result.js';

export type VerifyErrorCode = 'AUTH.BAD_SIGNATURE' | 'AUTH.STALE' | 'AUTH.BAD_TOKEN' | 'REQUEST.MALFORMED';

const STATUS = { 'AUTH.BAD_SIGNATURE': 401, 'AUTH.STALE': 401, 'AUTH.BAD_TOKEN': 403, 'REQUEST.MALFORMED': 400 } as const;

export interface VerifyError<C extends VerifyErrorCode = VerifyErrorCode> {
  readonly code: C;
  /** The HTTP status to answer with. */
  readonly status: (typeof STATUS)[C];
  readonly message: string;
}

/** A failed verification with its status. */
export const verifyFail = <C extends VerifyErrorCode>(code: C, message: string) => err<VerifyError<C>>({ code, status: STATUS[code], message });
