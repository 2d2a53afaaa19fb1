import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { S3BucketDeniesNonKmsUploads } from '../../src/rules/s3/S3BucketDeniesNonKmsUploads';
import { bucket, rotatingKey } from '../support/compliant-resources';
import { findingsOf } from '../support/rule-harness';

/** A Deny of uploads unless the condition key has the value (StringNotEqualsIfExists). */
function denyUnless(b: s3.Bucket, key: string, value: string, action = 's3:PutObject'): void {
  b.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: [action], resources: [b.arnForObjects('*')],
    conditions: { StringNotEqualsIfExists: { [key]: value } },
  }));
}

describe('S3BucketDeniesNonKmsUploads', () => {
  test('Compliance: both denies on an SSE-KMS bucket (the key as a joined GetAtt); an SSE-S3 bucket is not judged', () => {
    expect(findingsOf(S3BucketDeniesNonKmsUploads, (s) => {
      const key = rotatingKey(s);
      const b = bucket(s, 'Kms', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
      denyUnless(b, 's3:x-amz-server-side-encryption', 'aws:kms', 's3:Put*');
      denyUnless(b, 's3:x-amz-server-side-encryption-aws-kms-key-id', key.keyArn);
      bucket(s, 'Sse');
    })).toEqual([]);
  });

  test('Noncompliance: no deny at all, a deny naming another key, an Allow with the same condition', () => {
    expect(findingsOf(S3BucketDeniesNonKmsUploads, (s) => {
      const key = rotatingKey(s);
      bucket(s, 'Open', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
      const other = bucket(s, 'OtherKey', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
      denyUnless(other, 's3:x-amz-server-side-encryption', 'aws:kms');
      denyUnless(other, 's3:x-amz-server-side-encryption-aws-kms-key-id', rotatingKey(s, 'Other').keyArn);
      const allow = bucket(s, 'AllowOnly', { encryption: s3.BucketEncryption.KMS_MANAGED });
      allow.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.AccountRootPrincipal()], actions: ['s3:PutObject'], resources: [allow.arnForObjects('*')],
        conditions: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      }));
    })).toEqual([
      'ListBackup-S3BucketDeniesNonKmsUploads[Condition::s3:x-amz-server-side-encryption-aws-kms-key-id] Fixture/Open/Resource',
      'ListBackup-S3BucketDeniesNonKmsUploads[Condition::s3:x-amz-server-side-encryption-aws-kms-key-id] Fixture/OtherKey/Resource',
      'ListBackup-S3BucketDeniesNonKmsUploads[Condition::s3:x-amz-server-side-encryption] Fixture/AllowOnly/Resource',
      'ListBackup-S3BucketDeniesNonKmsUploads[Condition::s3:x-amz-server-side-encryption] Fixture/Open/Resource',
    ]);
  });
});
