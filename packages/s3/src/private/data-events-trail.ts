import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { allowCloudWatchLogsToUse, limitGrantsToAwsServices } from '@listbackup/conventions';
import { createAuditLogBucket } from './audit-log-bucket';

export interface DataEventsTrailOptions {
  readonly trailName: string;
  readonly logGroupName: string;
  readonly retention: logs.RetentionDays;
  readonly objectLock: s3.ObjectLockRetention;
}

export interface DataEventsTrailParts {
  readonly trail: cloudtrail.Trail;
  readonly logGroup: logs.LogGroup;
  readonly key: kms.Key;
  readonly auditLogBucket: s3.Bucket;
  readonly logsRole: iam.Role;
}

const TRAIL_FILE_PREFIX = 'cloudtrail';

/**
 * A trail of the data bucket's object-level events, delivered to an encrypted log group and, as
 * CloudTrail requires, to a bucket: the audit-log bucket (Object Lock, its own access logs).
 * The audit key is not the data key: whoever may read backups may not read who read them.
 *
 * Trail and log group have fixed names so that every policy can name the one trail and the one log
 * group it serves (their ARNs as attributes would make each policy and its subject depend on each
 * other). Every statement for a service principal carries `aws:SourceArn` or the encryption context
 * of that one resource, as the CloudTrail and CloudWatch Logs user guides advise against the
 * confused deputy ("Cross-service confused deputy prevention").
 */
export function createDataEventsTrail(scope: Construct, dataBucket: s3.IBucket, accessLogsBucket: s3.Bucket,
  options: DataEventsTrailOptions): DataEventsTrailParts {
  const stack = Stack.of(scope);
  const trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: options.trailName });
  const logGroupArn = stack.formatArn({
    service: 'logs', resource: 'log-group', resourceName: options.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const fromThisTrail = { StringEquals: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': stack.account } };

  const key = new kms.Key(scope, 'AuditKey', {
    description: `Encrypts the data events trail, its files and its log group (${scope.node.path})`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  limitGrantsToAwsServices(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudTrailEncryptsThisTrail',
    principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
    actions: ['kms:GenerateDataKey', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:SourceArn': trailArn, 'kms:EncryptionContext:aws:cloudtrail:arn': trailArn },
    },
  }));
  allowCloudWatchLogsToUse(key, { arn: logGroupArn });

  const auditLogBucket = createAuditLogBucket(scope, 'AuditLogBucket', key, options.objectLock, accessLogsBucket);
  auditLogBucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudTrailReadsAcl',
    principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
    actions: ['s3:GetBucketAcl'],
    resources: [auditLogBucket.bucketArn],
    conditions: fromThisTrail,
  }));
  auditLogBucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudTrailWritesThisTrail',
    principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [auditLogBucket.arnForObjects(`${TRAIL_FILE_PREFIX}/AWSLogs/${stack.account}/*`)],
    conditions: { StringEquals: { ...fromThisTrail.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
  }));

  const logGroup = new logs.LogGroup(scope, 'DataEventsLogGroup', {
    logGroupName: options.logGroupName,
    encryptionKey: key,
    retention: options.retention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const logsRole = new iam.Role(scope, 'DataEventsLogsRole', {
    description: `CloudTrail delivers ${options.trailName} to ${options.logGroupName}`,
    assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com', { conditions: fromThisTrail }),
  });
  // A managed policy rather than an inline one: the role holds exactly this and nothing else.
  const logsPolicy = new iam.ManagedPolicy(scope, 'DataEventsLogsPolicy', {
    description: `Write ${options.trailName} events to its log group`,
    roles: [logsRole],
    statements: [new iam.PolicyStatement({
      sid: 'DeliverToThisLogGroup',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    })],
  });

  // A reference to the bucket: CloudTrail's own statements (without aws:SourceArn) are not added,
  // the ones above are.
  const deliveryBucket = s3.Bucket.fromBucketAttributes(scope, 'AuditLogBucketReference', {
    bucketArn: auditLogBucket.bucketArn, bucketName: auditLogBucket.bucketName,
  });
  const trail = new cloudtrail.Trail(scope, 'DataEventsTrail', {
    trailName: options.trailName,
    bucket: deliveryBucket,
    s3KeyPrefix: TRAIL_FILE_PREFIX,
    encryptionKey: key,
    enableFileValidation: true,
    includeGlobalServiceEvents: false,
    // Single-region by design: this trail records one regional bucket's object events; the
    // account-wide management events belong to the organisation's multi-region trail.
    isMultiRegionTrail: false,
    managementEvents: cloudtrail.ReadWriteType.NONE,
  });
  const cfnTrail = trail.node.defaultChild as cloudtrail.CfnTrail;
  cfnTrail.cloudWatchLogsLogGroupArn = logGroup.logGroupArn;
  cfnTrail.cloudWatchLogsRoleArn = logsRole.roleArn;
  // CloudTrail checks the bucket policy and the role when the trail is created.
  trail.node.addDependency(auditLogBucket.policy!, logsPolicy);
  trail.addS3EventSelector([{ bucket: dataBucket }], { readWriteType: cloudtrail.ReadWriteType.ALL, includeManagementEvents: false });
  return { trail, logGroup, key, auditLogBucket, logsRole };
}
