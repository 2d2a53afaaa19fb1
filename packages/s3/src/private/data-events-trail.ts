import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface DataEventsTrailParts {
  readonly trail: cloudtrail.Trail;
  readonly logGroup: logs.LogGroup;
  readonly key: kms.Key;
}

/**
 * A trail of the data bucket's object-level events, delivered to an encrypted log group and,
 * as CloudTrail requires, to a bucket (the access-log bucket, under `cloudtrail/`).
 * The audit key is not the data key: whoever may read backups may not read who read them.
 */
export function createDataEventsTrail(scope: Construct, dataBucket: s3.IBucket, logBucket: s3.IBucket,
  retention: logs.RetentionDays): DataEventsTrailParts {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, 'AuditKey', {
    description: `Encrypts the data events trail and its log group (${scope.node.path})`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Key policy statements as documented in the CloudTrail and CloudWatch Logs user guides, with
  // the documented encryption-context conditions and named actions instead of wildcards.
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
    actions: ['kms:GenerateDataKey', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: {
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` },
    },
  }));
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey',
      'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` },
    },
  }));
  const logGroup = new logs.LogGroup(scope, 'DataEventsLogGroup', {
    encryptionKey: key,
    retention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const trail = new cloudtrail.Trail(scope, 'DataEventsTrail', {
    bucket: logBucket,
    s3KeyPrefix: 'cloudtrail',
    encryptionKey: key,
    sendToCloudWatchLogs: true,
    cloudWatchLogGroup: logGroup,
    enableFileValidation: true,
    includeGlobalServiceEvents: false,
    isMultiRegionTrail: false,
    managementEvents: cloudtrail.ReadWriteType.NONE,
  });
  trail.addS3EventSelector([{ bucket: dataBucket }], { readWriteType: cloudtrail.ReadWriteType.ALL, includeManagementEvents: false });
  return { trail, logGroup, key };
}
