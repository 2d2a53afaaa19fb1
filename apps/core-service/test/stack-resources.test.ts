import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib/core';
import { Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { COGNITO_CONTRACT } from '@listbackup/cognito';
import { EVENTBRIDGE_CONTRACT } from '@listbackup/eventbridge';
import { SQS_CONTRACT } from '@listbackup/sqs';
import { DEAD_LETTER_RETENTION, EVENT_SOURCES } from '@listbackup/conventions';
import { ENV, ServiceFunction } from '../src';
import { coreTemplate } from './support/template';

// The one stack of the tests whose functions esbuild bundles, as synth does: the bundles are checked below.
const { stack, template } = coreTemplate({}, { bundle: true });
const json = template.toJSON();
const resourcesOf = (type: string) => Object.entries(template.findResources(type));

describe('functions', () => {
  const functions = resourcesOf('AWS::Lambda::Function');

  test('three functions on Node.js 24, each with the memory, timeout and reserved concurrency the stack gives it', () => {
    const idOf = (fn: ServiceFunction) => stack.getLogicalId(fn.function.node.defaultChild as lambda.CfnFunction);
    const settings = Object.fromEntries(functions.map(([id, fn]) => [id, {
      Runtime: fn.Properties.Runtime,
      MemorySize: fn.Properties.MemorySize,
      Timeout: fn.Properties.Timeout,
      ReservedConcurrentExecutions: fn.Properties.ReservedConcurrentExecutions,
    }]));
    expect(settings).toEqual({
      [idOf(stack.jobs)]: { Runtime: 'nodejs24.x', MemorySize: 512, Timeout: 10, ReservedConcurrentExecutions: 20 },
      [idOf(stack.jobWorker)]: { Runtime: 'nodejs24.x', MemorySize: 1024, Timeout: 120, ReservedConcurrentExecutions: 10 },
      [idOf(stack.activity)]: { Runtime: 'nodejs24.x', MemorySize: 256, Timeout: 30, ReservedConcurrentExecutions: 5 },
    });
  });

  test('each writes to its own log group of this stack', () => {
    const logGroupIds = functions.map(([, fn]) => fn.Properties.LoggingConfig.LogGroup.Ref as string);
    expect(new Set(logGroupIds).size).toBe(3);
    for (const id of logGroupIds) expect(json.Resources[id].Type).toBe('AWS::Logs::LogGroup');
  });

  test('every log group has a retention and the rotating customer key', () => {
    const groups = resourcesOf('AWS::Logs::LogGroup');
    expect(groups).toHaveLength(4);
    const [[keyId, key]] = resourcesOf('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    for (const [, group] of groups) {
      // The stack's default, logs.RetentionDays.ONE_YEAR.
      expect(group.Properties.RetentionInDays).toBe(365);
      expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(group.Properties.LogGroupName).toMatch(/^\/listbackup\/main\/core\//);
    }
  });

  test('the key lets CloudWatch Logs use it only for the service\'s log groups', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.objectLike({
            'Fn::Join': ['', Match.arrayWith([':log-group:/listbackup/main/core/*'])],
          }) } },
        })]),
      },
    });
  });

  test.each([
    ['jobs', [ENV.JOBS_TABLE, ENV.SYNC_QUEUE_URL, ENV.BACKUP_QUEUE_URL, ENV.EXPORT_QUEUE_URL, ENV.ANALYTICS_QUEUE_URL, ENV.MAINTENANCE_QUEUE_URL]],
    ['job-worker', [ENV.JOBS_TABLE, ENV.JOB_LOGS_TABLE, ENV.DATA_BUCKET, ENV.EVENT_BUS]],
    ['activity', [ENV.ACTIVITY_TABLE]],
  ])('the %s function gets the variables its handler reads, from imports', (name, variables) => {
    const fn = functions.find(([, f]) => (f.Properties.LoggingConfig.LogGroup.Ref as string) ===
      resourcesOf('AWS::Logs::LogGroup').find(([, g]) => g.Properties.LogGroupName === `/listbackup/main/core/${name}`)?.[0]);
    const env = fn?.[1].Properties.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(env).sort()).toEqual([...variables, 'NODE_OPTIONS'].sort());
    for (const variable of variables) expect(env[variable]).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^listbackup-infrastructure-/) });
  });
});

describe('bundles', () => {
  test('each function is its handler bundled with the AWS SDK, and it loads with the variables the stack gives it', () => {
    const outdir = (stack.node.root as App).outdir;
    const functions = resourcesOf('AWS::Lambda::Function');
    expect(functions).toHaveLength(3);
    for (const [id, fn] of functions) {
      const dir = path.join(outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
      expect({ id, files: fs.readdirSync(dir).sort() }).toEqual({ id, files: ['index.js', 'index.js.map'] });
      // Outside the repository nothing but the bundle can be required: the SDK must be inside it.
      const variables = Object.fromEntries(Object.entries<unknown>(fn.Properties.Environment.Variables)
        .map(([name, value]) => [name, typeof value === 'string' ? value : `${name}-from-import`]));
      const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(typeof require(process.argv[1]).handler)', path.join(dir, 'index.js')], {
        cwd: outdir, encoding: 'utf8', env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', ...variables },
      });
      // stderr is shown only on a failure (on Node 20 the SDK warns there about its next release).
      expect({ id, status: run.status, out: run.stdout, err: run.status === 0 ? '' : run.stderr }).toEqual({ id, status: 0, out: 'function', err: '' });
    }
  });
});

describe('failed activity events', () => {
  test('land in the function\'s own queue: encrypted, 14 days, TLS only, retained, for Lambda and the rule', () => {
    expect(json.Resources.ActivityDeadLetterQueue).toMatchObject({
      Type: 'AWS::SQS::Queue', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
      Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: DEAD_LETTER_RETENTION.toSeconds() },
    });
    const activity = resourcesOf('AWS::Lambda::Function').find(([, f]) => f.Properties.DeadLetterConfig)!;
    expect(activity[1].Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': ['ActivityDeadLetterQueue', 'Arn'] } });
    const [[, policy]] = resourcesOf('AWS::SQS::QueuePolicy');
    expect(policy.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      // EventBridge may send only for this rule.
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': expect.anything() } } }),
    ]));
  });
});

describe('sources of every service principal', () => {
  test('each function role may be assumed only by Lambda for this account', () => {
    for (const [, role] of resourcesOf('AWS::IAM::Role')) {
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
        Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }]);
    }
  });

  test('each invoke permission names its source ARN and account', () => {
    for (const [, permission] of resourcesOf('AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === 'apigateway.amazonaws.com')) {
      expect(permission.Properties).toMatchObject({ SourceAccount: { Ref: 'AWS::AccountId' }, SourceArn: expect.anything() });
    }
  });
});

describe('HTTP API', () => {
  test('POST /jobs and GET /jobs/{jobId}, both behind the Cognito JWT authorizer', () => {
    const routes = resourcesOf('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['GET /jobs/{jobId}', 'POST /jobs']);
    const [[authorizerId]] = resourcesOf('AWS::ApiGatewayV2::Authorizer');
    for (const route of routes) {
      expect(route.AuthorizationType).toBe('JWT');
      expect(route.AuthorizerId).toEqual({ Ref: authorizerId });
    }
  });

  test('the authorizer trusts only the imported pool and client', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ 'Fn::ImportValue': COGNITO_CONTRACT.exportName('main', 'CognitoUserPoolClientId') }],
        Issuer: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['https://cognito-idp.'])] }),
      },
    });
    expect(JSON.stringify(resourcesOf('AWS::ApiGatewayV2::Authorizer')[0][1])).toContain(COGNITO_CONTRACT.exportName('main', 'CognitoUserPoolArn'));
  });

  test('the stage writes JSON access logs to its encrypted log group and is throttled', () => {
    const [[, stage]] = resourcesOf('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.StageName).toBe('$default');
    const destination = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(json.Resources[destination].Properties.LogGroupName).toBe('/listbackup/main/core/http-api-access');
    expect(JSON.parse(stage.Properties.AccessLogSettings.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
  });
});

describe('event sources', () => {
  test('the worker consumes the Sync and Backup queues with partial batch failures', () => {
    const mappings = resourcesOf('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    expect(mappings.map((m) => m.EventSourceArn['Fn::ImportValue']).sort()).toEqual([
      SQS_CONTRACT.exportName('main', 'BackupQueueArn'), SQS_CONTRACT.exportName('main', 'SyncQueueArn'),
    ]);
    for (const mapping of mappings) expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(new Set(mappings.map((m) => m.FunctionName.Ref)).size).toBe(1);
  });

  test('a rule on the imported bus sends account events of the product domains to the activity function', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { 'Fn::ImportValue': EVENTBRIDGE_CONTRACT.exportName('main', 'EventBusName') },
      EventPattern: {
        source: [EVENT_SOURCES.jobs, EVENT_SOURCES.dataSync, EVENT_SOURCES.users, EVENT_SOURCES.platforms, EVENT_SOURCES.billing],
        detail: { accountId: [{ exists: true }] },
      },
      Targets: [Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['ActivityDeadLetterQueue', 'Arn'] } },
      })],
    });
    const target = resourcesOf('AWS::Events::Rule')[0][1].Properties.Targets[0].Arn['Fn::GetAtt'][0];
    expect(json.Resources[target].Properties.LoggingConfig.LogGroup.Ref).toBe(
      resourcesOf('AWS::Logs::LogGroup').find(([, g]) => g.Properties.LogGroupName === '/listbackup/main/core/activity')?.[0]);
  });
});
