import { Duration, Token } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { ConfigurationError } from './errors';

/**
 * One row of a construct's validation table, as aws-cdk's `validateAllProps`: `message` applies
 * when `condition` holds. Both are functions, evaluated only when needed.
 */
export interface PropsRule<P> {
  /**
   * The values the rule reads. The rule is skipped when one of them is an unresolved token (a value
   * only CloudFormation knows at deploy time), so that no rule has to test for tokens itself.
   * @default - the rule reads nothing that can be a token
   */
  readonly reads?: (props: P) => readonly unknown[];
  /** Whether the props break the rule; evaluated only when every value it reads is known. */
  readonly condition: (props: P) => boolean;
  /** What is wrong and what to do; built only when the rule is broken. */
  readonly message: (props: P) => string;
}

export interface ValidateAllPropsOptions {
  /** The construct's class, named in what to do, e.g. `SecureTable`. */
  readonly construct: string;
  /**
   * What is being configured, in the first line of the error.
   * @default - `<construct> props`
   */
  readonly subject?: string;
}

/** Whether a value is (or holds) an unresolved token: a string, number or list token, or a token Duration. */
export function isUnresolved(value: unknown): boolean {
  if (value instanceof Duration) return value.isUnresolved();
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some(isUnresolved);
  return value !== undefined && value !== null && Token.isUnresolved(value);
}

/** The messages of every rule the props break, in table order; rules that read an unresolved token are skipped. */
export function failedRules<P>(props: P, rules: readonly PropsRule<P>[]): string[] {
  return rules
    .filter((rule) => !(rule.reads?.(props) ?? []).some(isUnresolved))
    .filter((rule) => rule.condition(props))
    .map((rule) => rule.message(props));
}

/**
 * Checks the props of a construct before it joins the tree (call it before `super()`, with the
 * scope and id the construct is given), so bad input changes nothing. Throws one
 * `ConfigurationError` (`InvalidProps`) that lists every failure, so a caller fixes them all in
 * one go: `<path>: invalid <subject>:\n  - <failure>…\nfix these props of <construct> and synthesize again`.
 */
export function validateAllProps<P>(
  scope: IConstruct, id: string, props: P, rules: readonly PropsRule<P>[], options: ValidateAllPropsOptions,
): void {
  const failures = failedRules(props, rules);
  if (failures.length === 0) return;
  const path = scope.node.path ? `${scope.node.path}/${id}` : id;
  throw new ConfigurationError('InvalidProps',
    `${path}: invalid ${options.subject ?? `${options.construct} props`}:\n${failures.map((f) => `  - ${f}`).join('\n')}\n` +
    `fix these props of ${options.construct} and synthesize again`);
}
