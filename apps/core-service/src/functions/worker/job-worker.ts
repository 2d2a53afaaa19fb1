import { PutEventsCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { EVENT_SOURCES, jobResultKey } from '@listbackup/conventions/names';
import { JobMessage } from '../jobs/job-types';
import { parseJobMessage } from './job-message';

export interface JobWorkerDeps {
  readonly documents: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly eventBridge: EventBridgeClient;
  readonly jobsTable: string;
  readonly jobLogsTable: string;
  readonly dataBucket: string;
  readonly eventBus: string;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Job log lines are kept this long; the table's TTL removes them afterwards. */
export const JOB_LOG_RETENTION_DAYS = 30;

/** The source and detail type of the event a finished job emits. */
export const JOB_EVENT_SOURCE = EVENT_SOURCES.jobs;
export const JOB_COMPLETED = 'JobCompleted';

/**
 * Where a job's result lives in the data bucket: under the account's own prefix, where the
 * account's signed-in users read it with their identity-pool credentials.
 */
export function resultKey(message: Pick<JobMessage, 'accountId' | 'jobId'>): string {
  return jobResultKey(message.accountId, message.jobId);
}

/**
 * Runs a batch from the Sync or Backup queue and reports the messages that failed, so only those
 * return to the queue (and, after the queue's receive count, to its dead-letter queue).
 *
 * FIFO order: once a message of an account's group fails, the later messages of that group in the
 * batch are reported as failed without running, as AWS requires for FIFO partial batch responses
 * ("Using Lambda with Amazon SQS", section on reporting batch item failures).
 */
export async function processJobBatch(event: SQSEvent, deps: JobWorkerDeps): Promise<SQSBatchResponse> {
  const failedGroups = new Set<string>();
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const group = record.attributes.MessageGroupId ?? '';
    if (failedGroups.has(group)) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      await processRecord(record, deps);
    } catch (error) {
      failedGroups.add(group);
      batchItemFailures.push({ itemIdentifier: record.messageId });
      console.error(JSON.stringify({ message: 'job failed', messageId: record.messageId, error: (error as Error).message }));
    }
  }
  return { batchItemFailures };
}

async function processRecord(record: SQSRecord, deps: JobWorkerDeps): Promise<void> {
  const message = parseJobMessage(record.body);
  const now = deps.now ?? Date.now;
  const attempt = Number(record.attributes.ApproximateReceiveCount ?? '1');
  await log(deps, message, now(), `started ${message.type} of source ${message.sourceId} (attempt ${attempt})`);
  try {
    const key = resultKey(message);
    const completedAt = now();
    await deps.s3.send(new PutObjectCommand({
      Bucket: deps.dataBucket,
      Key: key,
      ContentType: 'application/json',
      Body: JSON.stringify({ jobId: message.jobId, accountId: message.accountId, type: message.type, sourceId: message.sourceId, completedAt }),
    }));
    // The condition makes a message for a job that is not in the table (or is another account's)
    // a failure instead of silently creating a half item.
    await deps.documents.send(new UpdateCommand({
      TableName: deps.jobsTable,
      Key: { jobId: message.jobId },
      UpdateExpression: 'SET #status = :completed, completedAt = :at, resultKey = :key REMOVE #error',
      ConditionExpression: 'attribute_exists(jobId) AND accountId = :account',
      ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
      ExpressionAttributeValues: { ':completed': 'completed', ':at': completedAt, ':key': key, ':account': message.accountId },
    })).catch((error) => {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        throw new Error(`job ${message.jobId} of account ${message.accountId} is not in the jobs table`);
      }
      throw error;
    });
    const put = await deps.eventBridge.send(new PutEventsCommand({
      Entries: [{
        EventBusName: deps.eventBus,
        Source: JOB_EVENT_SOURCE,
        DetailType: JOB_COMPLETED,
        Detail: JSON.stringify({ jobId: message.jobId, accountId: message.accountId, userId: message.userId, type: message.type, sourceId: message.sourceId, status: 'completed', resultKey: key }),
      }],
    }));
    if ((put.FailedEntryCount ?? 0) > 0) {
      throw new Error(`the event bus refused the ${JOB_COMPLETED} event: ${put.Entries?.[0]?.ErrorCode} ${put.Entries?.[0]?.ErrorMessage}`);
    }
    await log(deps, message, now(), `completed: ${key}`);
  } catch (error) {
    await log(deps, message, now(), `failed: ${(error as Error).message}`, 'ERROR').catch(() => undefined);
    throw error;
  }
}

/**
 * One JobLogs line. The sort key is a millisecond timestamp; two lines in the same millisecond get
 * the next free one, so neither overwrites the other.
 */
async function log(deps: JobWorkerDeps, message: JobMessage, timestamp: number, text: string, level: 'INFO' | 'ERROR' = 'INFO'): Promise<void> {
  const ttl = Math.floor(timestamp / 1000) + JOB_LOG_RETENTION_DAYS * 24 * 3600;
  for (let offset = 0; offset < 50; offset++) {
    try {
      await deps.documents.send(new PutCommand({
        TableName: deps.jobLogsTable,
        Item: { jobId: message.jobId, timestamp: timestamp + offset, accountId: message.accountId, level, message: text, ttl },
        ConditionExpression: 'attribute_not_exists(jobId)',
      }));
      return;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
  throw new Error(`could not find a free log timestamp for job ${message.jobId} near ${timestamp}`);
}
