/** What went wrong, as a stable code a caller can branch on. */
export type DeployErrorCode =
  | 'AssemblyInvalid'
  | 'NoCredentials'
  | 'NoRegion'
  | 'EndpointUnreachable'
  | 'AwsCallFailed'
  | 'ContractViolation'
  | 'DependencyCycle'
  | 'ExportInUse'
  | 'ChangeSetFailed'
  | 'StackBusy'
  | 'StackFailed'
  | 'RollbackFailed'
  | 'DataStackProtected'
  | 'WorkFailed'
  | 'Interrupted'
  | 'VerifyFailed'
  | 'NotHeldLocally'
  | 'DataLossRefused'
  | 'ApprovalRequired'
  | 'DriftDetected'
  | 'WrongEnvironment'
  | 'BootstrapMissing'
  | 'BootstrapTooOld'
  | 'RoleNotAssumable'
  | 'DockerUnavailable'
  | 'UsageError';

/**
 * The one error type of this package. The message says what was wrong, where, and what to do;
 * `cause` keeps the underlying SDK error for whoever needs its details.
 */
export class DeployError extends Error {
  constructor(
    public readonly code: DeployErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeployError';
  }
}

export function isDeployError(err: unknown, code?: DeployErrorCode): err is DeployError {
  return err instanceof DeployError && (code === undefined || err.code === code);
}
