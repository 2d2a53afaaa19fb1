import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Refuses uploads that would not be encrypted with the bucket's own key: a request that asks for
 * another algorithm (`AES256`) or another key. A request that names neither gets the bucket's
 * default encryption, which is this key, so `...IfExists` lets it through (S3 User Guide,
 * "Requiring server-side encryption with AWS KMS keys"). `s3:PutObject` also authorizes
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
    conditions: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyUploadsWithAnotherKey',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:PutObject'],
    resources: [objects],
    conditions: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': key.keyArn } },
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
