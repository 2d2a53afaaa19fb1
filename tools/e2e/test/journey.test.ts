import * as path from 'node:path';
import { CloudFormationClient, paginateListExports } from '@aws-sdk/client-cloudformation';
import {
  CreatePolicyVersionCommand, GetPolicyVersionCommand, IAMClient, ListAttachedRolePoliciesCommand,
  DeletePolicyVersionCommand, GetPolicyCommand,
} from '@aws-sdk/client-iam';
import { LambdaClient, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { readStacks, runCli, stackDependencies } from '@listbackup/deploy';
import { LocalAws, startLocalAws } from '@listbackup/local-aws';
import { Journey, JourneyError, JourneyOptions } from '../src';

/*
 * The whole product on the local emulator: the six synthesized stacks of this repository
 * (`nx run-many -t synth` runs before this test) deployed through the deploy tool's `local` command,
 * then one user's journey across every seam with IAM enforcement on. Then each seam that a
 * whole-system run exposed is put back into the deployed stage, and the journey must fail at the
 * step that needs it, naming the principal, the call and the refused action.
 */
const root = path.resolve(__dirname, '..', '..', '..');
const ASSEMBLIES = ['packages/dynamodb', 'packages/s3', 'packages/sqs', 'packages/eventbridge', 'packages/cognito', 'apps/core-service']
  .map((p) => path.join(root, p, 'cdk.out'));
const STAGE = 'main';
let aws: LocalAws;
let options: JourneyOptions;

/** Calls that change a stack: a redeploy of an unchanged assembly must make none. */
const MUTATING = new Set(['CreateStack', 'UpdateStack', 'CreateChangeSet', 'ExecuteChangeSet', 'DeleteStack']);

async function deployLocal(): Promise<{ code: number; out: string; mutations: string[] }> {
  const out: string[] = [];
  const mutations: string[] = [];
  const code = await runCli(['local', ...ASSEMBLIES.flatMap((a) => ['--assembly', a]), '--poll-interval', '100'], {
    out: { line: (l) => out.push(l) },
    err: { line: (l) => out.push(l) },
    startEmulator: async () => ({ endpoint: aws.endpoint, env: aws.env, alreadyRunning: true }),
    aws: {
      clientConfig: { endpoint: aws.endpoint, region: aws.env.AWS_REGION, credentials: bootstrapCredentials() },
      onClient: (client) => (client as unknown as CloudFormationClient).middlewareStack.add((next, context) => async (args) => {
        const command = String(context.commandName).replace(/Command$/, '');
        if (MUTATING.has(command)) mutations.push(`${command} ${(args.input as { StackName?: string }).StackName}`);
        return next(args);
      }, { step: 'initialize', name: 'countMutations' }),
    },
  });
  return { code, out: out.join('\n'), mutations };
}

let firstDeploy: Awaited<ReturnType<typeof deployLocal>>;

beforeAll(async () => {
  aws = await startLocalAws();
  firstDeploy = await deployLocal();
  if (firstDeploy.code !== 0) throw new Error(`the local deploy failed (${firstDeploy.code}):\n${firstDeploy.out}`);
  options = { endpoint: aws.endpoint, region: aws.env.AWS_REGION, stage: STAGE, bootstrapCredentials: bootstrapCredentials() };
}, 600_000);

afterAll(async () => {
  await aws?.stop();
});

function bootstrapCredentials(): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: aws.env.AWS_ACCESS_KEY_ID, secretAccessKey: aws.env.AWS_SECRET_ACCESS_KEY };
}

test('the six stacks are deployed through change sets, in import order, and export every name their templates declare', async () => {
  const stacks = readStacks(ASSEMBLIES);
  expect(stacks).toHaveLength(6);
  const executed = firstDeploy.mutations.filter((m) => m.startsWith('ExecuteChangeSet')).map((m) => m.split(' ')[1]);
  expect([...executed].sort()).toEqual(stacks.map((s) => s.stackName).sort());
  expect(firstDeploy.mutations.filter((m) => /^(CreateStack|UpdateStack)/.test(m))).toEqual([]);
  // Each stack after the stacks it imports from.
  for (const stack of stacks) {
    for (const dependency of stackDependencies(stacks).get(stack.stackName) ?? []) {
      expect(executed.indexOf(dependency)).toBeLessThan(executed.indexOf(stack.stackName));
    }
  }
  const cfn = new CloudFormationClient({ endpoint: aws.endpoint, region: aws.env.AWS_REGION, credentials: bootstrapCredentials() });
  const listed = new Set<string>();
  for await (const page of paginateListExports({ client: cfn }, {})) for (const e of page.Exports ?? []) listed.add(e.Name!);
  cfn.destroy();
  const declared = stacks.flatMap((s) => Object.values<{ Export?: { Name: string } }>(s.template.Outputs ?? {}).map((o) => o.Export?.Name)).filter(Boolean);
  expect(declared.length).toBeGreaterThanOrEqual(17 * 2 + 6 * 4);
  expect(declared.filter((name) => !listed.has(name!))).toEqual([]);
});

test('a second local deploy of the unchanged assemblies makes no mutating call', async () => {
  const again = await deployLocal();
  expect(again.code).toBe(0);
  expect(again.mutations).toEqual([]);
  for (const stack of readStacks(ASSEMBLIES)) expect(again.out).toContain(`${stack.stackName}: no changes`);
}, 300_000);

describe('the user journey, IAM enforcement on', () => {
  let journey: Journey;
  beforeAll(async () => { journey = await Journey.start(options); }, 120_000);
  afterAll(async () => { await journey?.close(); });

  // Declared now, run in order: each step builds on the ones before.
  const names = Journey.stepNames();
  test.each(names.map((name, index) => [index, name]))('%#. %s', async (index) => {
    await journey.steps[index as number].run();
  }, 120_000);
});

/** Runs a fresh journey until `failing` (a step name prefix) and returns that step's error. */
async function journeyError(failing: string): Promise<JourneyError> {
  const journey = await Journey.start(options);
  try {
    for (const step of journey.steps) {
      if (step.name.startsWith(failing)) {
        const error = await step.run().then(() => undefined, (e: unknown) => e);
        if (!(error instanceof JourneyError)) throw new Error(`step '${step.name}' did not fail with a JourneyError: ${String(error)}`);
        return error;
      }
      await step.run();
    }
    throw new Error(`no step starts with '${failing}'`);
  } finally {
    await journey.close();
  }
}

/** Replaces the default version of the identity pool role's managed policy; returns a restore function. */
async function rewriteUserPolicy(edit: (document: { Statement: Array<Record<string, unknown>> }) => void): Promise<() => Promise<void>> {
  const iam = new IAMClient({ endpoint: aws.endpoint, region: aws.env.AWS_REGION, credentials: bootstrapCredentials() });
  const journey = await Journey.start(options);
  await journey.close();
  const roleName = journey.context.authenticatedRoleArn.split('/').pop()!;
  const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies ?? [];
  const policyArn = attached[0].PolicyArn!;
  const current = (await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy!.DefaultVersionId!;
  const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: current }));
  const document = JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!));
  edit(document);
  const created = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: JSON.stringify(document), SetAsDefault: true }));
  return async () => {
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: decodeURIComponent(version.PolicyVersion!.Document!), SetAsDefault: true }));
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: created.PolicyVersion!.VersionId! }));
    iam.destroy();
  };
}

describe('each seam put back into the deployed stage fails the journey', () => {
  test('users confined to accounts/<identity id>/ again: they cannot use their account\'s prefix', async () => {
    const restore = await rewriteUserPolicy((doc) => {
      doc.Statement = JSON.parse(JSON.stringify(doc.Statement).split('${aws:PrincipalTag/accountId}').join('${cognito-identity.amazonaws.com:sub}'));
    });
    try {
      const error = await journeyError('a user writes and reads their account\'s uploads');
      expect(error.failure.principal).toMatch(/^user alice-.* \(identity-pool role\)$/);
      expect(error.failure.call).toMatch(/^s3:PutObject accounts\/acct-a-.*\/uploads\/hello\.txt$/);
      expect(error.failure.deniedAction).toBe('s3:PutObject');
    } finally {
      await restore();
    }
  }, 300_000);

  test('no permission on the data bucket key again: SSE-KMS refuses the user every object', async () => {
    const restore = await rewriteUserPolicy((doc) => {
      doc.Statement = doc.Statement.filter((s) => !String(s.Action).includes('kms:'));
    });
    try {
      const error = await journeyError('a user writes and reads their account\'s uploads');
      expect(error.failure.call).toMatch(/^s3:PutObject /);
      expect(error.failure.deniedAction).toBe('kms:GenerateDataKey');
    } finally {
      await restore();
    }
  }, 300_000);

  test('no dead-letter queue on the activity function again: the failed event is lost, and the journey says so', async () => {
    const lambda = new LambdaClient({ endpoint: aws.endpoint, region: aws.env.AWS_REGION, credentials: bootstrapCredentials() });
    const journey = await Journey.start(options);
    await journey.close();
    const { fn } = journey.context.activity;
    const dlq = fn.configuration.DeadLetterConfig?.TargetArn;
    expect(dlq).toMatch(/:sqs:/);
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: fn.name, DeadLetterConfig: { TargetArn: '' } }));
    try {
      const error = await journeyError('an event the activity function cannot record');
      expect(error.message).toMatch(/has no dead-letter queue or on-failure destination: Lambda discards it/);
      expect(error.failure.principal).toBe('lambda.amazonaws.com');
    } finally {
      await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: fn.name, DeadLetterConfig: { TargetArn: dlq } }));
      lambda.destroy();
    }
  }, 300_000);
});
