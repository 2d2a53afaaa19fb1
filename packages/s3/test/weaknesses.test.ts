import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib/core';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { applyPolicy, synthPolicyResult } from '@listbackup/policy/synth';
import { InfrastructureS3Stack } from '../src';

/*
 * Each weakness an independent review found, put back into the real stack: the policy pass must
 * fail on it, with the rule that guards it, on the resource it is in.
 */
function errorsWith(weaken: (stack: InfrastructureS3Stack) => void): string[] {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 's3-weakness-')) });
  const stack = new InfrastructureS3Stack(app, { stage: 'main' });
  weaken(stack);
  applyPolicy(app);
  return synthPolicyResult(app).errors.map((f) => `${f.ruleId} ${f.constructPath}`);
}

const TRAIL = 'listbackup-infrastructure-s3-main/DataBucket/DataEventsTrail/Resource';

test('the stack as built has none of these errors', () => {
  expect(errorsWith(() => undefined)).toEqual([]);
});

test('1. trail files in the access-log bucket again (neither locked nor logged)', () => {
  expect(errorsWith((stack) => {
    (stack.dataBucket.trail!.node.defaultChild as cloudtrail.CfnTrail).s3BucketName = stack.dataBucket.accessLogsBucket.bucketName;
  })).toContain(`ListBackup-CloudTrailBucketProtected ${TRAIL}`);
});

test('2. CloudTrail statements without aws:SourceArn, in the bucket policy and in the trust policy of its logs role', () => {
  const errors = errorsWith((stack) => {
    const bucket = stack.dataBucket.auditLogBucket!;
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AnyTrailReadsAcl', principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')], actions: ['s3:GetBucketAcl'], resources: [bucket.bucketArn],
    }));
    (stack.dataBucket.dataEventsLogsRole!.node.defaultChild as iam.CfnRole).assumeRolePolicyDocument = {
      Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    };
  });
  expect(errors).toEqual(expect.arrayContaining([
    'ListBackup-ServicePrincipalSourceCondition[Statement::AnyTrailReadsAcl] listbackup-infrastructure-s3-main/DataBucket/AuditLogBucket/Policy/Resource',
    'ListBackup-ServicePrincipalSourceCondition[Statement::0] listbackup-infrastructure-s3-main/DataBucket/DataEventsLogsRole/Resource',
  ]));
});

test('3. a data bucket policy that no longer refuses AES256 or another key', () => {
  expect(errorsWith((stack) => {
    const policy = stack.dataBucket.bucket.policy!.node.defaultChild as s3.CfnBucketPolicy;
    const resolved = stack.resolve(policy.policyDocument) as { Statement: Array<{ Sid?: string }> };
    policy.policyDocument = { ...resolved, Statement: resolved.Statement.filter((s) => !/^DenyUploads/.test(s.Sid ?? '')) };
  })).toEqual(expect.arrayContaining([
    'ListBackup-S3BucketDeniesNonKmsUploads[Condition::s3:x-amz-server-side-encryption] listbackup-infrastructure-s3-main/DataBucket/Bucket/Resource',
    'ListBackup-S3BucketDeniesNonKmsUploads[Condition::s3:x-amz-server-side-encryption-aws-kms-key-id] listbackup-infrastructure-s3-main/DataBucket/Bucket/Resource',
  ]));
});

test('4. the data key back to kms:* for the root with no CreateGrant limit', () => {
  expect(errorsWith((stack) => {
    const key = stack.dataBucket.encryptionKey!.node.defaultChild as kms.CfnKey;
    key.keyPolicy = { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${stack.account}:root` }, Action: 'kms:*', Resource: '*' }] };
  })).toContain('ListBackup-KMSKeyGrantsForAwsServicesOnly listbackup-infrastructure-s3-main/DataBucket/Key/Resource');
});
