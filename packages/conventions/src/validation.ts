import { ConfigurationError } from './stage';

/** One row of a construct's validation table: the message applies when `condition` holds. */
export interface ValidationRule {
  readonly condition: boolean;
  readonly message: string;
}

/** The messages of every rule whose condition holds, in table order. */
export function failedRules(rules: readonly ValidationRule[]): string[] {
  return rules.filter((r) => r.condition).map((r) => r.message);
}

export interface InvalidPropsOptions {
  /** Where: the construct's path (or the path it would have). */
  readonly path: string;
  /** What was being configured, e.g. `SecureTable props`. */
  readonly subject: string;
  readonly failures: readonly string[];
  /** What to do, e.g. `fix these props of SecureTable and synthesize again`. */
  readonly fix: string;
}

/**
 * Throws one error that lists every failure, so a caller fixes them all in one go:
 * `<path>: invalid <subject>:\n  - <failure>…\n<fix>`. Call it before the construct joins the
 * tree (or remove it first), so bad input changes nothing.
 */
export function throwIfInvalid(options: InvalidPropsOptions): void {
  if (options.failures.length === 0) return;
  throw new ConfigurationError(
    `${options.path}: invalid ${options.subject}:\n${options.failures.map((f) => `  - ${f}`).join('\n')}\n${options.fix}`,
  );
}
