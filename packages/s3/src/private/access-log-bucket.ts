import { Duration, Stack, Validations } from 'aws-cdk-lib/core';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { PROTECTED_BUCKET } from './bucket-safeguards';

/**
 * The bucket that receives server access logs (and CloudTrail files). It is encrypted with SSE-S3:
 * S3 server access logging cannot deliver to a bucket whose default encryption is SSE-KMS
 * (S3 User Guide, "Enabling Amazon S3 server access logging"). Versioned, blocked, TLS-only, retained.
 */
export function createAccessLogBucket(scope: Construct, id: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    ...PROTECTED_BUCKET,
    lifecycleRules: [{
      id: 'expire-replaced-logs',
      noncurrentVersionExpiration: Duration.days(90),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    }],
  });
  // Acknowledged here, not in a stack: every user of DataBucket inherits this design constraint.
  Validations.of(bucket.node.defaultChild as IConstruct).acknowledge({
    id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
    reason: 'S3 server access logging cannot deliver to a bucket whose default encryption is SSE-KMS; ' +
      'the access-log bucket is encrypted with SSE-S3 (AES256) instead.',
  });
  return bucket;
}

/**
 * Lets S3 deliver the source bucket's server access logs under `prefix`. Done here with a bucket
 * policy, as the S3 User Guide recommends over the `LogDeliveryWrite` ACL, and independently of
 * the CDK feature flag that would otherwise fall back to ACLs (ACLs are disabled on this bucket).
 */
export function logServerAccessTo(source: s3.Bucket, logBucket: s3.Bucket, prefix: string): void {
  const stack = Stack.of(source);
  logBucket.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [logBucket.arnForObjects(`${prefix}*`)],
    conditions: {
      ArnLike: { 'aws:SourceArn': source.bucketArn },
      StringEquals: { 'aws:SourceAccount': stack.account },
    },
  }));
  // No DependsOn on the policy: it names the source bucket's ARN, so that would be a cycle, and
  // S3 delivers access logs with a delay anyway (best effort, minutes to hours).
  const cfnSource = source.node.defaultChild as s3.CfnBucket;
  cfnSource.loggingConfiguration = { destinationBucketName: logBucket.bucketName, logFilePrefix: prefix };
}
