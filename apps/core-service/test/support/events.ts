import { randomUUID } from 'node:crypto';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { HttpEvent } from '../../src/functions/jobs/http';

export interface HttpRequest {
  readonly routeKey: 'POST /jobs' | 'GET /jobs/{jobId}';
  readonly accountId?: string;
  readonly userId?: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly jobId?: string;
}

/** An HTTP API (payload 2.0) event as API Gateway sends it after the Cognito JWT authorizer accepted the token. */
export function httpEvent(request: HttpRequest): HttpEvent {
  const [method, path] = request.routeKey.split(' ');
  const rawPath = request.jobId ? `/jobs/${request.jobId}` : path;
  const claims: Record<string, string> = { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test', token_use: 'id' };
  if (request.accountId !== undefined) claims['custom:accountId'] = request.accountId;
  if (request.userId !== undefined) claims.sub = request.userId;
  return {
    version: '2.0',
    routeKey: request.routeKey,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'api.example.com', ...Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])) },
    pathParameters: request.jobId ? { jobId: request.jobId } : undefined,
    body: request.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api123',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      requestId: randomUUID(),
      routeKey: request.routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'jest' },
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } },
    },
  } as HttpEvent;
}

/**
 * Does what Lambda's SQS event source does for one poll (AWS docs, "Using Lambda with Amazon SQS"):
 * receive a batch, hand it to the function as an SQS event, delete the messages that did not fail.
 * `visibilityTimeout` 0 lets a failed message be received again at once, which the test needs to
 * reach the queue's receive count without waiting minutes.
 */
export async function pollQueue(
  sqs: SQSClient, queueUrl: string, queueArn: string,
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>,
  options: { visibilityTimeout?: number } = {},
): Promise<{ received: number; failed: string[] }> {
  const received = await sqs.send(new ReceiveMessageCommand({
    QueueUrl: queueUrl,
    MaxNumberOfMessages: 10,
    VisibilityTimeout: options.visibilityTimeout ?? 0,
    MessageSystemAttributeNames: ['All'],
    WaitTimeSeconds: 0,
  }));
  const messages = received.Messages ?? [];
  if (messages.length === 0) return { received: 0, failed: [] };
  const event: SQSEvent = {
    Records: messages.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body!,
      attributes: m.Attributes as SQSEvent['Records'][number]['attributes'],
      messageAttributes: {},
      md5OfBody: m.MD5OfBody!,
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
  const response = await handler(event);
  const failed = response.batchItemFailures.map((f) => f.itemIdentifier);
  const done = messages.filter((m) => !failed.includes(m.MessageId!));
  if (done.length > 0) {
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
  return { received: messages.length, failed };
}

/** Empties a queue by receiving and deleting (PurgeQueue is allowed once a minute per queue). */
export async function drainQueue(sqs: SQSClient, queueUrl: string): Promise<number> {
  let drained = 0;
  for (;;) {
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const messages = received.Messages ?? [];
    if (messages.length === 0) return drained;
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    drained += messages.length;
  }
}
