import { Token } from 'aws-cdk-lib/core';
import { PropsRule } from '@listbackup/conventions';

/** The values that are checked, already defaulted. */
export interface UserAuthSettings {
  readonly domainPrefix: string;
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  readonly passwordMinLength: number;
}

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

/** One rule a URL: its problem, when it has one (a token URL is skipped). */
function urlRules(label: string, urls: readonly string[]): PropsRule<UserAuthSettings>[] {
  return urls.map((url) => ({
    reads: () => [url],
    condition: () => urlProblem(url) !== undefined,
    message: () => `${label}: '${url}' ${urlProblem(url)}`,
  }));
}

/** What `UserAuth` checks, over its defaulted settings; the domain prefix rules are Cognito's (CreateUserPoolDomain). */
export function userAuthRules(settings: UserAuthSettings): PropsRule<UserAuthSettings>[] {
  return [
    {
      reads: (s) => [s.domainPrefix],
      condition: (s) => !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(s.domainPrefix),
      message: (s) => `domainPrefix '${s.domainPrefix}' must be 1 to 63 lower-case letters, digits and '-', not starting or ending with '-'`,
    },
    {
      reads: (s) => [s.domainPrefix],
      condition: (s) => /aws|amazon|cognito/.test(s.domainPrefix),
      message: (s) => `domainPrefix '${s.domainPrefix}' must not contain 'aws', 'amazon' or 'cognito' (reserved by Cognito)`,
    },
    { condition: (s) => s.callbackUrls.length === 0, message: () => 'callbackUrls must list at least one URL: the OAuth code flow returns there' },
    ...urlRules('callbackUrls', Token.isUnresolved(settings.callbackUrls) ? [] : settings.callbackUrls),
    ...urlRules('logoutUrls', Token.isUnresolved(settings.logoutUrls) ? [] : settings.logoutUrls),
    {
      condition: (s) => !Number.isInteger(s.passwordMinLength) || s.passwordMinLength < 8 || s.passwordMinLength > 99,
      message: (s) => `passwordMinLength must be an integer from 8 to 99, got ${s.passwordMinLength}`,
    },
  ];
}
