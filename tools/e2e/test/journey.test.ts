import { randomBytes, randomUUID } from 'node:crypto';
import { ApiGatewayV2Client, GetAuthorizerCommand, GetRoutesCommand } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient, paginateListExports } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import {
  AdminCreateUserCommand, CognitoIdentityProviderClient, InitiateAuthCommand, RespondToAuthChallengeCommand, SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { COGNITO_CONTRACT } from '@listbackup/cognito';
import { accountPrefix, accountUploadsPrefix, EVENT_SOURCES } from '@listbackup/conventions';
import { CORE_SERVICE_CONTRACT } from '@listbackup/core-service';
import { DYNAMODB_CONTRACT } from '@listbackup/dynamodb';
import { EVENTBRIDGE_CONTRACT } from '@listbackup/eventbridge';
import { backgroundStatus, lambdaDeliveries, localAwsEnv, setIamEnforcement } from '@listbackup/local-aws';
import { CORE_SERVICE_PROJECT, findRepositoryRoot, STACK_PROJECTS, stackAssemblies } from '@listbackup/repository';
import { S3_CONTRACT } from '@listbackup/s3';
import {
  assumeRole, callerArn, Credentials, DeployedFunction, deployedFunctions, Endpoint, Invoke, jwtClaims, Principal, refused, runInProcess, step,
} from '../src';
import { sharedDeployment, STAGE } from './support/deployment';

/*
 * One user journey across every seam of the deployed system, with the emulator's IAM enforcement
 * on: each call is signed with the credentials of the principal that makes it in production (the
 * user's identity-pool session, each function's role) and evaluated against that principal's
 * identity policies with resource ARNs, policy variables and principal tags
 * (tools/local-aws/launcher/listbackup_local_aws/iam.py).
 *
 * Target: `LISTBACKUP_JOURNEY_TARGET=running` (what `npx projen e2e:local` sets) runs against the
 * emulator `npx projen deploy:local` left running; otherwise against the emulator and the deploy of
 * the six synthesized stacks that the run's global setup made (test/support/deployment.ts).
 *
 * What the emulator does not evaluate, so this journey cannot prove: resource policies (the data
 * bucket's TLS-only policy, the queue and bus policies), KMS key policies, the Lambda roles' trust
 * policies (the emulator's root user assumes them in Lambda's place), the SRP password proof, the
 * API's JWT authorizer (API Gateway is not emulated; the test checks the token's issuer and
 * audience against the deployed authorizer), and Lambda itself (moto runs no function code without
 * Docker: each function's deployed bundle runs in this process with its configured environment).
 */
const root = findRepositoryRoot(__dirname);
const ASSEMBLIES = stackAssemblies(root);
const CORE_ASSEMBLY = ASSEMBLIES[STACK_PROJECTS.indexOf(CORE_SERVICE_PROJECT)];
const RUN = randomBytes(4).toString('hex');
const PASSWORD = `Journey-${RUN}-Passw0rd!`;

let at: Endpoint;
let admin: Credentials;
const stageExports = new Map<string, string>();
const exported = (name: string) => {
  const value = stageExports.get(name);
  if (!value) throw new Error(`export ${name} is missing: is stage '${STAGE}' deployed? (npx projen deploy:local)`);
  return value;
};
let fns: Record<'jobs' | 'worker' | 'activity', DeployedFunction>;
let roles: Record<'jobs' | 'worker' | 'activity', Principal>;

beforeAll(async () => {
  if (process.env.LISTBACKUP_JOURNEY_TARGET === 'running') {
    const state = await backgroundStatus();
    if (!state) throw new Error('no local AWS is running: run `npx projen deploy:local` first (it starts one and deploys the six stacks)');
    at = { endpoint: state.endpoint, region: localAwsEnv(state.endpoint).AWS_REGION };
    admin = { accessKeyId: localAwsEnv(state.endpoint).AWS_ACCESS_KEY_ID, secretAccessKey: localAwsEnv(state.endpoint).AWS_SECRET_ACCESS_KEY };
  } else {
    const { endpoint, env } = sharedDeployment();
    at = { endpoint, region: env.AWS_REGION };
    admin = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  }
  const cfn = new CloudFormationClient({ ...at, credentials: admin });
  for await (const page of paginateListExports({ client: cfn }, {})) for (const e of page.Exports ?? []) stageExports.set(e.Name!, e.Value!);
  cfn.destroy();

  const deployed = await deployedFunctions(at, admin, CORE_SERVICE_CONTRACT.stackName(STAGE), CORE_ASSEMBLY);
  const byLogicalId = (prefix: string) => {
    const found = deployed.find((f) => f.logicalId.startsWith(prefix) && !f.logicalId.startsWith(`${prefix}Worker`));
    if (!found) throw new Error(`the core service has no deployed function ${prefix}*: ${deployed.map((f) => f.logicalId).join(', ')}`);
    return found;
  };
  fns = { jobs: byLogicalId('JobsFunction'), worker: byLogicalId('JobWorkerFunction'), activity: byLogicalId('ActivityFunction') };
  // What Lambda does before it runs a function: take credentials of its execution role. On the
  // emulator its root user assumes the role in Lambda's place (the trust policy is not evaluated).
  roles = {
    jobs: await assumeRole(at, admin, fns.jobs.roleArn, 'jobs'),
    worker: await assumeRole(at, admin, fns.worker.roleArn, 'job-worker'),
    activity: await assumeRole(at, admin, fns.activity.roleArn, 'activity'),
  };
  await setIamEnforcement(at.endpoint, true);
}, 300_000);

afterAll(async () => {
  if (at) await setIamEnforcement(at.endpoint, false).catch(() => undefined);
});

/** Loads a function bundle with a module registry of its own (as each Lambda execution environment has). */
function load(file: string): any {
  let loaded: any;
  jest.isolateModules(() => { loaded = require(file); });
  return loaded;
}

interface User {
  readonly email: string;
  readonly accountId: string;
  idToken?: string;
  claims?: Record<string, any>;
  identityId?: string;
  session?: Principal;
}

const users: Record<'alice' | 'bob', User> = {
  alice: { email: `alice-${RUN}@example.com`, accountId: `acct-a-${RUN}` },
  bob: { email: `bob-${RUN}@example.com`, accountId: `acct-b-${RUN}` },
};

const anonymous = 'an unauthenticated client';
const s3For = (p: Principal) => new S3Client({ ...at, credentials: p.credentials, forcePathStyle: true });
const dataBucket = () => exported(S3_CONTRACT.exportName(STAGE, 'DataBucketName'));
const providerName = () => `cognito-idp.${at.region}.amazonaws.com/${exported(COGNITO_CONTRACT.exportName(STAGE, 'CognitoUserPoolId'))}`;

/** The back end creates the user with their account; the user signs in with SRP and sets a password. */
async function signIn(user: User): Promise<void> {
  const userPoolId = exported(COGNITO_CONTRACT.exportName(STAGE, 'CognitoUserPoolId'));
  const clientId = exported(COGNITO_CONTRACT.exportName(STAGE, 'CognitoUserPoolClientId'));
  const idpAdmin = new CognitoIdentityProviderClient({ ...at, credentials: admin });
  const idp = new CognitoIdentityProviderClient({ ...at, credentials: admin });
  try {
    await step('the back end (root user)', `cognito-idp:AdminCreateUser ${user.email}`, () => idpAdmin.send(new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: user.email,
      TemporaryPassword: `Temp-${RUN}-Passw0rd!`,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: user.email }, { Name: 'email_verified', Value: 'true' }, { Name: 'custom:accountId', Value: user.accountId },
      ],
    })));
    const challenge = await step(anonymous, `cognito-idp:InitiateAuth USER_SRP_AUTH ${user.email}`, () => idp.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: user.email, SRP_A: randomBytes(384).toString('hex') },
    })));
    expect(challenge.ChallengeName).toBe('PASSWORD_VERIFIER');
    const username = challenge.ChallengeParameters!.USERNAME;
    const verified = await step(anonymous, 'cognito-idp:RespondToAuthChallenge PASSWORD_VERIFIER', () => idp.send(new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: {
        USERNAME: username,
        PASSWORD_CLAIM_SECRET_BLOCK: challenge.ChallengeParameters!.SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: randomBytes(32).toString('base64'),
        TIMESTAMP: new Date().toUTCString(),
      },
    })));
    expect(verified.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const signedIn = await step(anonymous, 'cognito-idp:RespondToAuthChallenge NEW_PASSWORD_REQUIRED', () => idp.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: verified.Session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: PASSWORD },
    })));
    user.idToken = signedIn.AuthenticationResult!.IdToken!;
    user.claims = jwtClaims(user.idToken);
  } finally {
    idpAdmin.destroy();
    idp.destroy();
  }
}

/** ID token → identity id → credentials of the identity pool's authenticated role (both calls unsigned, as in AWS). */
async function identityPoolCredentials(user: User): Promise<void> {
  const identityPoolId = exported(COGNITO_CONTRACT.exportName(STAGE, 'CognitoIdentityPoolId'));
  const identity = new CognitoIdentityClient({ ...at, credentials: admin });
  try {
    const logins = { [providerName()]: user.idToken! };
    const { IdentityId } = await step(anonymous, `cognito-identity:GetId ${user.email}`, () => identity.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: logins })));
    const { Credentials: c } = await step(anonymous, `cognito-identity:GetCredentialsForIdentity ${IdentityId}`,
      () => identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins })));
    const credentials = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretKey!, sessionToken: c!.SessionToken! };
    user.identityId = IdentityId;
    user.session = { arn: await callerArn(at, credentials), credentials };
  } finally {
    identity.destroy();
  }
}

function httpEvent(routeKey: string, user: User, options: { body?: unknown; pathParameters?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const [method, rawPath] = routeKey.split(' ');
  const pathValue = options.pathParameters ? rawPath.replace(/\{(\w+)\}/g, (_, name) => options.pathParameters![name]) : rawPath;
  // What the JWT authorizer hands the integration: the verified token's claims, as strings.
  const claims = Object.fromEntries(Object.entries(user.claims!).map(([k, v]) => [k, String(v)]));
  return {
    version: '2.0', routeKey, rawPath: pathValue, rawQueryString: '',
    headers: { 'content-type': 'application/json', ...options.headers },
    pathParameters: options.pathParameters,
    requestContext: {
      accountId: '123456789012', apiId: exported(CORE_SERVICE_CONTRACT.exportName(STAGE, 'HttpApiId')), domainName: 'local', domainPrefix: 'local',
      http: { method, path: pathValue, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'listbackup-journey' },
      requestId: randomUUID(), routeKey, stage: '$default', time: new Date().toISOString(), timeEpoch: Date.now(),
      authorizer: { jwt: { claims, scopes: null } },
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
}

let jobsHandler: Invoke;
let job: { jobId: string; resultKey?: string; status: string };
let delivered: Record<string, any>;

describe('a user journey against the deployed stage, IAM enforced (identity policies; resource, key and Lambda trust policies are not evaluated by the emulator)', () => {
  test('the pool refuses self sign-up and every flow but SRP; the back end creates two users, each signs in with SRP (the emulator does not check the SRP password proof)', async () => {
    const clientId = exported(COGNITO_CONTRACT.exportName(STAGE, 'CognitoUserPoolClientId'));
    const idp = new CognitoIdentityProviderClient({ ...at, credentials: admin });
    try {
      await expect(idp.send(new SignUpCommand({ ClientId: clientId, Username: `mallory-${RUN}@example.com`, Password: PASSWORD })))
        .rejects.toThrow(/SignUp is not permitted for this user pool/);
      await expect(idp.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'x', PASSWORD } })))
        .rejects.toThrow(/USER_PASSWORD_AUTH flow not enabled for this client/);
    } finally {
      idp.destroy();
    }
    await signIn(users.alice);
    await signIn(users.bob);
    expect(users.alice.claims).toMatchObject({ 'token_use': 'id', 'custom:accountId': users.alice.accountId, 'aud': clientId, 'iss': `https://${providerName()}` });
  });

  test('ID token → identity pool credentials: a session of the authenticated role, tagged with the user\'s account', async () => {
    await identityPoolCredentials(users.alice);
    await identityPoolCredentials(users.bob);
    expect(users.alice.session!.arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/[^/]*AuthenticatedRole[^/]*\/CognitoIdentityCredentials$/);
    expect(users.alice.identityId).not.toBe(users.bob.identityId);
  });

  test('each user writes and reads under their own account\'s prefix, and is refused the other account\'s', async () => {
    const bucket = dataBucket();
    for (const user of [users.alice, users.bob]) {
      const s3 = s3For(user.session!);
      const key = `${accountUploadsPrefix(user.accountId)}notes.txt`;
      await step(user.session!, `s3:PutObject s3://${bucket}/${key}`, () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `notes of ${user.email}` })));
      const read = await step(user.session!, `s3:GetObject s3://${bucket}/${key}`, () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
      expect(await read.Body!.transformToString()).toBe(`notes of ${user.email}`);
      const listed = await step(user.session!, `s3:ListBucket ${accountPrefix(user.accountId)}`,
        () => s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: accountPrefix(user.accountId) })));
      expect(listed.Contents?.map((o) => o.Key)).toContain(key);
      s3.destroy();
    }
    const alice = users.alice.session!;
    const s3 = s3For(alice);
    const bobsNotes = `${accountUploadsPrefix(users.bob.accountId)}notes.txt`;
    await refused(alice, `s3:GetObject s3://${bucket}/${bobsNotes}`, 's3:GetObject', () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: bobsNotes })));
    await refused(alice, `s3:PutObject into bob's uploads`, 's3:PutObject',
      () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${accountUploadsPrefix(users.bob.accountId)}forged.txt`, Body: 'x' })));
    await refused(alice, `s3:ListBucket ${accountPrefix(users.bob.accountId)}`, 's3:ListBucket',
      () => s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: accountPrefix(users.bob.accountId) })));
    // Her results are the worker's to write: her own uploads/ only.
    await refused(alice, 's3:PutObject into her own jobs/', 's3:PutObject',
      () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${accountPrefix(users.alice.accountId)}jobs/forged/result.json`, Body: '{}' })));
    s3.destroy();
  });

  test('POST /jobs: the jobs function\'s bundle, run in-process with its deployed environment and role, stores and enqueues the job (API Gateway is not emulated: the token\'s issuer and audience are checked against the deployed authorizer)', async () => {
    const apis = new ApiGatewayV2Client({ ...at, credentials: admin });
    const apiId = exported(CORE_SERVICE_CONTRACT.exportName(STAGE, 'HttpApiId'));
    const { Items: routes = [] } = await apis.send(new GetRoutesCommand({ ApiId: apiId }));
    const Items = await Promise.all([...new Set(routes.map((r) => r.AuthorizerId!))].map((id) => apis.send(new GetAuthorizerCommand({ ApiId: apiId, AuthorizerId: id }))));
    apis.destroy();
    expect(Items.map((a) => a.JwtConfiguration?.Issuer)).toContain(users.alice.claims!.iss);
    expect(Items.flatMap((a) => a.JwtConfiguration?.Audience ?? [])).toContain(users.alice.claims!.aud);

    jobsHandler = runInProcess(fns.jobs, roles.jobs, at, load);
    const response = await step(roles.jobs, 'jobs handler POST /jobs (dynamodb:PutItem, sqs:SendMessage, dynamodb:UpdateItem)',
      () => jobsHandler(httpEvent('POST /jobs', users.alice, { body: { type: 'sync', sourceId: `source-${RUN}`, priority: 'high' }, headers: { 'idempotency-key': `journey-${RUN}` } })));
    expect(response.statusCode).toBe(201);
    job = JSON.parse(response.body).job;
    expect(job).toMatchObject({ accountId: users.alice.accountId, userId: users.alice.claims!.sub, status: 'queued' });
  });

  test('the job worker\'s bundle consumes the FIFO message with its role (as its event source mapping does) and writes the result', async () => {
    const lambda = new LambdaClient({ ...at, credentials: admin });
    const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: fns.worker.functionName }));
    lambda.destroy();
    const queueUrl = fns.jobs.environment.SYNC_QUEUE_URL;
    const sqs = new SQSClient({ ...at, credentials: roles.worker.credentials });
    try {
      const { Attributes } = await step(roles.worker, `sqs:GetQueueAttributes ${queueUrl}`,
        () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })));
      expect(EventSourceMappings.map((m) => m.EventSourceArn)).toContain(Attributes!.QueueArn);
      const { Messages = [] } = await step(roles.worker, `sqs:ReceiveMessage ${queueUrl}`,
        () => sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, AttributeNames: ['All'], VisibilityTimeout: 60 })));
      const records = Messages.map((m) => ({
        messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body!, attributes: m.Attributes ?? {}, messageAttributes: {},
        md5OfBody: m.MD5OfBody!, eventSource: 'aws:sqs', eventSourceARN: Attributes!.QueueArn!, awsRegion: at.region,
      }));
      const ours = records.find((r) => JSON.parse(r.body).jobId === job.jobId);
      expect(ours).toBeDefined();
      expect(ours!.attributes.MessageGroupId).toBe(users.alice.accountId);
      const worker = runInProcess(fns.worker, roles.worker, at, load);
      const result = await step(roles.worker, 'job-worker handler (s3:PutObject + kms:GenerateDataKey, dynamodb:UpdateItem/PutItem, events:PutEvents)',
        () => worker({ Records: records }));
      const failed = new Set((result.batchItemFailures ?? []).map((f: { itemIdentifier: string }) => f.itemIdentifier));
      expect(failed.has(ours!.messageId)).toBe(false);
      for (const record of records.filter((r) => !failed.has(r.messageId))) {
        await step(roles.worker, `sqs:DeleteMessage ${record.messageId}`, () => sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: record.receiptHandle })));
      }
    } finally {
      sqs.destroy();
    }
  });

  test('the user reads the result as the product intends: GET /jobs/{jobId} names it, and her identity-pool session reads it from her prefix (SSE-KMS: kms:Decrypt on the bucket key)', async () => {
    const response = await step(roles.jobs, 'jobs handler GET /jobs/{jobId} (dynamodb:GetItem)',
      () => jobsHandler(httpEvent('GET /jobs/{jobId}', users.alice, { pathParameters: { jobId: job.jobId } })));
    expect(response.statusCode).toBe(200);
    job = JSON.parse(response.body).job;
    expect(job.status).toBe('completed');
    expect(job.resultKey?.startsWith(accountPrefix(users.alice.accountId))).toBe(true);
    const s3 = s3For(users.alice.session!);
    const read = await step(users.alice.session!, `s3:GetObject s3://${dataBucket()}/${job.resultKey}`,
      () => s3.send(new GetObjectCommand({ Bucket: dataBucket(), Key: job.resultKey })));
    expect(read.ServerSideEncryption).toBe('aws:kms');
    expect(read.SSEKMSKeyId).toBe(exported(S3_CONTRACT.exportName(STAGE, 'DataBucketKeyArn')));
    expect(JSON.parse(await read.Body!.transformToString())).toMatchObject({ jobId: job.jobId, accountId: users.alice.accountId });
    // Another account's user asks for it: the API answers as for a missing job, S3 refuses.
    const other = await jobsHandler(httpEvent('GET /jobs/{jobId}', users.bob, { pathParameters: { jobId: job.jobId } }));
    expect(other.statusCode).toBe(404);
    await refused(users.bob.session!, 'bob reads alice\'s result', 's3:GetObject',
      () => s3For(users.bob.session!).send(new GetObjectCommand({ Bucket: dataBucket(), Key: job.resultKey })));
    s3.destroy();
  });

  test('JobCompleted reaches the bus: the job-events rule logs it, and the activity rule delivers it to the activity function (moto runs no Lambda: the launcher keeps the delivery)', async () => {
    const busName = exported(EVENTBRIDGE_CONTRACT.exportName(STAGE, 'EventBusName'));
    const events = new EventBridgeClient({ ...at, credentials: admin });
    const logs = new CloudWatchLogsClient({ ...at, credentials: admin });
    try {
      const { Targets = [] } = await events.send(new ListTargetsByRuleCommand({ Rule: `listbackup-${STAGE}-job-events-rule`, EventBusName: busName }));
      const logGroups = Targets.map((t) => t.Arn!).filter((a) => a.includes(':log-group:')).map((a) => a.split(':log-group:')[1].replace(/:\*$/, ''));
      const logged: string[] = [];
      for (const logGroupName of logGroups) {
        const { events: found = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName }));
        logged.push(...found.map((e) => e.message ?? ''));
      }
      expect(logGroups).toHaveLength(1);
      expect(logged.some((m) => m.includes(job.jobId) && m.includes('JobCompleted'))).toBe(true);
    } finally {
      events.destroy();
      logs.destroy();
    }
    const deliveries = await lambdaDeliveries(at.endpoint, fns.activity.functionArn);
    const ours = deliveries.find((d) => d.event.detail?.jobId === job.jobId);
    expect(ours).toBeDefined();
    delivered = ours!.event;
    expect(delivered).toMatchObject({ 'source': EVENT_SOURCES.jobs, 'detail-type': 'JobCompleted', 'detail': { accountId: users.alice.accountId, status: 'completed' } });
  });

  test('the activity function\'s bundle, run in-process with its role, records the delivered event in the activity table', async () => {
    const activity = runInProcess(fns.activity, roles.activity, at, load);
    await step(roles.activity, 'activity handler (dynamodb:PutItem on ActivityTable)', () => activity(delivered));
    const dynamodb = new DynamoDBClient({ ...at, credentials: admin });
    try {
      const table = exported(DYNAMODB_CONTRACT.exportName(STAGE, 'ActivityTableName'));
      const { Items = [] } = await dynamodb.send(new QueryCommand({
        TableName: table, KeyConditionExpression: 'accountId = :a', ExpressionAttributeValues: { ':a': { S: users.alice.accountId } },
      }));
      expect(Items.map((i) => ({ eventId: i.eventId?.S, detailType: i.detailType?.S }))).toContainEqual({ eventId: delivered.id, detailType: 'JobCompleted' });
    } finally {
      dynamodb.destroy();
    }
  });

  test('least privilege, by execution: each function\'s role and the user are refused one action outside their policies', async () => {
    const activityTable = exported(DYNAMODB_CONTRACT.exportName(STAGE, 'ActivityTableName'));
    const jobsTable = exported(DYNAMODB_CONTRACT.exportName(STAGE, 'JobsTableName'));
    const item = { accountId: { S: users.alice.accountId }, timestamp: { N: '1' } };
    await refused(roles.jobs, 'jobs role writes the activity table', 'dynamodb:PutItem',
      () => new DynamoDBClient({ ...at, credentials: roles.jobs.credentials }).send(new PutItemCommand({ TableName: activityTable, Item: item })));
    await refused(roles.worker, 'worker role writes into an account\'s uploads/', 's3:PutObject',
      () => s3For(roles.worker).send(new PutObjectCommand({ Bucket: dataBucket(), Key: `${accountUploadsPrefix(users.alice.accountId)}forged.txt`, Body: 'x' })));
    await refused(roles.activity, 'activity role enqueues a job', 'sqs:SendMessage',
      () => new SQSClient({ ...at, credentials: roles.activity.credentials }).send(new SendMessageCommand({
        QueueUrl: fns.jobs.environment.SYNC_QUEUE_URL, MessageBody: '{}', MessageGroupId: 'g', MessageDeduplicationId: RUN,
      })));
    await refused(users.alice.session!, 'the user reads the jobs table directly', 'dynamodb:GetItem',
      () => new DynamoDBClient({ ...at, credentials: users.alice.session!.credentials }).send(new GetItemCommand({ TableName: jobsTable, Key: { jobId: { S: job.jobId } } })));
  });
});
