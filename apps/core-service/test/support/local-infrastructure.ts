import { CreateTableCommand, DynamoDBClient, KeySchemaElement, AttributeDefinition, GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SQSClient, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LISTBACKUP_TABLES, TableName } from '@listbackup/dynamodb';
import { dataBucketName } from '@listbackup/conventions/names';
import { eventBusName } from '@listbackup/eventbridge';
import { LOCAL_ACCOUNT_ID } from '@listbackup/local-aws';
import { physicalDeadLetterQueueName, physicalQueueName, PRIORITY_SETTINGS, QUEUE_CATALOG, QueueName } from '@listbackup/sqs';
import { AwsClients } from '../../src/functions/runtime/clients';
import { workerEmulator } from './emulators';

export const STAGE = 'test';

/** The resources the handlers use, created in the emulator from the infrastructure packages' catalogs. */
export interface LocalInfrastructure {
  /** This jest worker's emulator (one per worker for the whole run: `emulators.ts`). */
  readonly aws: { readonly endpoint: string; readonly env: Record<string, string> };
  readonly clients: AwsClients;
  readonly tables: Record<'JobsTable' | 'JobLogsTable' | 'ActivityTable', string>;
  readonly queueUrls: Record<QueueName, string>;
  readonly dlqUrls: Record<QueueName, string>;
  readonly queueArns: Record<QueueName, string>;
  readonly dataBucket: string;
  readonly eventBus: string;
  stop(): Promise<void>;
}

/**
 * Takes this jest worker's emulator, wiped, and creates the real tables (keys and indexes from the DynamoDB package's
 * catalog) and FIFO queues with their dead-letter queues and redrive (names and receive counts from
 * the SQS package), the data bucket and the event bus.
 */
export async function startLocalInfrastructure(): Promise<LocalInfrastructure> {
  const aws = await workerEmulator();
  Object.assign(process.env, aws.env);
  const dynamodb = new DynamoDBClient({});
  const clients: AwsClients = {
    documents: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
    sqs: new SQSClient({}),
    s3: new S3Client({ forcePathStyle: true }),
    eventBridge: new EventBridgeClient({}),
  };

  const tables = { JobsTable: `listbackup-${STAGE}-jobs`, JobLogsTable: `listbackup-${STAGE}-job-logs`, ActivityTable: `listbackup-${STAGE}-activity` };
  for (const [logical, physical] of Object.entries(tables) as Array<[TableName, string]>) {
    await dynamodb.send(createTableCommand(logical, physical));
  }

  const queueUrls = {} as Record<QueueName, string>;
  const dlqUrls = {} as Record<QueueName, string>;
  const queueArns = {} as Record<QueueName, string>;
  for (const spec of QUEUE_CATALOG) {
    const fifo = { FifoQueue: 'true', ContentBasedDeduplication: 'true' };
    const dlq = await clients.sqs.send(new CreateQueueCommand({ QueueName: physicalDeadLetterQueueName(STAGE, spec.name), Attributes: fifo }));
    const dlqArn = await queueArn(clients.sqs, dlq.QueueUrl!);
    const settings = PRIORITY_SETTINGS[spec.priority];
    const queue = await clients.sqs.send(new CreateQueueCommand({
      QueueName: physicalQueueName(STAGE, spec.name),
      Attributes: {
        ...fifo,
        VisibilityTimeout: String(settings.visibilityTimeout.toSeconds()),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: settings.maxReceiveCount }),
      },
    }));
    queueUrls[spec.name] = queue.QueueUrl!;
    dlqUrls[spec.name] = dlq.QueueUrl!;
    queueArns[spec.name] = await queueArn(clients.sqs, queue.QueueUrl!);
  }

  const dataBucket = dataBucketName(STAGE, LOCAL_ACCOUNT_ID);
  await clients.s3.send(new CreateBucketCommand({ Bucket: dataBucket }));
  const eventBus = eventBusName(STAGE);
  await clients.eventBridge.send(new CreateEventBusCommand({ Name: eventBus }));

  return {
    aws, clients, tables, queueUrls, dlqUrls, queueArns, dataBucket, eventBus,
    async stop() {
      clients.documents.destroy();
      dynamodb.destroy();
      clients.sqs.destroy();
      clients.s3.destroy();
      clients.eventBridge.destroy();
    },
  };
}

function createTableCommand(logical: TableName, physical: string): CreateTableCommand {
  const definition = LISTBACKUP_TABLES[logical] as (typeof LISTBACKUP_TABLES)[TableName];
  const attributes = new Map<string, string>();
  const keySchema = (partition: { name: string; type: string }, sort?: { name: string; type: string }): KeySchemaElement[] => {
    attributes.set(partition.name, partition.type);
    if (sort) attributes.set(sort.name, sort.type);
    return [{ AttributeName: partition.name, KeyType: 'HASH' }, ...(sort ? [{ AttributeName: sort.name, KeyType: 'RANGE' as const }] : [])];
  };
  const tableKeys = keySchema(definition.partitionKey, 'sortKey' in definition ? definition.sortKey : undefined);
  const indexes: GlobalSecondaryIndex[] = ('globalSecondaryIndexes' in definition ? definition.globalSecondaryIndexes : []).map((gsi) => ({
    IndexName: gsi.indexName,
    KeySchema: keySchema(gsi.partitionKey, 'sortKey' in gsi ? gsi.sortKey : undefined),
    Projection: { ProjectionType: 'ALL' },
  }));
  const attributeDefinitions: AttributeDefinition[] = [...attributes].map(([name, type]) => ({ AttributeName: name, AttributeType: type === 'N' ? 'N' : 'S' }));
  return new CreateTableCommand({
    TableName: physical,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: tableKeys,
    AttributeDefinitions: attributeDefinitions,
    GlobalSecondaryIndexes: indexes.length > 0 ? indexes : undefined,
  });
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const result = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return result.Attributes!.QueueArn!;
}
