import { randomUUID } from 'node:crypto';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { PRIORITY_SETTINGS, QueuePriority } from '@listbackup/sqs';
import { handleJobsRequest } from '../src/functions/jobs/jobs-api';
import { JOB_QUEUES, JOB_TYPES } from '../src/functions/jobs/job-types';
import { JOB_COMPLETED, JOB_EVENT_SOURCE, JobWorkerDeps, processJobBatch, resultKey } from '../src/functions/worker/job-worker';
import { drainQueue, httpEvent, pollQueue } from './support/events';
import { LocalInfrastructure, startLocalInfrastructure } from './support/local-infrastructure';

let infra: LocalInfrastructure;
let deps: JobWorkerDeps;
/** A standard queue subscribed to the bus: what the worker emits ends up here to be read back. */
let eventsQueueUrl: string;

beforeAll(async () => {
  infra = await startLocalInfrastructure();
  deps = {
    documents: infra.clients.documents,
    s3: infra.clients.s3,
    eventBridge: infra.clients.eventBridge,
    jobsTable: infra.tables.JobsTable,
    jobLogsTable: infra.tables.JobLogsTable,
    dataBucket: infra.dataBucket,
    eventBus: infra.eventBus,
  };
  eventsQueueUrl = (await infra.clients.sqs.send(new CreateQueueCommand({ QueueName: 'job-events-probe' }))).QueueUrl!;
  const probeArn = (await infra.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: eventsQueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  await infra.clients.eventBridge.send(new PutRuleCommand({ Name: 'job-events-probe', EventBusName: infra.eventBus, EventPattern: JSON.stringify({ source: [JOB_EVENT_SOURCE] }) }));
  await infra.clients.eventBridge.send(new PutTargetsCommand({ Rule: 'job-events-probe', EventBusName: infra.eventBus, Targets: [{ Id: 'probe', Arn: probeArn }] }));
});
afterAll(() => infra?.stop());
afterEach(() => jest.restoreAllMocks());
beforeEach(async () => {
  // The worker logs each failure; the tests assert on what it wrote to JobLogs instead.
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  for (const queue of ['SyncQueue', 'BackupQueue'] as const) {
    await drainQueue(infra.clients.sqs, infra.queueUrls[queue]);
    await drainQueue(infra.clients.sqs, infra.dlqUrls[queue]);
  }
  await drainQueue(infra.clients.sqs, eventsQueueUrl);
});

const worker = (event: SQSEvent) => processJobBatch(event, deps);

/** Creates a job through the real POST /jobs logic, so the worker sees exactly what it would in production. */
async function createJob(accountId: string, type: 'sync' | 'backup', sourceId = 'src-1'): Promise<string> {
  const response = await handleJobsRequest(
    httpEvent({ routeKey: 'POST /jobs', accountId, userId: 'user-1', body: JSON.stringify({ type, sourceId, priority: 'high' }) }),
    {
      documents: infra.clients.documents,
      sqs: infra.clients.sqs,
      jobsTable: infra.tables.JobsTable,
      queueUrls: Object.fromEntries(JOB_TYPES.map((t) => [t, infra.queueUrls[JOB_QUEUES[t]]])) as Record<(typeof JOB_TYPES)[number], string>,
    },
  );
  expect(response.statusCode).toBe(201);
  return JSON.parse(response.body!).job.jobId;
}

async function logsOf(jobId: string) {
  const result = await infra.clients.documents.send(new QueryCommand({
    TableName: infra.tables.JobLogsTable, KeyConditionExpression: 'jobId = :j', ExpressionAttributeValues: { ':j': jobId },
  }));
  return result.Items ?? [];
}

async function jobStatus(jobId: string) {
  return (await infra.clients.documents.send(new GetCommand({ TableName: infra.tables.JobsTable, Key: { jobId } }))).Item?.status;
}

test.each(['sync', 'backup'] as const)('a %s job: result object, completed status, job logs and a JobCompleted event', async (type) => {
  const accountId = `acct-${randomUUID()}`;
  const jobId = await createJob(accountId, type);
  const queue = JOB_QUEUES[type] as 'SyncQueue' | 'BackupQueue';

  const poll = await pollQueue(infra.clients.sqs, infra.queueUrls[queue], infra.queueArns[queue], worker);
  expect(poll).toEqual({ received: 1, failed: [] });

  const key = resultKey({ accountId, jobId });
  expect(key).toBe(`accounts/${accountId}/jobs/${jobId}/result.json`);
  const object = await infra.clients.s3.send(new GetObjectCommand({ Bucket: infra.dataBucket, Key: key }));
  expect(JSON.parse(await object.Body!.transformToString())).toMatchObject({ jobId, accountId, type, sourceId: 'src-1' });

  const job = (await infra.clients.documents.send(new GetCommand({ TableName: infra.tables.JobsTable, Key: { jobId } }))).Item;
  expect(job).toMatchObject({ status: 'completed', resultKey: key, completedAt: expect.any(Number) });

  const logs = await logsOf(jobId);
  expect(logs.map((l) => l.message)).toEqual([expect.stringMatching(/^started /), `completed: ${key}`]);
  expect(logs.every((l) => typeof l.ttl === 'number' && l.ttl > Date.now() / 1000)).toBe(true);

  const events = (await infra.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: eventsQueueUrl, MaxNumberOfMessages: 10 }))).Messages ?? [];
  expect(events).toHaveLength(1);
  const event = JSON.parse(events[0].Body!);
  expect(event).toMatchObject({ 'source': JOB_EVENT_SOURCE, 'detail-type': JOB_COMPLETED, 'detail': { jobId, accountId, status: 'completed', resultKey: key } });

  expect(await drainQueue(infra.clients.sqs, infra.queueUrls[queue])).toBe(0);
});

test('a poison message is retried up to the queue\'s receive count, then lands in the dead-letter queue', async () => {
  const maxReceiveCount = PRIORITY_SETTINGS[QueuePriority.HIGH].maxReceiveCount;
  await infra.clients.sqs.send(new SendMessageCommand({
    QueueUrl: infra.queueUrls.SyncQueue, MessageBody: '{"jobId": "job-1", "type": "sync"', MessageGroupId: 'acct-poison',
  }));
  const failures: string[][] = [];
  for (let attempt = 0; attempt < maxReceiveCount + 2; attempt++) {
    const poll = await pollQueue(infra.clients.sqs, infra.queueUrls.SyncQueue, infra.queueArns.SyncQueue, worker);
    if (poll.received === 0) break;
    failures.push(poll.failed);
  }
  expect(failures).toHaveLength(maxReceiveCount);
  expect(failures.every((f) => f.length === 1)).toBe(true);
  const dead = (await infra.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: infra.dlqUrls.SyncQueue, MaxNumberOfMessages: 10 }))).Messages ?? [];
  expect(dead.map((m) => m.Body)).toEqual(['{"jobId": "job-1", "type": "sync"']);
});

test('only the failed message of a batch returns to the queue', async () => {
  const good = `acct-${randomUUID()}`;
  const jobId = await createJob(good, 'backup');
  await infra.clients.sqs.send(new SendMessageCommand({
    QueueUrl: infra.queueUrls.BackupQueue,
    MessageBody: JSON.stringify({ jobId: 'job-missing', accountId: 'acct-other', userId: 'u', type: 'backup', sourceId: 's', priority: 'low' }),
    MessageGroupId: 'acct-other',
  }));
  const poll = await pollQueue(infra.clients.sqs, infra.queueUrls.BackupQueue, infra.queueArns.BackupQueue, worker);
  expect(poll.received).toBe(2);
  expect(poll.failed).toHaveLength(1);
  expect(await jobStatus(jobId)).toBe('completed');
  // The failure is explained in the job's own log.
  const logs = await logsOf('job-missing');
  expect(logs.at(-1)).toMatchObject({ level: 'ERROR', message: expect.stringContaining('job job-missing of account acct-other is not in the jobs table') });
  const remaining = (await infra.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: infra.queueUrls.BackupQueue, MaxNumberOfMessages: 10 }))).Messages ?? [];
  expect(remaining.map((m) => JSON.parse(m.Body!).jobId)).toEqual(['job-missing']);
});

test('after a failure, later messages of the same account are not run in that batch (FIFO order)', async () => {
  const accountId = `acct-${randomUUID()}`;
  await infra.clients.sqs.send(new SendMessageCommand({ QueueUrl: infra.queueUrls.SyncQueue, MessageBody: 'not json', MessageGroupId: accountId }));
  const jobId = await createJob(accountId, 'sync');
  const received = (await infra.clients.sqs.send(new ReceiveMessageCommand({
    QueueUrl: infra.queueUrls.SyncQueue, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'],
  }))).Messages ?? [];
  expect(received).toHaveLength(2);
  const response = await worker({
    Records: received.map((m) => ({
      messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body!, md5OfBody: m.MD5OfBody!,
      attributes: m.Attributes as SQSEvent['Records'][number]['attributes'], messageAttributes: {},
      eventSource: 'aws:sqs', eventSourceARN: infra.queueArns.SyncQueue, awsRegion: 'us-east-1',
    })),
  });
  expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(received.map((m) => m.MessageId));
  expect(await jobStatus(jobId)).toBe('queued');
  expect(await logsOf(jobId)).toHaveLength(0);
});
