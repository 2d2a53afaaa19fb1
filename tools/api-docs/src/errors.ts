/** Why a reference could not be written. */
export type ApiDocsErrorCode = 'ModelMissing' | 'ModelInvalid' | 'NoEntryPoint';

/** An error with a code a caller can branch on, and a message that says what to do. */
export class ApiDocsError extends Error {
  constructor(public readonly code: ApiDocsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiDocsError';
  }
}
