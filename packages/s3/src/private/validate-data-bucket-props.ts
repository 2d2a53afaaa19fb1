import { failedRules, ValidationRule } from '@listbackup/conventions';
import { Duration, Token } from 'aws-cdk-lib';
import type { DataBucketProps } from '../data-bucket';
import { DataBucketEncryption } from '../data-bucket-encryption';

/** S3 bucket naming rules (S3 User Guide, "General purpose bucket naming rules"). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;

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
    {
      condition: !props.dataEvents && props.dataEventsLogRetention !== undefined,
      message: 'dataEventsLogRetention is set but dataEvents is off: set dataEvents: true, or drop the retention',
    },
  ];
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
