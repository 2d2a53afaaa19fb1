import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { QUEUE_NAMES } from '@listbackup/sqs';
import { handleJobsRequest, JobsApiDeps } from '../src/functions/jobs/jobs-api';
import { JOB_QUEUES, JOB_TYPES } from '../src/functions/jobs/job-types';
import { drainQueue, httpEvent, HttpRequest } from './support/events';
import { LocalInfrastructure, startLocalInfrastructure } from './support/local-infrastructure';

let infra: LocalInfrastructure;
let deps: JobsApiDeps;

beforeAll(async () => {
  infra = await startLocalInfrastructure();
  deps = {
    documents: infra.clients.documents,
    sqs: infra.clients.sqs,
    jobsTable: infra.tables.JobsTable,
    queueUrls: Object.fromEntries(JOB_TYPES.map((type) => [type, infra.queueUrls[JOB_QUEUES[type]]])) as JobsApiDeps['queueUrls'],
  };
});
afterAll(() => infra?.stop());
beforeEach(async () => {
  for (const name of QUEUE_NAMES) await drainQueue(infra.clients.sqs, infra.queueUrls[name]);
});

const account = () => `acct-${randomUUID()}`;
const call = (request: HttpRequest) => handleJobsRequest(httpEvent({ userId: 'user-1', ...request }), deps);
const post = (accountId: string, body: unknown, headers?: Record<string, string>) =>
  call({ routeKey: 'POST /jobs', accountId, body: typeof body === 'string' ? body : JSON.stringify(body), headers });

async function jobsOf(accountId: string) {
  const result = await infra.clients.documents.send(new ScanCommand({
    TableName: infra.tables.JobsTable, FilterExpression: 'accountId = :a', ExpressionAttributeValues: { ':a': accountId },
  }));
  return result.Items ?? [];
}

async function messagesOn(queueUrl: string) {
  const result = await infra.clients.sqs.send(new ReceiveMessageCommand({
    QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageSystemAttributeNames: ['All'],
  }));
  return result.Messages ?? [];
}

describe('POST /jobs', () => {
  test('stores the job and sends it to the queue of its type, grouped by account', async () => {
    const accountId = account();
    const response = await post(accountId, { type: 'sync', sourceId: 'src-1', priority: 'high' }, { 'Idempotency-Key': 'k-1' });
    expect(response.statusCode).toBe(201);
    const { job } = JSON.parse(response.body!);
    expect(job).toMatchObject({ accountId, userId: 'user-1', type: 'sync', sourceId: 'src-1', priority: 'high', status: 'queued', idempotencyKey: 'k-1' });
    expect(job.requestHash).toBeUndefined();

    const stored = await infra.clients.documents.send(new GetCommand({ TableName: infra.tables.JobsTable, Key: { jobId: job.jobId } }));
    expect(stored.Item).toMatchObject({ jobId: job.jobId, accountId, status: 'queued', createdAt: expect.any(Number), enqueuedAt: expect.any(Number) });

    const [message, ...rest] = await messagesOn(infra.queueUrls.SyncQueue);
    expect(rest).toHaveLength(0);
    expect(JSON.parse(message.Body!)).toEqual({ jobId: job.jobId, accountId, userId: 'user-1', type: 'sync', sourceId: 'src-1', priority: 'high' });
    expect(message.Attributes?.MessageGroupId).toBe(accountId);
    expect(message.Attributes?.MessageDeduplicationId).toBe(job.jobId);
  });

  test.each(JOB_TYPES)('%s: the job goes to its own queue and no other', async (type) => {
    const response = await post(account(), { type, sourceId: 'src-2', priority: 'normal' });
    expect(response.statusCode).toBe(201);
    for (const queue of QUEUE_NAMES) {
      const messages = await messagesOn(infra.queueUrls[queue]);
      expect({ queue, count: messages.length }).toEqual({ queue, count: queue === JOB_QUEUES[type] ? 1 : 0 });
    }
  });

  test('a duplicate request with the same Idempotency-Key creates one job and one message', async () => {
    const accountId = account();
    const body = { type: 'backup', sourceId: 'src-3', priority: 'low' };
    const first = await post(accountId, body, { 'Idempotency-Key': 'retry-me' });
    const second = await post(accountId, body, { 'idempotency-key': 'retry-me' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.headers?.['idempotent-replayed']).toBe('true');
    expect(JSON.parse(second.body!).job.jobId).toBe(JSON.parse(first.body!).job.jobId);
    expect(await jobsOf(accountId)).toHaveLength(1);
    expect(await messagesOn(infra.queueUrls.BackupQueue)).toHaveLength(1);
  });

  test('without a key, an identical request is taken as a retry; a different one is a new job', async () => {
    const accountId = account();
    const a = await post(accountId, { type: 'export', sourceId: 'src-4', priority: 'normal' });
    const b = await post(accountId, { type: 'export', sourceId: 'src-4', priority: 'normal' });
    const c = await post(accountId, { type: 'export', sourceId: 'src-5', priority: 'normal' });
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([201, 200, 201]);
    expect(await jobsOf(accountId)).toHaveLength(2);
  });

  test('the same key for another request is a conflict and changes nothing', async () => {
    const accountId = account();
    await post(accountId, { type: 'sync', sourceId: 'src-6', priority: 'low' }, { 'Idempotency-Key': 'k-2' });
    const conflict = await post(accountId, { type: 'sync', sourceId: 'other', priority: 'low' }, { 'Idempotency-Key': 'k-2' });
    expect(conflict.statusCode).toBe(409);
    expect(JSON.parse(conflict.body!).message).toContain("Idempotency-Key 'k-2' was already used");
    const jobs = await jobsOf(accountId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].sourceId).toBe('src-6');
  });

  test('the same key in two accounts makes two jobs', async () => {
    const one = await post(account(), { type: 'sync', sourceId: 's', priority: 'low' }, { 'Idempotency-Key': 'shared' });
    const two = await post(account(), { type: 'sync', sourceId: 's', priority: 'low' }, { 'Idempotency-Key': 'shared' });
    expect([one.statusCode, two.statusCode]).toEqual([201, 201]);
    expect(JSON.parse(one.body!).job.jobId).not.toBe(JSON.parse(two.body!).job.jobId);
  });

  describe('rejected requests get 400 naming the field, and write nothing', () => {
    test.each([
      ['malformed JSON', '{"type": "sync",', ['body'], /not valid JSON/],
      ['a JSON array', '[1]', ['body'], /must be a JSON object/],
      ['no body', '', ['body'], /has no body/],
      ['an unknown type', { type: 'teleport', sourceId: 's', priority: 'low' }, ['type'], /type "teleport" is unknown: use one of sync, backup, export, analytics, maintenance/],
      ['a missing sourceId', { type: 'sync', priority: 'low' }, ['sourceId'], /sourceId is required/],
      ['missing type and priority', { sourceId: 's' }, ['type', 'priority'], /type is required.*priority is required/],
      ['a bad priority', { type: 'sync', sourceId: 's', priority: 9 }, ['priority'], /priority 9 is unknown/],
      ['an unknown field', { type: 'sync', sourceId: 's', priority: 'low', accountId: 'someone-else' }, ['accountId'], /accountId is not a field/],
    ])('%s', async (_case, body, fields, message) => {
      const accountId = account();
      const response = await post(accountId, body, { 'Idempotency-Key': `bad-${randomUUID()}` });
      expect(response.statusCode).toBe(400);
      const parsed = JSON.parse(response.body!);
      expect(parsed.errors.map((e: { field: string }) => e.field)).toEqual(fields);
      expect(parsed.message).toMatch(message);
      expect(await jobsOf(accountId)).toHaveLength(0);
      for (const queue of QUEUE_NAMES) expect(await messagesOn(infra.queueUrls[queue])).toHaveLength(0);
    });

    test('a malformed Idempotency-Key', async () => {
      const accountId = account();
      const response = await post(accountId, { type: 'sync', sourceId: 's', priority: 'low' }, { 'Idempotency-Key': 'has spaces' });
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body!).errors[0].field).toBe('Idempotency-Key');
      expect(await jobsOf(accountId)).toHaveLength(0);
    });
  });

  test('a token without the account claim is refused', async () => {
    const response = await call({ routeKey: 'POST /jobs', body: JSON.stringify({ type: 'sync', sourceId: 's', priority: 'low' }) });
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body!).message).toContain('custom:accountId');
  });

  test('an account claim that could step out of the account\'s prefix is refused, and nothing is stored', async () => {
    const response = await call({ routeKey: 'POST /jobs', accountId: '../other', userId: 'u-1', body: JSON.stringify({ type: 'sync', sourceId: 's', priority: 'low' }) });
    expect(response.statusCode).toBe(403);
    expect(await jobsOf('../other')).toHaveLength(0);
  });
});

describe('GET /jobs/{jobId}', () => {
  test('returns the caller\'s own job', async () => {
    const accountId = account();
    const created = JSON.parse((await post(accountId, { type: 'analytics', sourceId: 'src-7', priority: 'low' })).body!).job;
    const response = await call({ routeKey: 'GET /jobs/{jobId}', accountId, jobId: created.jobId });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!).job).toMatchObject({ jobId: created.jobId, accountId, type: 'analytics', status: 'queued' });
  });

  test('another account\'s job is 404, exactly like a missing one', async () => {
    const created = JSON.parse((await post(account(), { type: 'maintenance', sourceId: 'src-8', priority: 'low' })).body!).job;
    const foreign = await call({ routeKey: 'GET /jobs/{jobId}', accountId: account(), jobId: created.jobId });
    const missing = await call({ routeKey: 'GET /jobs/{jobId}', accountId: account(), jobId: 'job-does-not-exist' });
    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(JSON.parse(foreign.body!).message).toBe(`job ${created.jobId} not found`);
  });
});
