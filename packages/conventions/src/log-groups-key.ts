import { ArnFormat, Aws, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { limitGrantsToAwsServices } from './key-policy';

/** What CloudWatch Logs does with a log group's key (CloudWatch Logs user guide, "Encrypt log data using AWS KMS"). */
export const LOGS_KEY_ACTIONS = [
  'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo',
  'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey',
];

/** The log groups a key serves: every group under a name prefix, or one group by its ARN. */
export type LogGroupsOfKey = { readonly namePrefix: string } | { readonly arn: string };

/**
 * Lets CloudWatch Logs of this region use `key` for the given log groups only: the encryption
 * context names the log group, so the key policy can name them.
 */
export function allowCloudWatchLogsToUse(key: kms.IKey, logGroups: LogGroupsOfKey): void {
  const condition = 'namePrefix' in logGroups
    ? {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': Stack.of(key).formatArn({
          service: 'logs', resource: 'log-group', resourceName: `${logGroups.namePrefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    }
    : { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroups.arn } };
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'namePrefix' in logGroups ? 'CloudWatchLogsUseForTheseLogGroups' : 'CloudWatchLogsUseForThisLogGroup',
    principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
    actions: LOGS_KEY_ACTIONS,
    resources: ['*'],
    conditions: condition,
  }));
}

export interface LogGroupsKeyProps {
  /** The log groups the key encrypts: every group whose name starts with this, e.g. `/listbackup/main/core/`. */
  readonly logGroupNamePrefix: string;
  /**
   * The key's description.
   * @default - `Encrypts the log groups under <prefix>`
   */
  readonly description?: string;
}

/**
 * The customer key of a set of log groups: rotating, retained (logs written with it must stay
 * readable), grants only for AWS services, and usable by CloudWatch Logs only for the log groups
 * under `logGroupNamePrefix`.
 */
export class LogGroupsKey extends kms.Key {
  constructor(scope: Construct, id: string, props: LogGroupsKeyProps) {
    super(scope, id, {
      description: props.description ?? `Encrypts the log groups under ${props.logGroupNamePrefix}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    limitGrantsToAwsServices(this);
    allowCloudWatchLogsToUse(this, { namePrefix: props.logGroupNamePrefix });
  }
}
