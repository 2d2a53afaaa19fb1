import { PropsRule } from '@listbackup/conventions';
import { Duration } from 'aws-cdk-lib/core';
import type { DataBucketProps } from '../data-bucket';
import { DataBucketEncryption } from '../data-bucket-encryption';

/** S3 bucket naming rules (S3 User Guide, "General purpose bucket naming rules"). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
/** CloudTrail trail names (CloudTrail API reference, CreateTrail). */
const TRAIL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;
/** CloudWatch Logs log group names (CloudWatch Logs API reference, CreateLogGroup). */
const LOG_GROUP_NAME = /^[\w\-/.#]{1,512}$/;

type Rule = PropsRule<DataBucketProps>;

/** Lifecycle day counts must be whole days of at least one (S3 API reference, LifecycleRule). */
function wholeDays(name: string, valueOf: (p: DataBucketProps) => Duration | undefined, minimum: number): Rule {
  const days = (p: DataBucketProps) => valueOf(p)!.toHours() / 24;
  return {
    reads: (p) => [valueOf(p)],
    condition: (p) => valueOf(p) !== undefined && (!Number.isInteger(days(p)) || days(p) < minimum),
    message: (p) => `${name} is ${valueOf(p)!.toHumanString()}: use a whole number of days, at least ${minimum}`,
  };
}

const DATA_EVENTS_ONLY = ['dataEventsLogRetention', 'dataEventsTrailName', 'dataEventsLogGroupName', 'auditLogObjectLock'] as const;

/** What `DataBucket` checks: the props must make a deployable, safe data bucket. */
export const DATA_BUCKET_RULES: readonly Rule[] = [
  {
    condition: (p) => (p.encryption ?? DataBucketEncryption.KMS) === DataBucketEncryption.S3_MANAGED && p.encryptionKey !== undefined,
    message: () => 'encryptionKey is set but encryption is S3_MANAGED: drop the key, or use encryption KMS',
  },
  wholeDays('intelligentTieringAfter', (p) => p.intelligentTieringAfter, 0),
  wholeDays('noncurrentVersionExpiration', (p) => p.noncurrentVersionExpiration, 1),
  wholeDays('abortIncompleteMultipartUploadAfter', (p) => p.abortIncompleteMultipartUploadAfter, 1),
  ...DATA_EVENTS_ONLY.map((prop): Rule => ({
    condition: (p) => !p.dataEvents && p[prop] !== undefined,
    message: () => `${prop} is set but dataEvents is off: set dataEvents: true, or drop ${prop}`,
  })),
  wholeDays('auditLogObjectLock', (p) => p.auditLogObjectLock?.duration, 1),
  {
    reads: (p) => [p.dataEventsTrailName],
    condition: (p) => p.dataEventsTrailName !== undefined && (!TRAIL_NAME.test(p.dataEventsTrailName) || /[._-]{2}/.test(p.dataEventsTrailName)),
    message: (p) => `dataEventsTrailName '${p.dataEventsTrailName}' is invalid: use 3–128 letters, digits, '.', '_' and '-', ` +
      'starting and ending with a letter or digit, with no two of \'.\', \'_\', \'-\' in a row',
  },
  {
    reads: (p) => [p.dataEventsLogGroupName],
    condition: (p) => p.dataEventsLogGroupName !== undefined && !LOG_GROUP_NAME.test(p.dataEventsLogGroupName),
    message: (p) => `dataEventsLogGroupName '${p.dataEventsLogGroupName}' is invalid: use 1–512 letters, digits and '_-/.#'`,
  },
  {
    reads: (p) => [p.bucketName],
    condition: (p) => p.bucketName !== undefined && (!BUCKET_NAME.test(p.bucketName) || p.bucketName.includes('..') || IP_ADDRESS.test(p.bucketName)),
    message: (p) => `bucketName '${p.bucketName}' is invalid: use 3–63 lower-case letters, digits, '.' and '-', ` +
      'starting and ending with a letter or digit, not shaped like an IP address',
  },
];

/**
 * What a grant's object key prefix must be. A prefix ends with '/', so that `users/1/` does not
 * also match `users/10/`, and holds no wildcard, which would widen it.
 */
export const OBJECT_PREFIX_RULES: readonly PropsRule<string>[] = [
  { reads: (prefix) => [prefix], condition: (prefix) => prefix.length === 0, message: () => "the prefix is empty: name the folder to grant, such as 'exports/'" },
  { reads: (prefix) => [prefix], condition: (prefix) => prefix.startsWith('/'), message: (prefix) => `prefix '${prefix}' starts with '/': object keys have no leading slash` },
  {
    reads: (prefix) => [prefix],
    condition: (prefix) => prefix.length > 0 && !prefix.endsWith('/'),
    message: (prefix) => `prefix '${prefix}' does not end with '/': use '${prefix}/'`,
  },
  { reads: (prefix) => [prefix], condition: (prefix) => /[*?]/.test(prefix), message: (prefix) => `prefix '${prefix}' holds a wildcard: grant a literal folder` },
];
