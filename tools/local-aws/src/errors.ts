/** Why the local AWS emulator could not be installed, started or reached. */
export type LocalAwsErrorCode =
  | 'PythonMissing'
  | 'VenvFailed'
  | 'PipFailed'
  | 'PortInUse'
  | 'InvalidPort'
  | 'StartFailed'
  | 'NotRunning'
  | 'SeedFailed';

/** An error with a code a caller can branch on, and a message that says what to do. */
export class LocalAwsError extends Error {
  constructor(public readonly code: LocalAwsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocalAwsError';
  }
}
