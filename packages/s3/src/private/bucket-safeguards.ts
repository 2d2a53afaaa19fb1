import { RemovalPolicy } from 'aws-cdk-lib/core';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * What every bucket of this package is, whatever it holds: versioned, behind all four public-access
 * blocks, without ACLs (the bucket owner owns every object), TLS only, and retained when its stack goes.
 */
export const PROTECTED_BUCKET = {
  versioned: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  enforceSSL: true,
  removalPolicy: RemovalPolicy.RETAIN,
} as const satisfies s3.BucketProps;

/**
 * Refuses uploads that would not be encrypted with the bucket's own key: a request that asks for
 * another algorithm (`AES256`) or another key. A request that names neither gets the bucket's
 * default encryption, which is this key, so each Deny applies only when its header is present
 * (`Null: false`) and differs. Not `StringNotEqualsIfExists`: a key missing from the request makes
 * an `...IfExists` condition true (IAM User Guide, "IAM JSON policy elements: Condition operators"),
 * which would refuse every upload that relies on the default. `s3:PutObject` also authorizes
 * CreateMultipartUpload and CopyObject, so every way in is covered.
 */
export function denyUploadsNotEncryptedWith(bucket: s3.Bucket, key: kms.IKey): void {
  const objects = bucket.arnForObjects('*');
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyUploadsNotSseKms',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:PutObject'],
    resources: [objects],
    conditions: {
      StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
      Null: { 's3:x-amz-server-side-encryption': 'false' },
    },
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyUploadsWithAnotherKey',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:PutObject'],
    resources: [objects],
    conditions: {
      StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': key.keyArn },
      Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
    },
  }));
}

/**
 * Object-level events go to the account's default EventBridge bus, where a rule can alert on an
 * unexpected delete or overwrite. Set on the CloudFormation resource itself: the L2
 * `eventBridgeEnabled` adds a Lambda-backed custom resource for what CloudFormation does natively.
 */
export function sendEventsToEventBridge(bucket: s3.Bucket): void {
  const cfn = bucket.node.defaultChild as s3.CfnBucket;
  cfn.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
}
