import { ArnFormat, Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { limitGrantsToAwsServices } from '@listbackup/conventions';

/** What CloudWatch Logs does with a log group's key (CloudWatch Logs user guide, "Encrypt log data using AWS KMS"). */
const LOGS_KEY_ACTIONS = [
  'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo',
  'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey',
];

/**
 * The customer key of the service's log groups: rotating, retained (logs written with it must stay
 * readable), and usable by CloudWatch Logs only for log groups under `logGroupPrefix`.
 */
export function createLogKey(scope: Construct, id: string, logGroupPrefix: string): kms.Key {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, id, {
    description: `Encrypts the log groups under ${logGroupPrefix}`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  limitGrantsToAwsServices(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchLogsUseForTheseLogGroups',
    principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
    actions: LOGS_KEY_ACTIONS,
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs', resource: 'log-group', resourceName: `${logGroupPrefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  }));
  return key;
}
