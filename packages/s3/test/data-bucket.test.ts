import { App, Duration, Stack } from 'aws-cdk-lib/core';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DataBucket, DataBucketEncryption, DataBucketProps } from '../src';

function make(props: DataBucketProps = {}): { stack: Stack; bucket: DataBucket; role: iam.Role } {
  const stack = new Stack(new App(), 'Fixture');
  const bucket = new DataBucket(stack, 'Data', props);
  return { stack, bucket, role: new iam.Role(stack, 'Worker', { assumedBy: new iam.AccountRootPrincipal() }) };
}

function statementsOf(stack: Stack): Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }> {
  const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: stack.getLogicalId(stack.node.findChild('Worker').node.defaultChild as any) }] },
  }));
  return policy.Properties.PolicyDocument.Statement;
}

describe('validation: one error lists every failure with the construct path', () => {
  test.each<[string, DataBucketProps, RegExp]>([
    ['key without KMS', { encryption: DataBucketEncryption.S3_MANAGED, encryptionKey: kms.Key.fromKeyArn(new Stack(), 'K', 'arn:aws:kms:eu-west-1:123456789012:key/abc') },
      /encryptionKey is set but encryption is S3_MANAGED/],
    ['fractional tiering', { intelligentTieringAfter: Duration.hours(12) }, /intelligentTieringAfter is 12 hours: use a whole number of days, at least 0/],
    ['zero-day version expiry', { noncurrentVersionExpiration: Duration.days(0) }, /noncurrentVersionExpiration is 0 days?: use a whole number of days, at least 1/],
    ['hour-long upload abort', { abortIncompleteMultipartUploadAfter: Duration.hours(1) }, /abortIncompleteMultipartUploadAfter is 1 hour: use a whole number of days, at least 1/],
    ['retention without data events', { dataEventsLogRetention: logs.RetentionDays.ONE_MONTH }, /dataEventsLogRetention is set but dataEvents is off/],
    ['bad bucket name', { bucketName: 'Backups_Bucket' }, /bucketName 'Backups_Bucket' is invalid/],
  ])('%s', (_name, props, message) => {
    expect(() => make(props)).toThrow(message);
    expect(() => make(props)).toThrow(/^Fixture\/Data: invalid DataBucket props:\n {2}- .*\nfix these props of DataBucket and synthesize again$/s);
  });

  test('several failures come in one error and nothing joins the tree', () => {
    const stack = new Stack(new App(), 'Fixture');
    let message = '';
    try {
      new DataBucket(stack, 'Data', { bucketName: '192.168.1.1', noncurrentVersionExpiration: Duration.hours(5), dataEventsLogRetention: logs.RetentionDays.ONE_DAY });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(3);
    expect(stack.node.tryFindChild('Data')).toBeUndefined();
  });
});

describe('grants are scoped to one prefix and name their actions', () => {
  test('grantReadObjects: get object (versions) under the prefix, list under the prefix, decrypt', () => {
    const { stack, bucket, role } = make();
    bucket.grantReadObjects(role, 'exports/');
    const statements = statementsOf(stack);
    expect(statements).toContainEqual(expect.objectContaining({
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^DataBucket/), 'Arn'] }, '/exports/*']] },
    }));
    expect(statements).toContainEqual(expect.objectContaining({
      Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': ['exports/*'] } },
    }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['kms:Decrypt', 'kms:DescribeKey'] }));
    expect(JSON.stringify(statements)).not.toMatch(/s3:PutObject|s3:Delete/);
  });

  test('grantWriteObjects: put and abort under the prefix, data keys, never delete', () => {
    const { stack, bucket, role } = make();
    bucket.grantWriteObjects(role, 'jobs/');
    const statements = statementsOf(stack);
    expect(statements).toContainEqual(expect.objectContaining({
      Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^DataBucket/), 'Arn'] }, '/jobs/*']] },
    }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'] }));
    expect(JSON.stringify(statements)).not.toMatch(/s3:Delete|s3:GetObject/);
  });

  test('with SSE-S3 no KMS action is granted', () => {
    const { stack, bucket, role } = make({ encryption: DataBucketEncryption.S3_MANAGED });
    bucket.grantReadObjects(role, 'exports/');
    bucket.grantWriteObjects(role, 'exports/');
    expect(JSON.stringify(statementsOf(stack))).not.toContain('kms:');
  });

  test.each([
    ['', /the prefix is empty/],
    ['/jobs/', /prefix '\/jobs\/' starts with '\/'/],
    ['users/1', /prefix 'users\/1' does not end with '\/': use 'users\/1\/'/],
    ['users/*/', /prefix 'users\/\*\/' holds a wildcard/],
  ])('a grant on prefix %j is refused', (prefix, message) => {
    const { bucket, role } = make();
    expect(() => bucket.grantReadObjects(role, prefix)).toThrow(message);
    expect(() => bucket.grantWriteObjects(role, prefix)).toThrow(/^DataBucket Fixture\/Data cannot grant on /);
  });
});

test('a bucket of one\'s own can use its own key and lifecycle', () => {
  const stack = new Stack(new App(), 'Mine');
  const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
  new DataBucket(stack, 'Archive', { encryptionKey: key, noncurrentVersionExpiration: Duration.days(30), intelligentTieringAfter: Duration.days(14) });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::KMS::Key', 1);
  template.hasResourceProperties('AWS::S3::Bucket', {
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } } }] },
    LifecycleConfiguration: { Rules: [{ Id: 'tier-and-tidy', Status: 'Enabled', Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 14 }], NoncurrentVersionExpiration: { NoncurrentDays: 30 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }] },
  });
});

test('data-events props without data events are refused, as are bad trail and log group names', () => {
  expect(() => make({ dataEventsTrailName: 'mine' })).toThrow(/dataEventsTrailName is set but dataEvents is off/);
  expect(() => make({ auditLogObjectLock: s3.ObjectLockRetention.governance(Duration.days(30)) })).toThrow(/auditLogObjectLock is set but dataEvents is off/);
  expect(() => make({ dataEvents: true, dataEventsTrailName: 'a--b' })).toThrow(/dataEventsTrailName 'a--b' is invalid/);
  expect(() => make({ dataEvents: true, dataEventsLogGroupName: 'no spaces allowed' })).toThrow(/dataEventsLogGroupName 'no spaces allowed' is invalid/);
});

test('a consumer\'s bucket gets unique trail and log group names, and may lock trail files in COMPLIANCE mode', () => {
  const { stack } = make({ dataEvents: true, auditLogObjectLock: s3.ObjectLockRetention.compliance(Duration.days(730)) });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::CloudTrail::Trail', { TrailName: Match.stringLikeRegexp('^Fixture-?Data.*-data-events$') });
  template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^/aws/cloudtrail/Fixture') });
  template.hasResourceProperties('AWS::S3::Bucket', {
    ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 730 } } },
  });
});
