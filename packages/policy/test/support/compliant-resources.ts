import { App, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { applyStandardTags, DEAD_LETTER_RETENTION, limitGrantsToAwsServices } from '@listbackup/conventions';

/**
 * Resources that pass every ListBackup rule. Fixtures start from these and break one property,
 * so a fixture that fails a rule fails it for the reason it names.
 */
export function taggedStack(app: App, id = 'Fixture'): Stack {
  const stack = new Stack(app, id);
  applyStandardTags(stack, 'listbackup-core', 'dev');
  return stack;
}

export function rotatingKey(stack: Stack, id = 'Key'): kms.Key {
  const key = new kms.Key(stack, id, { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  limitGrantsToAwsServices(key);
  return key;
}

export function table(stack: Stack, id = 'Table', props: Partial<dynamodb.TableProps> = {}): dynamodb.Table {
  return new dynamodb.Table(stack, id, {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    ...props,
  });
}

export function bucket(stack: Stack, id = 'Bucket', props: Partial<s3.BucketProps> = {}): s3.Bucket {
  return new s3.Bucket(stack, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
    ...props,
  });
}

export function deadLetterQueue(stack: Stack, id = 'Dlq', props: Partial<sqs.QueueProps> = {}): sqs.Queue {
  return new sqs.Queue(stack, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
    ...props,
  });
}

/** A queue with its own dead-letter queue. */
export function queue(stack: Stack, id = 'Queue', props: Partial<sqs.QueueProps> = {}): sqs.Queue {
  return new sqs.Queue(stack, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    ...props,
    deadLetterQueue: props.deadLetterQueue ?? { queue: deadLetterQueue(stack, `${id}Dlq`), maxReceiveCount: 3 },
  });
}

export function eventBus(stack: Stack, id = 'Bus'): events.EventBus {
  return new events.EventBus(stack, id, { kmsKey: rotatingKey(stack, `${id}Key`) });
}

export function logGroup(stack: Stack, id = 'Logs', props: Partial<logs.LogGroupProps> = {}): logs.LogGroup {
  return new logs.LogGroup(stack, id, {
    encryptionKey: rotatingKey(stack, `${id}Key`),
    retention: logs.RetentionDays.ONE_YEAR,
    ...props,
  });
}

export function identityPool(stack: Stack, id = 'IdentityPool', allowUnauthenticated = false): cognito.CfnIdentityPool {
  return new cognito.CfnIdentityPool(stack, id, { allowUnauthenticatedIdentities: allowUnauthenticated });
}

/** A role allowed one statement (by default: read one bucket's objects). */
export function role(stack: Stack, id = 'Role', statement?: iam.PolicyStatement): iam.Role {
  const result = new iam.Role(stack, id, { assumedBy: lambdaOfThisAccount(stack) });
  result.addToPolicy(statement ?? new iam.PolicyStatement({
    actions: ['s3:GetObject'],
    resources: ['arn:aws:s3:::listbackup-example/*'],
  }));
  return result;
}

/** Lambda, assuming a role only for functions of this account. */
export function lambdaOfThisAccount(stack: Stack): iam.ServicePrincipal {
  return new iam.ServicePrincipal('lambda.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } });
}
