import { createHash } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { bodyText, callerOf, Caller, header, HttpEvent, HttpResult, json } from './http';
import { parseJobRequest, JobRequest } from './job-request';
import { Job, JobMessage, JobType } from './job-types';

export interface JobsApiDeps {
  readonly documents: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly jobsTable: string;
  /** The queue URL for each job type. */
  readonly queueUrls: Readonly<Record<JobType, string>>;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * Without an `Idempotency-Key` header, identical requests of one account within this window are
 * taken as retries of one job (a double click, a client retry after a timeout).
 */
export const DERIVED_KEY_WINDOW_MS = 10 * 60 * 1000;

const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/** `POST /jobs` and `GET /jobs/{jobId}`. */
export async function handleJobsRequest(event: HttpEvent, deps: JobsApiDeps): Promise<HttpResult> {
  const caller = callerOf(event);
  if (!caller) {
    return json(403, { message: 'the token carries no custom:accountId or sub claim: sign in with a ListBackup user that belongs to an account' });
  }
  const method = event.requestContext.http.method;
  if (method === 'POST' && event.routeKey === 'POST /jobs') return createJob(event, caller, deps);
  if (method === 'GET' && event.routeKey === 'GET /jobs/{jobId}') return getJob(event.pathParameters?.jobId, caller, deps);
  return json(404, { message: `no route ${event.routeKey}` });
}

async function createJob(event: HttpEvent, caller: Caller, deps: JobsApiDeps): Promise<HttpResult> {
  const parsed = parseJobRequest(bodyText(event));
  if (!parsed.ok) {
    return json(400, { message: `invalid job request: ${parsed.errors.map((e) => e.message).join('; ')}`, errors: parsed.errors });
  }
  const explicitKey = header(event, 'Idempotency-Key');
  if (explicitKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(explicitKey)) {
    return json(400, {
      message: 'invalid Idempotency-Key header: use 1–128 letters, digits or _.:-',
      errors: [{ field: 'Idempotency-Key', message: 'use 1–128 letters, digits or _.:-' }],
    });
  }
  const now = (deps.now ?? Date.now)();
  const request = parsed.request;
  const requestHash = sha256(JSON.stringify([request.type, request.sourceId, request.priority]));
  const idempotencyKey = explicitKey ?? `derived-${requestHash.slice(0, 16)}-${Math.floor(now / DERIVED_KEY_WINDOW_MS)}`;
  // The job id is a function of the account and the key: a retry computes the same id, and the
  // conditional put below lets only the first request create it.
  const jobId = `job-${sha256(`${caller.accountId}\n${idempotencyKey}`).slice(0, 32)}`;

  const job: Job = {
    jobId,
    accountId: caller.accountId,
    userId: caller.userId,
    ...request,
    status: 'pending',
    createdAt: now,
    scheduledAt: now,
    idempotencyKey,
    requestHash,
  };
  let stored: Job = job;
  let created = true;
  try {
    await deps.documents.send(new PutCommand({ TableName: deps.jobsTable, Item: job, ConditionExpression: 'attribute_not_exists(jobId)' }));
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    created = false;
    const existing = await deps.documents.send(new GetCommand({ TableName: deps.jobsTable, Key: { jobId }, ConsistentRead: true }));
    stored = existing.Item as Job;
    if (stored.requestHash !== requestHash) {
      return json(409, {
        message: `Idempotency-Key '${idempotencyKey}' was already used for a different job request (${stored.jobId}): use a new key for a new job`,
      });
    }
  }
  // Enqueue unless an earlier attempt did: a request that stored the job and then failed before
  // sending it is completed by its retry, and the FIFO deduplication id stops a double send.
  if (stored.enqueuedAt === undefined) {
    stored = await enqueue(stored, deps, now);
  }
  return json(created ? 201 : 200, { job: publicView(stored) }, created ? {} : { 'idempotent-replayed': 'true' });
}

async function enqueue(job: Job, deps: JobsApiDeps, now: number): Promise<Job> {
  const message: JobMessage = {
    jobId: job.jobId,
    accountId: job.accountId,
    userId: job.userId,
    type: job.type,
    sourceId: job.sourceId,
    priority: job.priority,
  };
  await deps.sqs.send(new SendMessageCommand({
    QueueUrl: deps.queueUrls[job.type],
    MessageBody: JSON.stringify(message),
    // One group per account: an account's jobs run in order, accounts do not wait for each other.
    MessageGroupId: job.accountId,
    MessageDeduplicationId: job.jobId,
  }));
  const updated = await deps.documents.send(new UpdateCommand({
    TableName: deps.jobsTable,
    Key: { jobId: job.jobId },
    UpdateExpression: 'SET #status = :queued, enqueuedAt = :now',
    ConditionExpression: '#status = :pending',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':queued': 'queued', ':pending': 'pending', ':now': now },
    ReturnValues: 'ALL_NEW',
  })).catch((error) => {
    // The worker may already have finished the job: its status is then the newer truth.
    if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  });
  return (updated?.Attributes as Job | undefined) ?? { ...job, status: 'queued', enqueuedAt: now };
}

async function getJob(jobId: string | undefined, caller: Caller, deps: JobsApiDeps): Promise<HttpResult> {
  if (!jobId) return json(400, { message: 'the path has no job id: GET /jobs/{jobId}', errors: [{ field: 'jobId', message: 'required' }] });
  const result = await deps.documents.send(new GetCommand({ TableName: deps.jobsTable, Key: { jobId } }));
  const job = result.Item as Job | undefined;
  // Another account's job answers exactly like a missing one: its existence is not disclosed.
  if (!job || job.accountId !== caller.accountId) return json(404, { message: `job ${jobId} not found` });
  return json(200, { job: publicView(job) });
}

/** What a client sees of a job: not the hash that guards idempotency. */
function publicView(job: Job): Omit<Job, 'requestHash'> {
  const { requestHash: _hidden, ...rest } = job;
  return rest;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export type { JobRequest };
