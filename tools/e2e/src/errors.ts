/** What a journey step was doing when it failed: who called what, and which action was refused. */
export interface JourneyFailure {
  /** The principal whose credentials made the call, e.g. `user alice@acct-a (identity-pool role)`. */
  readonly principal: string;
  /** The API call, e.g. `s3:GetObject accounts/acct-a/jobs/job-1/result.json`. */
  readonly call: string;
  /** The IAM action the emulator refused, when it was a denial. */
  readonly deniedAction?: string;
}

/** A journey step that did not hold. Its message names the principal, the call and the denied action. */
export class JourneyError extends Error {
  public readonly failure: JourneyFailure;

  constructor(failure: JourneyFailure, message: string, options?: { cause?: unknown }) {
    super(`${failure.principal} → ${failure.call}: ${message}` +
      (failure.deniedAction ? ` (denied action: ${failure.deniedAction})` : ''), options);
    this.name = 'JourneyError';
    this.failure = failure;
  }
}

/** Whether an SDK error is an authorization refusal (IAM, S3 or KMS wording). */
export function isAccessDenied(error: unknown): boolean {
  const e = error as { name?: string; Code?: string; message?: string };
  return ['AccessDenied', 'AccessDeniedException', 'AccessDeniedError', 'AuthorizationError', 'UnauthorizedOperation']
    .includes(e?.name ?? e?.Code ?? '') || /not authorized to perform|Access Denied/i.test(e?.message ?? '');
}

/** The IAM action named in a denial message, when the service names one. */
export function deniedActionOf(error: unknown, fallback: string): string {
  const match = /perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/.exec((error as Error)?.message ?? '');
  return match?.[1] ?? fallback;
}

/**
 * Runs one call as a principal: a failure becomes a `JourneyError` naming who called what, and for
 * a denial the action that was refused.
 */
export async function callAs<T>(principal: string, call: string, action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isAccessDenied(error)) {
      throw new JourneyError({ principal, call, deniedAction: deniedActionOf(error, action) }, `refused: ${(error as Error).message}`, { cause: error });
    }
    throw new JourneyError({ principal, call }, `failed: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Proves a call is refused: resolves when the emulator denies it, throws a `JourneyError` when the
 * call succeeds (a permission the principal must not have) or fails for another reason.
 */
export async function expectDenied(principal: string, call: string, action: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (isAccessDenied(error)) return;
    throw new JourneyError({ principal, call }, `expected a refusal of ${action}, got ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
  }
  throw new JourneyError({ principal, call }, `succeeded, but ${principal} must not be allowed ${action}`);
}
