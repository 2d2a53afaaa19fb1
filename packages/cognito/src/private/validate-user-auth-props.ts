import { Token } from 'aws-cdk-lib';
import { failedRules, throwIfInvalid, ValidationRule } from '@listbackup/conventions';
import { IConstruct } from 'constructs';

/** The values that are checked, already defaulted. */
export interface UserAuthSettings {
  readonly domainPrefix: string;
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  readonly passwordMinLength: number;
}

const known = (value: string): boolean => !Token.isUnresolved(value);
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Why a callback or logout URL cannot be used, or undefined when it can. */
function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not an absolute URL';
  }
  if (parsed.hash) return 'must not contain a fragment (#)';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.includes(parsed.hostname)) return undefined;
  return 'must use https (plain http is allowed only for localhost)';
}

/** The domain prefix rules of Cognito's hosted UI (CreateUserPoolDomain). */
function domainPrefixRules(prefix: string): ValidationRule[] {
  if (!known(prefix)) return [];
  return [
    {
      condition: !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix),
      message: `domainPrefix '${prefix}' must be 1 to 63 lower-case letters, digits and '-', not starting or ending with '-'`,
    },
    {
      condition: /aws|amazon|cognito/.test(prefix),
      message: `domainPrefix '${prefix}' must not contain 'aws', 'amazon' or 'cognito' (reserved by Cognito)`,
    },
  ];
}

/**
 * Checks every setting and throws one error listing every failure, after removing the construct
 * from its scope so that bad input changes nothing. Unresolved tokens are skipped.
 */
export function validateUserAuthSettings(scope: IConstruct, settings: UserAuthSettings): void {
  const rules: ValidationRule[] = [
    ...domainPrefixRules(settings.domainPrefix),
    { condition: settings.callbackUrls.length === 0, message: 'callbackUrls must list at least one URL: the OAuth code flow returns there' },
    ...[['callbackUrls', settings.callbackUrls], ['logoutUrls', settings.logoutUrls]].flatMap(([label, urls]) =>
      (urls as readonly string[]).filter(known).map((url) => ({ url, problem: urlProblem(url) }))
        .filter((u) => u.problem).map((u) => ({ condition: true, message: `${label as string}: '${u.url}' ${u.problem}` }))),
    {
      condition: !Number.isInteger(settings.passwordMinLength) || settings.passwordMinLength < 8 || settings.passwordMinLength > 99,
      message: `passwordMinLength must be an integer from 8 to 99, got ${settings.passwordMinLength}`,
    },
  ];
  const failures = failedRules(rules);
  // Bad input changes nothing: the half-built construct leaves the tree before the error.
  if (failures.length > 0) scope.node.scope?.node.tryRemoveChild(scope.node.id);
  throwIfInvalid({ path: scope.node.path, subject: 'user auth settings', failures, fix: 'fix these props of UserAuth and synthesize again' });
}
