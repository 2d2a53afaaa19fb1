import { RemovalPolicy } from 'aws-cdk-lib/core';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { S3BucketEncrypted } from '../../src/rules/s3/S3BucketEncrypted';
import { S3BucketPublicAccessBlock } from '../../src/rules/s3/S3BucketPublicAccessBlock';
import { S3BucketRetain } from '../../src/rules/s3/S3BucketRetain';
import { S3BucketTLSOnly } from '../../src/rules/s3/S3BucketTLSOnly';
import { S3BucketVersioning } from '../../src/rules/s3/S3BucketVersioning';
import { bucket, rotatingKey } from '../support/compliant-resources';
import { findingsOf } from '../support/rule-harness';

describe('S3BucketEncrypted', () => {
  test('Compliance: SSE-S3 and SSE-KMS', () => {
    expect(findingsOf(S3BucketEncrypted, (s) => {
      bucket(s, 'Sse');
      bucket(s, 'Kms', { encryption: s3.BucketEncryption.KMS, encryptionKey: rotatingKey(s) });
    })).toEqual([]);
  });
  test('Noncompliance: no encryption declared', () => {
    expect(findingsOf(S3BucketEncrypted, (s) => {
      const b = bucket(s, 'B');
      (b.node.defaultChild as s3.CfnBucket).bucketEncryption = undefined;
    })).toEqual(['ListBackup-S3BucketEncrypted Fixture/B/Resource']);
  });
});

describe('S3BucketPublicAccessBlock', () => {
  test('Compliance: BLOCK_ALL', () => {
    expect(findingsOf(S3BucketPublicAccessBlock, (s) => bucket(s))).toEqual([]);
  });
  test('Noncompliance: each missing block is its own finding', () => {
    expect(findingsOf(S3BucketPublicAccessBlock, (s) => bucket(s, 'B', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY })))
      .toEqual([
        'ListBackup-S3BucketPublicAccessBlock[Block::blockPublicPolicy] Fixture/B/Resource',
        'ListBackup-S3BucketPublicAccessBlock[Block::restrictPublicBuckets] Fixture/B/Resource',
      ]);
  });
});

describe('S3BucketTLSOnly', () => {
  test('Compliance: enforceSSL', () => {
    expect(findingsOf(S3BucketTLSOnly, (s) => bucket(s))).toEqual([]);
  });
  test('Noncompliance: no policy, and a policy that does not deny plain HTTP', () => {
    expect(findingsOf(S3BucketTLSOnly, (s) => {
      bucket(s, 'NoPolicy', { enforceSSL: false });
      const other = bucket(s, 'OtherPolicy', { enforceSSL: false });
      other.addToResourcePolicy(new iam.PolicyStatement({
        actions: ['s3:GetObject'], resources: [other.arnForObjects('*')], principals: [new iam.AccountRootPrincipal()],
      }));
    })).toEqual([
      'ListBackup-S3BucketTLSOnly Fixture/NoPolicy/Resource',
      'ListBackup-S3BucketTLSOnly Fixture/OtherPolicy/Resource',
    ]);
  });
});

describe('S3BucketRetain', () => {
  test('Compliance: RETAIN', () => {
    expect(findingsOf(S3BucketRetain, (s) => bucket(s))).toEqual([]);
  });
  test('Noncompliance: DESTROY', () => {
    expect(findingsOf(S3BucketRetain, (s) => bucket(s, 'B', { removalPolicy: RemovalPolicy.DESTROY })))
      .toEqual(['ListBackup-S3BucketRetain Fixture/B/Resource']);
  });
});

describe('S3BucketVersioning', () => {
  test('Compliance: versioned', () => {
    expect(findingsOf(S3BucketVersioning, (s) => bucket(s))).toEqual([]);
  });
  test('Noncompliance: not versioned', () => {
    expect(findingsOf(S3BucketVersioning, (s) => bucket(s, 'B', { versioned: false })))
      .toEqual(['ListBackup-S3BucketVersioning Fixture/B/Resource']);
  });
});
