import { Duration } from 'aws-cdk-lib/core';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { logServerAccessTo } from './access-log-bucket';
import { denyUploadsNotEncryptedWith, PROTECTED_BUCKET, sendEventsToEventBridge } from './bucket-safeguards';

/**
 * The bucket CloudTrail delivers the data-event files to. Apart from the access-log bucket because
 * that one cannot be protected the same way: S3 refuses Object Lock on a server-access-log
 * destination (S3 User Guide, "Configuring S3 Object Lock"). Here Object Lock keeps every trail file
 * for the retention, and the bucket's own server access logs record every read and delete attempt.
 */
export function createAuditLogBucket(scope: Construct, id: string, key: kms.IKey, retention: s3.ObjectLockRetention,
  accessLogsBucket: s3.Bucket): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    ...PROTECTED_BUCKET,
    objectLockDefaultRetention: retention,
    lifecycleRules: [{
      id: 'expire-after-lock',
      // Object Lock refuses earlier deletes; a day past the retention the old versions go.
      noncurrentVersionExpiration: retention.duration.plus(Duration.days(1)),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    }],
  });
  denyUploadsNotEncryptedWith(bucket, key);
  sendEventsToEventBridge(bucket);
  logServerAccessTo(bucket, accessLogsBucket, 'audit-log-bucket/');
  return bucket;
}
