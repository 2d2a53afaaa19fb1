/*
 * Against the local AWS emulator (moto server through the project's launcher): a real synthesized
 * stack deployed with `--method direct` (CreateStack/UpdateStack). The change-set path on the
 * emulator is proven by the whole-system test in tools/e2e.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, ListExportsCommand } from '@aws-sdk/client-cloudformation';
import { DeleteTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { BOOTSTRAP_VERSION_PARAMETER, LocalAws, startLocalAws } from '@listbackup/local-aws';
import { App, CfnOutput, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib/core';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { readAssembly } from '../src/assembly';
import { runCli } from '../src/cli-main';
import { templateExports } from '../src/template';

const STAGE = 'it';
const SERVICE = 'listbackup-infrastructure-jobs';

function synthesize(options: { largeTemplate?: boolean } = {}): string {
  const outdir = mkdtempSync(path.join(tmpdir(), 'deploy-it-'));
  const app = new App({ outdir, analyticsReporting: false });
  const stack = new Stack(app, `${SERVICE}-${STAGE}`, { stackName: `${SERVICE}-${STAGE}` });
  for (const [k, v] of Object.entries({ Service: SERVICE, Stage: STAGE, ManagedBy: 'projen-cdk' })) Tags.of(stack).add(k, v);
  const table = new Table(stack, 'JobsTable', {
    partitionKey: { name: 'jobId', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
  });
  const queue = new Queue(stack, 'SyncQueue', { fifo: true, queueName: `${SERVICE}-${STAGE}-sync.fifo`, removalPolicy: RemovalPolicy.RETAIN });
  const out = (name: string, value: string) => new CfnOutput(stack, name, { value, exportName: `${SERVICE}-${STAGE}-${name}` });
  out('JobsTableName', table.tableName);
  out('JobsTableArn', table.tableArn);
  out('SyncQueueUrl', queue.queueUrl);
  out('SyncQueueArn', queue.queueArn);
  if (options.largeTemplate) stack.templateOptions.metadata = { Padding: 'x'.repeat(60_000) };
  app.synth();
  return outdir;
}

let local: LocalAws;
const savedEnv = { ...process.env };

beforeAll(async () => {
  local = await startLocalAws();
  Object.assign(process.env, local.env);
}, 120_000);

afterAll(async () => {
  process.env = { ...savedEnv };
  await local?.stop();
});

/** Just enough of an SDK client's middleware stack to record each command's name. */
interface Recordable {
  middlewareStack: {
    add(middleware: (next: (input: unknown) => Promise<unknown>, context: { commandName?: string }) => (input: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string }): void;
  };
}

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const commands: string[] = [];
  const code = await runCli([...args, '--poll-interval', '100'], {
    out: { line: (l) => out.push(l) },
    err: { line: (l) => err.push(l) },
    aws: {
      onClient: (client) => (client as unknown as Recordable).middlewareStack.add((next, context) => (input) => {
        commands.push(String(context.commandName));
        return next(input);
      }, { step: 'initialize', name: 'recordCommands' }),
    },
  });
  return { code, out: out.join('\n'), err: err.join('\n'), commands };
}

test('deploys a synthesized stack, finds every export, verifies the stage, then sees no changes', async () => {
  const assembly = synthesize();
  const expected = readAssembly(assembly).stacks.flatMap((s) => templateExports(s.template).map((e) => e.exportName));
  expect(expected).toHaveLength(4);

  const first = await cli(['deploy', '--assembly', assembly, '--method', 'direct']);
  expect(first.err).toBe('');
  expect(first.code).toBe(0);
  expect(first.commands).toContain('CreateStackCommand');
  // The synthesized manifest names the bootstrap deploy role: moto's STS hands out its credentials.
  expect(first.commands).toContain('AssumeRoleCommand');
  expect(first.out).toMatch(/listbackup-infrastructure-jobs-it: CREATE_COMPLETE/);

  const cfn = new CloudFormationClient({});
  const exported = (await cfn.send(new ListExportsCommand({}))).Exports?.map((e) => e.Name) ?? [];
  cfn.destroy();
  for (const name of expected) expect(exported).toContain(name);

  const verify = await cli(['verify', STAGE, '--assembly', assembly]);
  expect(verify.err).toBe('');
  expect(verify.code).toBe(0);
  expect(verify.out).toMatch(/AWS::DynamoDB::Table .* is live/);
  expect(verify.out).toMatch(/AWS::SQS::Queue .* is live/);
  // moto has no drift detection: said so, neither a failure nor "no drift".
  expect(verify.out).toMatch(/drift\s+listbackup-infrastructure-jobs-it\s+NOT CHECKED\s+drift could not be checked: the endpoint http:\/\/127\.0\.0\.1:\d+ has no drift detection/);
  expect(verify.commands).toEqual(expect.arrayContaining(['DescribeTableCommand', 'GetQueueAttributesCommand']));

  const second = await cli(['deploy', '--assembly', assembly, '--method', 'direct']);
  expect(second.code).toBe(0);
  expect(second.out).toMatch(/listbackup-infrastructure-jobs-it: no changes/);
  expect(second.commands).not.toContain('UpdateStackCommand');
  expect(second.commands).not.toContain('CreateStackCommand');

  const status = await cli(['status', '--assembly', assembly]);
  expect(status.out).toMatch(/listbackup-infrastructure-jobs-it\s+CREATE_COMPLETE/);
}, 120_000);

test('verify fails when a table behind an export is gone', async () => {
  await local.reset();
  const assembly = synthesize();
  expect((await cli(['deploy', '--assembly', assembly, '--method', 'direct'])).code).toBe(0);
  const ddb = new DynamoDBClient({});
  const tableName = (await cli(['outputs', '--assembly', assembly])).out.match(/JobsTableName\s+\S+\s+(\S+)/)![1];
  await ddb.send(new UpdateTableCommand({ TableName: tableName, DeletionProtectionEnabled: false }));
  await ddb.send(new DeleteTableCommand({ TableName: tableName }));
  ddb.destroy();

  const verify = await cli(['verify', STAGE, '--assembly', assembly]);
  expect(verify.code).toBe(1);
  expect(verify.err).toMatch(/export listbackup-infrastructure-jobs-it-JobsTableName: AWS::DynamoDB::Table \S+ not found: ResourceNotFoundException/);
}, 120_000);

test('a template over 51,200 bytes goes by TemplateURL through the staging bucket', async () => {
  await local.reset();
  const assembly = synthesize({ largeTemplate: true });
  const run = await cli(['deploy', '--assembly', assembly, '--method', 'direct']);
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  expect(run.commands).toEqual(expect.arrayContaining(['GetCallerIdentityCommand', 'PutObjectCommand', 'CreateStackCommand']));
  expect(run.out).toMatch(/asset \w+: Upload s3:\/\/cdk-hnb659fds-assets-123456789012-us-east-1\//);
}, 120_000);

test('plan of a template over 51,200 bytes sends it by TemplateURL too', async () => {
  await local.reset();
  const plan = await cli(['plan', '--assembly', synthesize({ largeTemplate: true })]);
  expect(plan.err).toBe('');
  expect(plan.code).toBe(0);
  expect(plan.commands).toEqual(expect.arrayContaining(['PutObjectCommand', 'CreateChangeSetCommand']));
  expect(plan.commands).not.toContain('ExecuteChangeSetCommand');
}, 120_000);

test('a deploy stops before any change when the CDK bootstrap stack is missing or older than the templates need', async () => {
  await local.reset();
  const assembly = synthesize();
  const ssm = new SSMClient({});
  try {
    await ssm.send(new DeleteParameterCommand({ Name: BOOTSTRAP_VERSION_PARAMETER }));
    const missing = await cli(['deploy', '--assembly', assembly]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/\[BootstrapMissing\]: listbackup-infrastructure-jobs-it needs the CDK bootstrap stack \(version 6 or later\) in aws:\/\/<account>\/us-east-1, but \/cdk-bootstrap\/hnb659fds\/version does not exist\. Nothing was changed: run 'npx cdk bootstrap/);
    await ssm.send(new PutParameterCommand({ Name: BOOTSTRAP_VERSION_PARAMETER, Value: '5', Type: 'String' }));
    const old = await cli(['deploy', '--assembly', assembly]);
    expect(old.code).toBe(1);
    expect(old.err).toMatch(/\[BootstrapTooOld\]: .* needs CDK bootstrap version 6 or later; \/cdk-bootstrap\/hnb659fds\/version in .* says 5/);
    for (const run of [missing, old]) {
      expect(run.commands.filter((c) => /^(Create|Update|Execute|Delete)/.test(c) && c !== 'DeleteParameterCommand')).toEqual([]);
    }
  } finally {
    ssm.destroy();
    await local.reset();
  }
}, 60_000);

test('local stops before any change when a template holds a type the emulator does not create', async () => {
  await local.reset();
  const assembly = synthesize();
  const manifest = readAssembly(assembly).stacks[0];
  const template = JSON.parse(readFileSync(manifest.templateFile, 'utf-8'));
  template.Resources.Graph = { Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'jobs', AuthenticationType: 'AWS_IAM' } };
  writeFileSync(manifest.templateFile, JSON.stringify(template));
  const out: string[] = [];
  const commands: string[] = [];
  const code = await runCli(['local', '--assembly', assembly, '--poll-interval', '100'], {
    out: { line: (l) => out.push(l) },
    err: { line: (l) => out.push(l) },
    startEmulator: async () => ({ endpoint: local.endpoint, env: local.env, alreadyRunning: true }),
    aws: {
      onClient: (client) => (client as unknown as Recordable).middlewareStack.add((next, context) => (input) => {
        commands.push(String(context.commandName));
        return next(input);
      }, { step: 'initialize', name: 'recordCommands' }),
    },
  });
  expect(code).toBe(1);
  expect(out.join('\n')).toMatch(/\[NotHeldLocally\]: the local emulator cannot create this resource, so nothing was deployed:\n {2}AWS::AppSync::GraphQLApi Graph in listbackup-infrastructure-jobs-it/);
  expect(commands.filter((c) => /^(Create|Update|Execute|Delete|Put)/.test(c))).toEqual([]);
}, 60_000);

test('drift against the emulator, which has no drift detection, says so instead of a parse error', async () => {
  await local.reset();
  const assembly = synthesize();
  expect((await cli(['deploy', '--assembly', assembly, '--method', 'direct'])).code).toBe(0);
  const drift = await cli(['drift', '--assembly', assembly]);
  expect(drift.code).toBe(1);
  expect(drift.err).toMatch(/detecting the drift of listbackup-infrastructure-jobs-it failed: the endpoint http:\/\/127\.0\.0\.1:\d+ \(AWS_ENDPOINT_URL\) answered (HTTP \d+ )?with no AWS response: it does not implement this call/);
}, 60_000);
