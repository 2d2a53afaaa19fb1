import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, ListExportsCommand } from '@aws-sdk/client-cloudformation';
import { App } from 'aws-cdk-lib';
import { InfrastructureCognitoStack } from '@listbackup/cognito';
import { runCli } from '@listbackup/deploy';
import { InfrastructureDynamoDbStack } from '@listbackup/dynamodb';
import { InfrastructureEventBridgeStack } from '@listbackup/eventbridge';
import { LocalAws, startLocalAws } from '@listbackup/local-aws';
import { InfrastructureS3Stack } from '@listbackup/s3';
import { InfrastructureSqsStack } from '@listbackup/sqs';
import { CoreServiceStack } from '../src';

/*
 * The real six stacks, synthesized here, deployed to the local emulator (moto server) through the
 * deploy CLI's `local` command: what moto can hold is deployed with CreateStack, the rest is named
 * with the reason, and a second deploy changes nothing.
 */
const stage = 'it';
const MUTATING = new Set(['CreateStack', 'UpdateStack', 'CreateChangeSet', 'ExecuteChangeSet', 'DeleteStack']);
let aws: LocalAws;
let assembly: string;
const exportsOf: Record<string, string[]> = {};

beforeAll(async () => {
  aws = await startLocalAws();
  assembly = fs.mkdtempSync(path.join(os.tmpdir(), 'core-local-'));
  const app = new App({ outdir: assembly });
  const stacks = [
    new InfrastructureDynamoDbStack(app, { stage }),
    new InfrastructureS3Stack(app, { stage }),
    new InfrastructureSqsStack(app, { stage }),
    new InfrastructureEventBridgeStack(app, { stage }),
    new InfrastructureCognitoStack(app, { stage, callbackUrls: ['https://app.example.com/callback'] }),
    new CoreServiceStack(app, { stage }),
  ];
  const cloud = app.synth();
  for (const stack of stacks) {
    const template = cloud.getStackByName(stack.stackName).template;
    exportsOf[stack.stackName] = Object.values<any>(template.Outputs ?? {}).map((o) => o.Export?.Name).filter(Boolean);
  }
}, 180_000);

afterAll(async () => {
  await aws?.stop();
});

async function deployLocal(): Promise<{ code: number; out: string; mutations: string[] }> {
  const out: string[] = [];
  const mutations: string[] = [];
  const code = await runCli(['local', '--assembly', assembly, '--poll-interval', '50'], {
    out: { line: (l) => out.push(l) },
    err: { line: (l) => out.push(l) },
    startEmulator: async () => ({ endpoint: aws.endpoint, env: aws.env, alreadyRunning: true }),
    aws: {
      // Every client's calls pass through here; only CloudFormation's can mutate a stack.
      onClient: (client) => (client as unknown as CloudFormationClient).middlewareStack.add((next, context) => async (args) => {
        const command = String(context.commandName).replace(/Command$/, '');
        if (MUTATING.has(command)) mutations.push(`${command} ${(args.input as { StackName?: string }).StackName}`);
        return next(args);
      }, { step: 'initialize', name: 'countMutations' }),
    },
  });
  return { code, out: out.join('\n'), mutations };
}

test('deploys the stacks moto can hold, names the others, exports every name, and redeploys with no change', async () => {
  const first = await deployLocal();
  expect(first.code).toBe(0);
  // The tables' customer key is a tagged KMS key, which moto 5.2.5 cannot create through CloudFormation.
  const held = [`listbackup-infrastructure-sqs-${stage}`];
  expect(first.mutations.sort()).toEqual(held.map((s) => `CreateStack ${s}`).sort());
  for (const [stack, reason] of [
    [`listbackup-infrastructure-dynamodb-${stage}`, 'tagged KMS key'],
    [`listbackup-infrastructure-s3-${stage}`, 'tagged KMS key'],
    [`listbackup-infrastructure-eventbridge-${stage}`, 'tagged KMS key'],
    [`listbackup-infrastructure-cognito-${stage}`, 'no Cognito resources'],
    [`listbackup-core-${stage}`, 'tagged KMS key'],
  ]) {
    expect(first.out).toMatch(new RegExp(`not deployed locally: ${stack}: .*${reason}`));
  }

  const cfn = new CloudFormationClient({ endpoint: aws.endpoint, region: aws.env.AWS_REGION,
    credentials: { accessKeyId: aws.env.AWS_ACCESS_KEY_ID, secretAccessKey: aws.env.AWS_SECRET_ACCESS_KEY } });
  const listed = new Set(((await cfn.send(new ListExportsCommand({}))).Exports ?? []).map((e) => e.Name));
  const expected = held.flatMap((s) => exportsOf[s]);
  expect(expected.length).toBe(6 * 4);
  expect(expected.filter((name) => !listed.has(name))).toEqual([]);

  const again = await deployLocal();
  expect(again.code).toBe(0);
  expect(again.mutations).toEqual([]);
  for (const stack of held) expect(again.out).toContain(`${stack}: no changes`);
}, 180_000);
