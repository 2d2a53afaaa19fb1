import { failedRules, ValidationRule } from '@listbackup/conventions';
import { Duration, Token } from 'aws-cdk-lib';
import type { DataBucketProps } from '../data-bucket';
import { DataBucketEncryption } from '../data-bucket-encryption';

/** S3 bucket naming rules (S3 User Guide, "General purpose bucket naming rules"). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
/** CloudTrail trail names (CloudTrail API reference, CreateTrail). */
const TRAIL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;
/** CloudWatch Logs log group names (CloudWatch Logs API reference, CreateLogGroup). */
const LOG_GROUP_NAME = /^[\w\-/.#]{1,512}$/;

/** Lifecycle day counts must be whole days of at least one (S3 API reference, LifecycleRule). */
function wholeDays(value: Duration | undefined, name: string, minimum: number): ValidationRule[] {
  if (value === undefined || value.isUnresolved()) return [];
  const days = value.toHours() / 24;
  return [{
    condition: !Number.isInteger(days) || days < minimum,
    message: `${name} is ${value.toHumanString()}: use a whole number of days, at least ${minimum}`,
  }];
}

/** The reasons the props cannot make a deployable, safe data bucket; empty when they can. */
export function validateDataBucketProps(props: DataBucketProps): string[] {
  const encryption = props.encryption ?? DataBucketEncryption.KMS;
  const rules: ValidationRule[] = [
    {
      condition: encryption === DataBucketEncryption.S3_MANAGED && props.encryptionKey !== undefined,
      message: 'encryptionKey is set but encryption is S3_MANAGED: drop the key, or use encryption KMS',
    },
    ...wholeDays(props.intelligentTieringAfter, 'intelligentTieringAfter', 0),
    ...wholeDays(props.noncurrentVersionExpiration, 'noncurrentVersionExpiration', 1),
    ...wholeDays(props.abortIncompleteMultipartUploadAfter, 'abortIncompleteMultipartUploadAfter', 1),
    ...(['dataEventsLogRetention', 'dataEventsTrailName', 'dataEventsLogGroupName', 'auditLogObjectLock'] as const).map((prop) => ({
      condition: !props.dataEvents && props[prop] !== undefined,
      message: `${prop} is set but dataEvents is off: set dataEvents: true, or drop ${prop}`,
    })),
    ...wholeDays(props.auditLogObjectLock?.duration, 'auditLogObjectLock', 1),
  ];
  const trailName = props.dataEventsTrailName;
  if (trailName !== undefined && !Token.isUnresolved(trailName)) {
    rules.push({
      condition: !TRAIL_NAME.test(trailName) || /[._-]{2}/.test(trailName),
      message: `dataEventsTrailName '${trailName}' is invalid: use 3–128 letters, digits, '.', '_' and '-', ` +
        'starting and ending with a letter or digit, with no two of \'.\', \'_\', \'-\' in a row',
    });
  }
  const logGroupName = props.dataEventsLogGroupName;
  if (logGroupName !== undefined && !Token.isUnresolved(logGroupName)) {
    rules.push({
      condition: !LOG_GROUP_NAME.test(logGroupName),
      message: `dataEventsLogGroupName '${logGroupName}' is invalid: use 1–512 letters, digits and '_-/.#'`,
    });
  }
  const name = props.bucketName;
  if (name !== undefined && !Token.isUnresolved(name)) {
    rules.push({
      condition: !BUCKET_NAME.test(name) || name.includes('..') || IP_ADDRESS.test(name),
      message: `bucketName '${name}' is invalid: use 3–63 lower-case letters, digits, '.' and '-', ` +
        'starting and ending with a letter or digit, not shaped like an IP address',
    });
  }
  return failedRules(rules);
}

/**
 * The reasons an object key prefix cannot scope a grant. A prefix ends with '/', so that
 * `users/1/` does not also match `users/10/`, and holds no wildcard, which would widen it.
 */
export function validateObjectPrefix(prefix: string): string[] {
  if (Token.isUnresolved(prefix)) return [];
  const rules: ValidationRule[] = [
    { condition: prefix.length === 0, message: "the prefix is empty: name the folder to grant, such as 'exports/'" },
    { condition: prefix.startsWith('/'), message: `prefix '${prefix}' starts with '/': object keys have no leading slash` },
    { condition: prefix.length > 0 && !prefix.endsWith('/'), message: `prefix '${prefix}' does not end with '/': use '${prefix}/'` },
    { condition: /[*?]/.test(prefix), message: `prefix '${prefix}' holds a wildcard: grant a literal folder` },
  ];
  return failedRules(rules);
}
