// The one error the ISO 20022 readers throw: the file cannot be read as the message it claims to be.

/** Why a file could not be read: malformed or truncated XML, the wrong kind of message, or a value that is not what the standard allows. */
export type ReadErrorReason = 'MALFORMED_XML' | 'WRONG_DOCUMENT' | 'INVALID_VALUE' | 'IO';

/**
 * Thrown by the readers (never a partial result): a bank file is infrastructure input, so a broken one
 * stops the import and names where it broke.
 */
export class Iso20022ReadError extends Error {
  override readonly name = 'Iso20022ReadError';

  /**
   * @param reason what kind of failure
   * @param message one line for people, including line and column when known
   * @param position 1-based line and column in the XML text, when known
   */
  constructor(
    readonly reason: ReadErrorReason,
    message: string,
    readonly position?: { readonly line: number; readonly column: number },
  ) {
    super(message);
  }
}
