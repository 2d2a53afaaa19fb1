import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The AWS clients the handlers use. Region, credentials and AWS_ENDPOINT_URL come from the environment. */
export interface AwsClients {
  readonly documents: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly s3: S3Client;
  readonly eventBridge: EventBridgeClient;
}

/**
 * Created once per execution environment, outside the handler, so connections are reused across
 * invocations. When an endpoint is overridden (the local emulator): S3 by path, as the emulator serves
 * buckets, and SQS at that endpoint rather than at the host of the queue URL (the stacks export
 * queue URLs on AWS's host, which the SDK would otherwise call).
 */
export function createClients(env: NodeJS.ProcessEnv = process.env): AwsClients {
  return {
    documents: DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
    sqs: new SQSClient({ useQueueUrlAsEndpoint: !env.AWS_ENDPOINT_URL }),
    s3: new S3Client({ forcePathStyle: Boolean(env.AWS_ENDPOINT_URL) }),
    eventBridge: new EventBridgeClient({}),
  };
}
