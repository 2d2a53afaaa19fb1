import { App } from 'aws-cdk-lib/core';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DataBucketEncryption, InfrastructureS3Stack } from '../src';

const BLOCK_ALL = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

const stack = new InfrastructureS3Stack(new App(), { stage: 'main' });
const template = Template.fromStack(stack);
const resources = template.toJSON().Resources;
const data = resources.DataBucket;
const accessLogs = resources.AccessLogsBucket;

/** The statements of the bucket policy attached to a bucket's logical id. */
function policyOf(logicalId: string): Array<Record<string, any>> {
  const [policy] = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: logicalId } } }));
  return policy.Properties.PolicyDocument.Statement;
}

test('the stack is named after the service and stage', () => {
  expect(stack.stackName).toBe('listbackup-infrastructure-s3-main');
  template.resourceCountIs('AWS::S3::Bucket', 3);
});

test('the data bucket has the conventional name the Cognito stack scopes users to', () => {
  expect(data.Properties.BucketName).toEqual({ 'Fn::Join': ['', ['listbackup-main-data-', { Ref: 'AWS::AccountId' }]] });
});

test('the data bucket is encrypted with a rotating, retained customer key', () => {
  expect(data.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{
    BucketKeyEnabled: true,
    ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['DataBucketKey', 'Arn'] } },
  }]);
  expect(resources.DataBucketKey).toMatchObject({
    Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true },
  });
});

test.each([['data', 'DataBucket'], ['access-log', 'AccessLogsBucket']])('the %s bucket is versioned, blocked and retained', (_n, id) => {
  expect(resources[id]).toMatchObject({
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: BLOCK_ALL,
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    },
  });
});

test.each(['DataBucket', 'AccessLogsBucket'])('%s denies every request without TLS', (id) => {
  expect(policyOf(id)).toContainEqual({
    Action: 's3:*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Resource: [{ 'Fn::GetAtt': [id, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/*']] }],
  });
});

test('the data bucket tiers, expires old versions and aborts stale uploads', () => {
  expect(data.Properties.LifecycleConfiguration.Rules).toEqual([{
    Id: 'tier-and-tidy',
    Status: 'Enabled',
    Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 0 }],
    NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
  }]);
});

test('server access logs go to the access-log bucket, which S3 may write by policy only', () => {
  expect(data.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: 'AccessLogsBucket' }, LogFilePrefix: 'data-bucket/' });
  expect(policyOf('AccessLogsBucket')).toContainEqual({
    Action: 's3:PutObject',
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['AccessLogsBucket', 'Arn'] }, '/data-bucket/*']] },
    Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': ['DataBucket', 'Arn'] } }, StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
  });
  expect(accessLogs.Properties.AccessControl).toBeUndefined();
});

test('the access-log bucket uses SSE-S3, which server access logging requires', () => {
  expect(accessLogs.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
    { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
  ]);
});

test('data events go to a KMS-encrypted, retained log group with retention', () => {
  template.hasResourceProperties('AWS::CloudTrail::Trail', {
    EnableLogFileValidation: true,
    KMSKeyId: { 'Fn::GetAtt': ['AuditKey', 'Arn'] },
    CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': ['DataEventsLogGroup', 'Arn'] },
    S3BucketName: { Ref: 'AuditLogBucket' },
    TrailName: 'listbackup-main-data-events',
    IsMultiRegionTrail: false,
    EventSelectors: [{
      DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['DataBucket', 'Arn'] }, '/']] }] }],
      IncludeManagementEvents: false,
      ReadWriteType: 'All',
    }],
  });
  expect(resources.DataEventsLogGroup).toMatchObject({
    DeletionPolicy: 'Retain',
    Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': ['AuditKey', 'Arn'] }, LogGroupName: '/listbackup/main/s3/data-events' },
  });
  expect(resources.AuditKey.Properties.EnableKeyRotation).toBe(true);
});

test('exports the bucket name, ARN and key ARN under the convention', () => {
  const outputs = template.findOutputs('*');
  expect(Object.fromEntries(Object.entries(outputs).map(([id, o]) => [id, [o.Export.Name, o.Value]]))).toEqual({
    DataBucketName: ['listbackup-infrastructure-s3-main-DataBucketName', { Ref: 'DataBucket' }],
    DataBucketArn: ['listbackup-infrastructure-s3-main-DataBucketArn', { 'Fn::GetAtt': ['DataBucket', 'Arn'] }],
    DataBucketKeyArn: ['listbackup-infrastructure-s3-main-DataBucketKeyArn', { 'Fn::GetAtt': ['DataBucketKey', 'Arn'] }],
  });
});

test('with SSE-S3 the data bucket uses AES256 and exports no key', () => {
  const aes = Template.fromStack(new InfrastructureS3Stack(new App(), { stage: 'dev', encryption: DataBucketEncryption.S3_MANAGED }));
  expect(aes.toJSON().Resources.DataBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
    { BucketKeyEnabled: false, ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
  ]);
  expect(Object.keys(aes.findOutputs('*')).sort()).toEqual(['DataBucketArn', 'DataBucketName']);
  expect(Object.keys(aes.findResources('AWS::KMS::Key'))).toEqual(['AuditKey']);
});

test('without data events there is no trail, log group or audit key', () => {
  const quiet = Template.fromStack(new InfrastructureS3Stack(new App(), { stage: 'dev', dataEvents: false }));
  quiet.resourceCountIs('AWS::CloudTrail::Trail', 0);
  quiet.resourceCountIs('AWS::Logs::LogGroup', 0);
  quiet.resourceCountIs('AWS::KMS::Key', 1);
});

test('every taggable resource carries the standard and caller tags', () => {
  const tagged = Template.fromStack(new InfrastructureS3Stack(new App(), { stage: 'dev', tags: { CostCenter: 'backup' } }));
  for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::CloudTrail::Trail']) {
    tagged.allResourcesProperties(type, {
      Tags: Match.arrayWith([{ Key: 'CostCenter', Value: 'backup' }, { Key: 'ManagedBy', Value: 'projen-cdk' },
        { Key: 'Service', Value: 'listbackup-infrastructure-s3' }, { Key: 'Stage', Value: 'dev' }]),
    });
  }
});

const TRAIL_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':trail/listbackup-main-data-events']] };
const FROM_THIS_TRAIL = { 'aws:SourceArn': TRAIL_ARN, 'aws:SourceAccount': { Ref: 'AWS::AccountId' } };

test('trail files go to an audit-log bucket that locks them and logs every access', () => {
  expect(resources.AuditLogBucket).toMatchObject({
    DeletionPolicy: 'Retain',
    Properties: {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } } },
      LoggingConfiguration: { DestinationBucketName: { Ref: 'AccessLogsBucket' }, LogFilePrefix: 'audit-log-bucket/' },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: BLOCK_ALL,
    },
  });
  expect(resources.AuditLogBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault)
    .toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['AuditKey', 'Arn'] } });
});

test('CloudTrail may write only for this trail: bucket policy and the trust policy of its logs role', () => {
  expect(policyOf('AuditLogBucket')).toEqual(expect.arrayContaining([
    expect.objectContaining({ Sid: 'CloudTrailReadsAcl', Action: 's3:GetBucketAcl', Condition: { StringEquals: FROM_THIS_TRAIL } }),
    expect.objectContaining({
      Sid: 'CloudTrailWritesThisTrail', Action: 's3:PutObject',
      Condition: { StringEquals: { ...FROM_THIS_TRAIL, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }),
  ]));
  expect(JSON.stringify(policyOf('AccessLogsBucket'))).not.toContain('cloudtrail');
  const [role] = Object.values(template.findResources('AWS::IAM::Role'));
  expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
    Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Condition: { StringEquals: FROM_THIS_TRAIL },
  }]);
  template.resourceCountIs('AWS::IAM::Policy', 0);
});

test('the audit key serves this trail and this log group only', () => {
  const statements = resources.AuditKey.Properties.KeyPolicy.Statement;
  expect(statements).toContainEqual(expect.objectContaining({
    Sid: 'CloudTrailEncryptsThisTrail',
    Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN, 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL_ARN } },
  }));
  expect(statements).toContainEqual(expect.objectContaining({
    Sid: 'CloudWatchLogsUseForThisLogGroup',
    Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', expect.arrayContaining([':log-group:/listbackup/main/s3/data-events']) ] } } },
  }));
  expect(JSON.stringify(statements)).not.toMatch(/trail\/\*|log-group:\*/);
});

test.each(['DataBucketKey', 'AuditKey'])('%s denies CreateGrant unless the grant is for an AWS resource', (id) => {
  expect(resources[id].Properties.KeyPolicy.Statement).toContainEqual({
    Sid: 'GrantsForAwsServicesOnly', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:CreateGrant', Resource: '*',
    Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  });
});

test.each([['DataBucket', 'DataBucketKey'], ['AuditLogBucket', 'AuditKey']])('%s refuses uploads not encrypted with its key', (bucket, key) => {
  const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/*']] };
  expect(policyOf(bucket)).toEqual(expect.arrayContaining([
    { Sid: 'DenyUploadsNotSseKms', Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:PutObject', Resource: objects,
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' }, Null: { 's3:x-amz-server-side-encryption': 'false' } } },
    { Sid: 'DenyUploadsWithAnotherKey', Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:PutObject', Resource: objects,
      Condition: {
        StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': { 'Fn::GetAtt': [key, 'Arn'] } },
        Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
      } },
  ]));
});

test.each(['DataBucket', 'AccessLogsBucket', 'AuditLogBucket'])('%s sends object events to EventBridge natively', (id) => {
  expect(resources[id].Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
  template.resourceCountIs('Custom::S3BucketNotifications', 0);
});
