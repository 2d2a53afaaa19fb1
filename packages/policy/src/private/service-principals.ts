import { asList } from './policy-document';
import { renderResolved } from './resolved-text';

/**
 * The AWS service principals of a statement's `Principal`, as text: `Service` entries (literal, or
 * joined from the region as `logs.<region>.amazonaws.com` is) and the Cognito identity federation,
 * which assumes a role for an identity pool as a service does.
 */
export function servicePrincipalsOf(principal: unknown): string[] {
  if (principal === null || typeof principal !== 'object') return [];
  const record = principal as Record<string, unknown>;
  const services = asList(record.Service).map(renderResolved);
  const federated = asList(record.Federated).map(renderResolved).filter((p) => p === 'cognito-identity.amazonaws.com');
  return [...services, ...federated].filter((p) => /\.amazonaws\.com(\.cn)?$/.test(p));
}

/**
 * Condition keys that tie a service's request to this account's own resource, so that a resource of
 * another account cannot make the service act here (IAM user guide, "The confused deputy problem"):
 * the global source keys, the encryption context a service puts on its KMS requests (the ARN of its
 * log group, trail or bus), and the identity pool audience Cognito puts on its role requests.
 */
const SOURCE_KEY = /^(aws:sourcearn|aws:sourceaccount|aws:sourceorgid|aws:sourceorgpaths|kms:encryptioncontext:aws:[a-z0-9:-]+:arn|cognito-identity\.amazonaws\.com:aud)$/;

/** Whether a condition block names the source with a positive operator (not `…IfExists`, not negated). */
export function hasSourceCondition(condition: Record<string, Record<string, unknown>>): boolean {
  return Object.entries(condition).some(([operator, clauses]) =>
    !/Not|IfExists|Null/.test(operator) &&
    Object.entries(clauses ?? {}).some(([key, value]) =>
      SOURCE_KEY.test(key.toLowerCase()) && asList(value).length > 0 && !asList(value).some((v) => renderResolved(v) === '*')));
}
