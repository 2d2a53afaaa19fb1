import { GetFunctionEventInvokeConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig, Principal } from './credentials';
import { callAs, JourneyError } from './errors';
import { InvocationResult, LocalFunction } from './local-lambda';

/** How one asynchronous event ended: recorded by the function, or parked after its last attempt. */
export interface AsyncOutcome {
  readonly attempts: InvocationResult[];
  /** Where the event went after the last failed attempt (the dead-letter queue's ARN). */
  readonly deadLetteredTo?: string;
}

/**
 * Lambda's asynchronous invocation, as EventBridge uses it for a Lambda target ("Asynchronous
 * invocation", "Error handling and automatic retries", "Dead-letter queues" in the Lambda developer
 * guide): one attempt, then up to `MaximumRetryAttempts` more (2 when the function has no event
 * invoke config); after the last failure the event goes to the function's dead-letter queue, sent
 * with the function's execution role (which therefore needs `sqs:SendMessage` on it), with the
 * `RequestID`, `ErrorCode` and `ErrorMessage` attributes. Without a dead-letter queue (or an
 * on-failure destination) Lambda discards the event: the journey reports that as a failure.
 */
export async function invokeAsync(options: {
  readonly fn: LocalFunction;
  readonly role: Principal;
  readonly event: unknown;
  readonly lambda: LambdaClient;
  readonly endpoint: string;
  /** The Lambda service's own calls (resolving the queue URL from its ARN). */
  readonly service: Principal;
}): Promise<AsyncOutcome> {
  const { fn, role, event } = options;
  const retries = await options.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: fn.name }))
    .then((c) => c.MaximumRetryAttempts ?? 2, () => 2);
  const attempts: InvocationResult[] = [];
  for (let attempt = 0; attempt <= retries; attempt++) {
    const result = await fn.invoke(event, role);
    attempts.push(result);
    if (result.ok) return { attempts };
  }
  const last = attempts[attempts.length - 1] as Extract<InvocationResult, { ok: false }>;
  const dlqArn = fn.configuration.DeadLetterConfig?.TargetArn;
  if (!dlqArn) {
    throw new JourneyError({ principal: 'lambda.amazonaws.com', call: `asynchronous invocation of ${fn.name}` },
      `the event failed ${attempts.length} attempts (${last.errorType}: ${last.errorMessage}) and the function has no dead-letter queue ` +
      'or on-failure destination: Lambda discards it and nothing records that it was lost');
  }
  if (!dlqArn.includes(':sqs:')) {
    throw new JourneyError({ principal: 'lambda.amazonaws.com', call: `dead-letter ${fn.name}` }, `the dead-letter target ${dlqArn} is not an SQS queue; only SQS is exercised here`);
  }
  const [, , , region, account, queueName] = dlqArn.split(':');
  const service = new SQSClient(clientConfig(options.endpoint, region, options.service));
  const sqs = new SQSClient(clientConfig(options.endpoint, region, role));
  try {
    const { QueueUrl } = await service.send(new GetQueueUrlCommand({ QueueName: queueName, QueueOwnerAWSAccountId: account }));
    await callAs(role.name, `sqs:SendMessage ${dlqArn} (dead-letter of ${fn.name})`, 'sqs:SendMessage', () => sqs.send(new SendMessageCommand({
      QueueUrl,
      MessageBody: JSON.stringify(event),
      MessageAttributes: {
        RequestID: { DataType: 'String', StringValue: last.requestId },
        ErrorCode: { DataType: 'Number', StringValue: '200' },
        ErrorMessage: { DataType: 'String', StringValue: last.errorMessage.slice(0, 1000) },
      },
    })));
  } finally {
    service.destroy();
    sqs.destroy();
  }
  return { attempts, deadLetteredTo: dlqArn };
}
