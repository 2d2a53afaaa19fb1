import { randomUUID } from 'node:crypto';
import { AdminCreateUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, ListTargetsByRuleCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ACCOUNT_ID_CLAIM, accountJobsPrefix, accountPrefix, accountUploadsPrefix } from '@listbackup/conventions/names';
import { invokeAsync } from './async-invocation';
import { Principal } from './credentials';
import { callAs, expectDenied, JourneyError } from './errors';
import { pollOnce } from './event-source-mapping';
import { ApiResponse } from './http-api';
import { JourneyContext, prepareContext } from './journey-context';
import { EmulatorAccess, identityPoolCredentials, signIn, SignedInUser } from './principals';

/** One step of the journey: a name that says what it proves (and what the emulator cannot). */
export interface JourneyStep {
  readonly name: string;
  /** Runs the step; resolves with a short note of what it saw. */
  run(): Promise<string>;
}

export interface JourneyOptions extends EmulatorAccess {
  readonly stage: string;
}

interface UserState {
  readonly accountId: string;
  readonly email: string;
  signedIn?: SignedInUser;
  principal?: Principal;
}

/**
 * One user's journey across every seam of a deployed stage, with the emulator's IAM enforcement on:
 * each call is signed by the principal that makes it in production (the user's identity-pool
 * session, each function's role, the operator), so a missing or excess permission fails the step
 * that needs it, naming who called what.
 */
export class Journey {
  /** Reads the deployment, creates the principals, then turns IAM enforcement on. */
  public static async start(options: JourneyOptions): Promise<Journey> {
    const runId = randomUUID().slice(0, 8);
    const context = await prepareContext(options, options.stage, runId);
    await context.emulator.setIamEnforcement(true);
    return new Journey(context, runId);
  }

  /** The steps, in order: each builds on the ones before. */
  private static readonly DEFINITIONS: ReadonlyArray<{ name: string; run: (journey: Journey) => Promise<string> }> = [
    { name: 'the operator invites a user into each of two accounts (AdminCreateUser with custom:accountId)', run: (j) => j.invite() },
    { name: 'each user signs in with SRP and chooses a password (the emulator checks neither SRP proofs nor passwords)', run: (j) => j.signInUsers() },
    { name: 'the identity pool exchanges each ID token for a session of the authenticated role tagged with the account', run: (j) => j.exchangeTokens() },
    { name: 'a user writes and reads their account\'s uploads through the bucket key (the bucket policy\'s TLS and KMS-only rules are not evaluated by the emulator)', run: (j) => j.ownUploads() },
    { name: 'a user is refused another account\'s prefix and the job-results area of their own', run: (j) => j.othersRefused() },
    { name: 'POST /jobs: the JWT authorizer admits the ID token and the jobs function stores and enqueues the job with its own role (its resource policy is read and checked here: the emulator does not evaluate it)', run: (j) => j.createJob() },
    { name: 'the HTTP API refuses a request without a token and one with a forged signature (401)', run: (j) => j.apiRefusals() },
    { name: 'the job worker receives the FIFO message with its role, writes the result and deletes the message', run: (j) => j.runWorker() },
    { name: 'GET /jobs/{jobId} shows the job completed, with the key of its result', run: (j) => j.jobCompleted() },
    { name: 'the user reads the result where the worker wrote it; the other account\'s user is refused it', run: (j) => j.readResult() },
    { name: 'JobCompleted reaches the bus: the job-events rule logs it and the activity rule hands it to the activity function', run: (j) => j.eventDelivered() },
    { name: 'the activity function records the event in ActivityTable with its role', run: (j) => j.recordActivity() },
    { name: 'an event the activity function cannot record is retried twice, then parked in its dead-letter queue with its role', run: (j) => j.deadLetter() },
    { name: 'each function\'s role is refused an action outside its policy (least privilege by execution)', run: (j) => j.leastPrivilege() },
  ];

  /** The names of the steps, before any runs (for a test runner that declares them first). */
  public static stepNames(): string[] {
    return Journey.DEFINITIONS.map((d) => d.name);
  }

  public readonly steps: JourneyStep[];
  private readonly users: { a: UserState; b: UserState };
  private jobId?: string;
  private resultKey?: string;

  private constructor(private readonly ctx: JourneyContext, runId: string) {
    this.users = {
      a: { accountId: `acct-a-${runId}`, email: `alice-${runId}@example.com` },
      b: { accountId: `acct-b-${runId}`, email: `bob-${runId}@example.com` },
    };
    this.steps = Journey.DEFINITIONS.map((d) => ({ name: d.name, run: () => d.run(this) }));
  }

  public get context(): JourneyContext {
    return this.ctx;
  }

  /** Turns IAM enforcement off again and releases what the journey made locally. */
  public async close(): Promise<void> {
    try {
      await this.ctx.emulator.setIamEnforcement(false);
    } finally {
      this.ctx.dispose();
    }
  }

  private async invite(): Promise<string> {
    const cognito = this.ctx.client(CognitoIdentityProviderClient, this.ctx.operator);
    for (const user of Object.values(this.users)) {
      await callAs(this.ctx.operator.name, `cognito-idp:AdminCreateUser ${user.email}`, 'cognito-idp:AdminCreateUser', () => cognito.send(new AdminCreateUserCommand({
        UserPoolId: this.ctx.deployment.userPoolId,
        Username: user.email,
        TemporaryPassword: temporaryPassword(),
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: user.email },
          { Name: 'email_verified', Value: 'true' },
          { Name: ACCOUNT_ID_CLAIM, Value: user.accountId },
        ],
      })));
    }
    return `${this.users.a.email} in ${this.users.a.accountId}, ${this.users.b.email} in ${this.users.b.accountId}`;
  }

  private async signInUsers(): Promise<string> {
    for (const user of Object.values(this.users)) {
      const session = await signIn(this.ctx.access, this.ctx.deployment.userPoolId, this.ctx.deployment.userPoolClientId, user.email, temporaryPassword(), `${temporaryPassword()}-own`);
      const idToken = session.getIdToken();
      const claims = idToken.decodePayload() as Record<string, unknown>;
      if (claims[ACCOUNT_ID_CLAIM] !== user.accountId) {
        throw new JourneyError({ principal: `user ${user.email}`, call: 'cognito-idp sign-in' },
          `the ID token carries ${ACCOUNT_ID_CLAIM}=${String(claims[ACCOUNT_ID_CLAIM])}, not ${user.accountId}: the web client must be allowed to read it`);
      }
      user.signedIn = { email: user.email, accountId: user.accountId, idToken: idToken.getJwtToken(), sub: String(claims.sub) };
    }
    return 'ID tokens carry custom:accountId';
  }

  private async exchangeTokens(): Promise<string> {
    const provider = `cognito-idp.${this.ctx.access.region}.amazonaws.com/${this.ctx.deployment.userPoolId}`;
    for (const user of Object.values(this.users)) {
      user.principal = await identityPoolCredentials(this.ctx.access, this.ctx.deployment.identityPoolId, provider, this.signedIn(user));
    }
    return 'two sessions of the authenticated role';
  }

  private async ownUploads(): Promise<string> {
    const { a } = this.users;
    const s3 = this.ctx.client(S3Client, this.principal(a));
    const key = `${accountUploadsPrefix(a.accountId)}hello.txt`;
    await callAs(this.principal(a).name, `s3:PutObject ${key}`, 's3:PutObject', () => s3.send(new PutObjectCommand({
      Bucket: this.ctx.deployment.dataBucket, Key: key, Body: 'hello from alice',
      ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.ctx.deployment.dataBucketKeyArn,
    })));
    const read = await callAs(this.principal(a).name, `s3:GetObject ${key}`, 's3:GetObject',
      () => s3.send(new GetObjectCommand({ Bucket: this.ctx.deployment.dataBucket, Key: key })));
    const text = await read.Body!.transformToString();
    if (text !== 'hello from alice') throw new JourneyError({ principal: this.principal(a).name, call: `s3:GetObject ${key}` }, `read back '${text}'`);
    const listed = await callAs(this.principal(a).name, `s3:ListBucket prefix ${accountPrefix(a.accountId)}`, 's3:ListBucket',
      () => s3.send(new ListObjectsV2Command({ Bucket: this.ctx.deployment.dataBucket, Prefix: accountPrefix(a.accountId) })));
    if (!(listed.Contents ?? []).some((o) => o.Key === key)) {
      throw new JourneyError({ principal: this.principal(a).name, call: 's3:ListBucket' }, `the listing of ${accountPrefix(a.accountId)} misses ${key}`);
    }
    return `${key} written (SSE-KMS), read back and listed`;
  }

  private async othersRefused(): Promise<string> {
    const { a, b } = this.users;
    const s3 = this.ctx.client(S3Client, this.principal(a));
    const bucket = this.ctx.deployment.dataBucket;
    const who = this.principal(a).name;
    const foreign = `${accountUploadsPrefix(b.accountId)}from-alice.txt`;
    await expectDenied(who, `s3:PutObject ${foreign}`, 's3:PutObject', () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: foreign, Body: 'x' })));
    await expectDenied(who, `s3:GetObject ${accountPrefix(b.accountId)}…`, 's3:GetObject',
      () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${accountUploadsPrefix(b.accountId)}anything.txt` })));
    await expectDenied(who, `s3:ListBucket prefix ${accountPrefix(b.accountId)}`, 's3:ListBucket',
      () => s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: accountPrefix(b.accountId) })));
    const results = `${accountJobsPrefix(a.accountId)}forged/result.json`;
    await expectDenied(who, `s3:PutObject ${results}`, 's3:PutObject', () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: results, Body: '{}' })));
    return 'put, get and list of another account refused; writing job results refused';
  }

  private async createJob(): Promise<string> {
    const response = await this.api('POST', '/jobs', this.users.a, { type: 'sync', sourceId: `source-${randomUUID().slice(0, 8)}`, priority: 'high' });
    if (response.statusCode !== 201) {
      throw new JourneyError({ principal: this.ctx.jobs.role.name, call: 'POST /jobs' }, `answered ${response.statusCode}: ${response.body} ${response.headers['x-local-error'] ?? ''}`);
    }
    const job = response.json<{ job: { jobId: string; status: string; accountId: string } }>().job;
    if (job.accountId !== this.users.a.accountId || job.status !== 'queued') {
      throw new JourneyError({ principal: this.ctx.jobs.role.name, call: 'POST /jobs' }, `the job is ${JSON.stringify(job)}: expected status queued for ${this.users.a.accountId}`);
    }
    this.jobId = job.jobId;
    return `${job.jobId} queued`;
  }

  private async apiRefusals(): Promise<string> {
    const body = JSON.stringify({ type: 'sync', sourceId: 'x', priority: 'low' });
    const none = await this.ctx.api.request({ method: 'POST', path: '/jobs', body }, (arn) => this.ctx.functionByArn(arn));
    const token = this.signedIn(this.users.a).idToken;
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${Buffer.from('not the signature').toString('base64url')}`;
    const bad = await this.ctx.api.request({ method: 'POST', path: '/jobs', headers: { Authorization: forged }, body }, (arn) => this.ctx.functionByArn(arn));
    for (const [what, r] of [['no token', none], ['a forged signature', bad]] as const) {
      if (r.statusCode !== 401) throw new JourneyError({ principal: 'anonymous client', call: 'POST /jobs' }, `with ${what} the API answered ${r.statusCode}, not 401`);
    }
    return '401 and 401';
  }

  private async runWorker(): Promise<string> {
    const { worker, deployment } = this.ctx;
    let seen = 0;
    // FIFO: this job's message may follow others of the same group; poll until it is processed.
    for (let poll = 0; poll < 5; poll++) {
      const outcome = await pollOnce({ mapping: worker.mapping, queueUrl: deployment.syncQueueUrl, fn: worker.fn, role: worker.role, endpoint: this.ctx.access.endpoint });
      if (outcome.failedMessageIds.length) {
        throw new JourneyError({ principal: worker.role.name, call: `${worker.fn.name} (SQS batch)` }, `reported failures for ${outcome.failedMessageIds.join(', ')}`);
      }
      seen += outcome.received.length;
      if (outcome.received.some((m) => JSON.parse(m.Body ?? '{}').jobId === this.jobId)) return `${seen} message(s) processed and deleted`;
    }
    throw new JourneyError({ principal: worker.role.name, call: `sqs:ReceiveMessage ${deployment.syncQueueArn}` }, `job ${this.jobId}'s message never arrived (${seen} other messages seen)`);
  }

  private async jobCompleted(): Promise<string> {
    const response = await this.api('GET', `/jobs/${this.jobId}`, this.users.a);
    const job = response.statusCode === 200 ? response.json<{ job: { status: string; resultKey?: string } }>().job : undefined;
    if (job?.status !== 'completed' || !job.resultKey) {
      throw new JourneyError({ principal: this.ctx.jobs.role.name, call: `GET /jobs/${this.jobId}` }, `answered ${response.statusCode}: ${response.body}`);
    }
    this.resultKey = job.resultKey;
    return `completed: ${job.resultKey}`;
  }

  private async readResult(): Promise<string> {
    const { a, b } = this.users;
    const bucket = this.ctx.deployment.dataBucket;
    const key = this.resultKey!;
    const read = await callAs(this.principal(a).name, `s3:GetObject ${key}`, 's3:GetObject',
      () => this.ctx.client(S3Client, this.principal(a)).send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    const result = JSON.parse(await read.Body!.transformToString()) as { jobId: string; accountId: string };
    if (result.jobId !== this.jobId || result.accountId !== a.accountId) {
      throw new JourneyError({ principal: this.principal(a).name, call: `s3:GetObject ${key}` }, `the result is ${JSON.stringify(result)}`);
    }
    await expectDenied(this.principal(b).name, `s3:GetObject ${key}`, 's3:GetObject',
      () => this.ctx.client(S3Client, this.principal(b)).send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    return `${a.email} read it; ${b.email} refused`;
  }

  private async eventDelivered(): Promise<string> {
    const { deployment, operator } = this.ctx;
    const events = this.ctx.client(EventBridgeClient, operator);
    const ruleName = deployment.jobEventsRuleArn.split('/').pop()!;
    const targets = (await events.send(new ListTargetsByRuleCommand({ Rule: ruleName, EventBusName: deployment.eventBusName }))).Targets ?? [];
    const logGroup = targets.map((t) => /:log-group:([^:]+)/.exec(t.Arn ?? '')?.[1]).find(Boolean);
    if (!logGroup) throw new JourneyError({ principal: operator.name, call: `events:ListTargetsByRule ${ruleName}` }, 'the job-events rule has no log-group target');
    const logged = await this.ctx.client(CloudWatchLogsClient, operator).send(new FilterLogEventsCommand({ logGroupName: logGroup }));
    const completed = (logged.events ?? []).map((e) => JSON.parse(e.message ?? '{}')).find((e) => e.detail?.jobId === this.jobId);
    if (completed?.['detail-type'] !== 'JobCompleted') {
      throw new JourneyError({ principal: operator.name, call: `logs:FilterLogEvents ${logGroup}` }, `no JobCompleted event of ${this.jobId} in the job-events log group`);
    }
    const deliveries = await this.ctx.emulator.takeLambdaDeliveries(this.ctx.activity.fn.arn);
    this.deliveredEvent = deliveries.map((d) => d.event).find((e) => (e.detail as { jobId?: string })?.jobId === this.jobId);
    if (!this.deliveredEvent) {
      throw new JourneyError({ principal: 'events.amazonaws.com', call: `rule ${this.ctx.activity.ruleArn} → ${this.ctx.activity.fn.name}` },
        `the activity rule did not deliver JobCompleted of ${this.jobId} (${deliveries.length} other deliveries)`);
    }
    return `logged in ${logGroup}; delivered to ${this.ctx.activity.fn.name}`;
  }

  private deliveredEvent?: Record<string, unknown>;

  private async recordActivity(): Promise<string> {
    const { activity, deployment, operator } = this.ctx;
    const outcome = await invokeAsync({ fn: activity.fn, role: activity.role, event: this.deliveredEvent, lambda: this.ctx.client(LambdaClient, operator), endpoint: this.ctx.access.endpoint, service: operator });
    const last = outcome.attempts[outcome.attempts.length - 1];
    if (!last.ok) {
      throw new JourneyError({ principal: activity.role.name, call: `${activity.fn.name} (JobCompleted)` }, `failed: ${last.errorType}: ${last.errorMessage}\n${last.logs.trim().slice(-1500)}`);
    }
    const items = await this.ctx.client(DynamoDBClient, operator).send(new QueryCommand({
      TableName: deployment.activityTable,
      KeyConditionExpression: 'accountId = :a',
      ExpressionAttributeValues: { ':a': { S: this.users.a.accountId } },
    }));
    const recorded = (items.Items ?? []).find((i) => i.eventId?.S === this.deliveredEvent!.id);
    if (!recorded || recorded.detailType?.S !== 'JobCompleted') {
      throw new JourneyError({ principal: operator.name, call: `dynamodb:Query ${deployment.activityTable}` }, `no activity item for event ${String(this.deliveredEvent!.id)}`);
    }
    return `activity ${recorded.eventId?.S} of ${this.users.a.accountId}`;
  }

  private async deadLetter(): Promise<string> {
    const { activity, deployment, operator } = this.ctx;
    // A producer bug: the account id is not a string. The rule matches (it only asks that the
    // field exists); the function refuses to file it under an account.
    const marker = randomUUID();
    const events = this.ctx.client(EventBridgeClient, operator);
    await callAs(operator.name, `events:PutEvents ${deployment.eventBusName}`, 'events:PutEvents', () => events.send(new PutEventsCommand({
      Entries: [{ EventBusName: deployment.eventBusName, Source: 'listbackup.jobs', DetailType: 'JobCompleted', Detail: JSON.stringify({ accountId: 42, marker }) }],
    })));
    const delivered = (await this.ctx.emulator.takeLambdaDeliveries(activity.fn.arn)).map((d) => d.event)
      .find((e) => (e.detail as { marker?: string })?.marker === marker);
    if (!delivered) throw new JourneyError({ principal: 'events.amazonaws.com', call: `rule ${activity.ruleArn}` }, 'the malformed event was not delivered to the activity function');
    const outcome = await invokeAsync({ fn: activity.fn, role: activity.role, event: delivered, lambda: this.ctx.client(LambdaClient, operator), endpoint: this.ctx.access.endpoint, service: operator });
    if (outcome.attempts.some((a) => a.ok)) throw new JourneyError({ principal: activity.role.name, call: activity.fn.name }, 'recorded an event whose account id is not a string');
    const dlqName = outcome.deadLetteredTo!.split(':').pop()!;
    const sqs = this.ctx.client(SQSClient, operator);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: dlqName }));
    const parked = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }))).Messages ?? [];
    const found = parked.find((m) => m.Body?.includes(marker));
    if (!found?.MessageAttributes?.ErrorMessage?.StringValue) {
      throw new JourneyError({ principal: operator.name, call: `sqs:ReceiveMessage ${dlqName}` }, 'the dead-letter queue does not hold the failed event with its error');
    }
    return `${outcome.attempts.length} attempts, then ${dlqName}: ${found.MessageAttributes.ErrorMessage.StringValue.slice(0, 80)}`;
  }

  private async leastPrivilege(): Promise<string> {
    const { jobs, worker, activity, deployment } = this.ctx;
    const checks: Array<[Principal, string, string, () => Promise<unknown>]> = [
      [jobs.role, `s3:PutObject ${deployment.dataBucket}/${accountJobsPrefix(this.users.a.accountId)}x`, 's3:PutObject',
        () => this.ctx.client(S3Client, jobs.role).send(new PutObjectCommand({ Bucket: deployment.dataBucket, Key: `${accountJobsPrefix(this.users.a.accountId)}x`, Body: '{}' }))],
      [jobs.role, `dynamodb:DeleteItem ${deployment.jobsTable}`, 'dynamodb:DeleteItem',
        () => this.ctx.client(DynamoDBClient, jobs.role).send(new DeleteItemCommand({ TableName: deployment.jobsTable, Key: { jobId: { S: this.jobId! } } }))],
      [worker.role, `dynamodb:DeleteItem ${deployment.jobsTable}`, 'dynamodb:DeleteItem',
        () => this.ctx.client(DynamoDBClient, worker.role).send(new DeleteItemCommand({ TableName: deployment.jobsTable, Key: { jobId: { S: this.jobId! } } }))],
      [worker.role, `s3:GetObject ${this.resultKey}`, 's3:GetObject',
        () => this.ctx.client(S3Client, worker.role).send(new GetObjectCommand({ Bucket: deployment.dataBucket, Key: this.resultKey! }))],
      [activity.role, `dynamodb:PutItem ${deployment.jobsTable}`, 'dynamodb:PutItem',
        () => this.ctx.client(DynamoDBClient, activity.role).send(new PutItemCommand({ TableName: deployment.jobsTable, Item: { jobId: { S: 'forged' } } }))],
      [activity.role, `sqs:SendMessage ${deployment.syncQueueArn}`, 'sqs:SendMessage',
        () => this.ctx.client(SQSClient, activity.role).send(new SendMessageCommand({ QueueUrl: deployment.syncQueueUrl, MessageBody: '{}', MessageGroupId: 'x' }))],
    ];
    for (const [principal, call, action, run] of checks) await expectDenied(principal.name, call, action, run);
    // And the job is still there: nothing above changed it.
    const job = await this.ctx.client(DynamoDBClient, this.ctx.operator).send(new GetItemCommand({ TableName: deployment.jobsTable, Key: { jobId: { S: this.jobId! } } }));
    if (!job.Item) throw new JourneyError({ principal: 'operator', call: `dynamodb:GetItem ${this.jobId}` }, 'the job is gone');
    return `${checks.length} actions refused`;
  }

  private api(method: string, path: string, user: UserState, body?: unknown): Promise<ApiResponse> {
    return this.ctx.api.request({
      method, path,
      headers: { Authorization: this.signedIn(user).idToken, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }, (arn) => this.ctx.functionByArn(arn));
  }

  private signedIn(user: UserState): SignedInUser {
    if (!user.signedIn) throw new JourneyError({ principal: `user ${user.email}`, call: 'sign-in' }, 'has not signed in: run the earlier steps first');
    return user.signedIn;
  }

  private principal(user: UserState): Principal {
    if (!user.principal) throw new JourneyError({ principal: `user ${user.email}`, call: 'identity pool' }, 'has no identity-pool session: run the earlier steps first');
    return user.principal;
  }
}

/** Cognito's default password policy needs lower, upper, digit and symbol, 12+ here. */
function temporaryPassword(): string {
  return 'Journey-Temp-1!';
}

