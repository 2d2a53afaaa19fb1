/**
 * What went wrong, as a stable code: callers branch on the code, never on the message text.
 *
 * - `InvalidStage`: a stage name off `STAGE_PATTERN`, or a non-string context value for it.
 * - `InvalidContext`: an unknown CDK context key, or a context value of the wrong shape.
 * - `InvalidTags`: extra tags that are malformed or override a standard tag.
 * - `InvalidName`: a service, export, resource or account name off the convention.
 * - `InvalidEnvironment`: a stage environment (accounts, regions, qualifier, StackSet settings) that cannot be deployed to.
 * - `InvalidContract`: a `ServiceContract` whose names are malformed or repeated.
 * - `InvalidProps`: props of a construct that cannot make a deployable, safe resource.
 * - `InvalidGrant`: a grant that cannot be scoped as asked (an unknown index, a bad prefix).
 * - `TemplateTooLarge`: a synthesized template over CloudFormation's size limit.
 */
export type ConfigurationErrorCode =
  | 'InvalidStage'
  | 'InvalidContext'
  | 'InvalidTags'
  | 'InvalidName'
  | 'InvalidEnvironment'
  | 'InvalidContract'
  | 'InvalidProps'
  | 'InvalidGrant'
  | 'TemplateTooLarge';

const CONFIGURATION_ERROR = Symbol.for('@listbackup/conventions.ConfigurationError');

/**
 * Thrown for configuration that cannot be used, before anything is synthesized or deployed: the
 * message says what, where and what to do, and `code` says which kind of problem it is.
 */
export class ConfigurationError extends Error {
  /**
   * Whether `x` is a ConfigurationError, also across copies of this package (a symbol, not
   * `instanceof`, which fails when two versions are installed side by side).
   */
  public static isConfigurationError(x: unknown): x is ConfigurationError {
    return typeof x === 'object' && x !== null && CONFIGURATION_ERROR in x;
  }

  public readonly code: ConfigurationErrorCode;

  constructor(code: ConfigurationErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigurationError';
    this.code = code;
    Object.defineProperty(this, CONFIGURATION_ERROR, { value: true });
  }
}
