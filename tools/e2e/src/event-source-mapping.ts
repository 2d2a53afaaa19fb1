import { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { DeleteMessageBatchCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig, Principal } from './credentials';
import { callAs, JourneyError } from './errors';
import { LocalFunction } from './local-lambda';

/** What one poll of a queue did. */
export interface PollOutcome {
  readonly received: Message[];
  readonly failedMessageIds: string[];
  readonly deleted: number;
}

/**
 * One poll of an SQS event source mapping, as Lambda's poller does it ("Using Lambda with Amazon
 * SQS"): receive up to the mapping's batch size with the function's execution role (so the role
 * needs `sqs:ReceiveMessage`, `sqs:DeleteMessage`, `sqs:GetQueueAttributes`), invoke the function
 * with the batch, and delete every message not reported in `batchItemFailures` (with
 * `ReportBatchItemFailures`; without it, any error keeps the whole batch).
 */
export async function pollOnce(options: {
  readonly mapping: EventSourceMappingConfiguration;
  readonly queueUrl: string;
  readonly fn: LocalFunction;
  readonly role: Principal;
  readonly endpoint: string;
}): Promise<PollOutcome> {
  const { mapping, fn, role, queueUrl } = options;
  const queueArn = mapping.EventSourceArn!;
  const region = queueArn.split(':')[3];
  const sqs = new SQSClient(clientConfig(options.endpoint, region, role));
  try {
    const received = (await callAs(role.name, `sqs:ReceiveMessage ${queueArn}`, 'sqs:ReceiveMessage', () => sqs.send(new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: Math.min(mapping.BatchSize ?? 10, 10),
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
      WaitTimeSeconds: 1,
    })))).Messages ?? [];
    if (received.length === 0) return { received, failedMessageIds: [], deleted: 0 };
    const event = {
      Records: received.map((m) => ({
        messageId: m.MessageId,
        receiptHandle: m.ReceiptHandle,
        body: m.Body,
        attributes: m.Attributes ?? {},
        messageAttributes: m.MessageAttributes ?? {},
        md5OfBody: m.MD5OfBody,
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: region,
      })),
    };
    const result = await fn.invoke(event, role);
    const reportsFailures = (mapping.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures');
    let failedMessageIds: string[];
    if (!result.ok) {
      failedMessageIds = received.map((m) => m.MessageId!);
    } else {
      failedMessageIds = reportsFailures
        ? ((result.result as { batchItemFailures?: Array<{ itemIdentifier: string }> } | null)?.batchItemFailures ?? []).map((f) => f.itemIdentifier)
        : [];
    }
    const succeeded = received.filter((m) => !failedMessageIds.includes(m.MessageId!));
    if (succeeded.length) {
      const out = await callAs(role.name, `sqs:DeleteMessageBatch ${queueArn}`, 'sqs:DeleteMessage', () => sqs.send(new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: succeeded.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      })));
      if (out.Failed?.length) {
        throw new JourneyError({ principal: role.name, call: `sqs:DeleteMessageBatch ${queueArn}` }, `could not delete: ${JSON.stringify(out.Failed)}`);
      }
    }
    if (!result.ok) {
      throw new JourneyError({ principal: role.name, call: `${fn.name} (SQS batch from ${queueArn})` },
        `the function failed: ${result.errorType}: ${result.errorMessage}\n${result.logs.trim().slice(-2000)}`);
    }
    return { received, failedMessageIds, deleted: succeeded.length };
  } finally {
    sqs.destroy();
  }
}
