/** Why the compliance report could not be made (its failures are results, not errors). */
export type ComplianceErrorCode =
  | 'NoRepositoryRoot'
  | 'AcceptedFailuresInvalid'
  | 'ScreenshotFailed';

/** An error with a code a caller can branch on, and a message that says what to do. */
export class ComplianceError extends Error {
  constructor(public readonly code: ComplianceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ComplianceError';
  }
}
