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
 * invocations. Path-style S3 addressing only when an endpoint is overridden: the local emulator
 * serves buckets by path, AWS by virtual host.
 */
export function createClients(env: NodeJS.ProcessEnv = process.env): AwsClients {
  return {
    documents: DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
    sqs: new SQSClient({}),
    s3: new S3Client({ forcePathStyle: Boolean(env.AWS_ENDPOINT_URL) }),
    eventBridge: new EventBridgeClient({}),
  };
}
