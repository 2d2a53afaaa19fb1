import { StageEnvironment } from '@listbackup/conventions/names';
import { runCli } from '../src/cli-main';
import { ledgerParameterName } from '../src/ledger';
import { FakeCloudFormation, FakeSsm, FakeSts } from '../src/testing';
import { coreStack, queueStack, tableStack } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';
import { Repository, writeStageAssembly } from './fixtures/stages';

const A = '111111111111';
const B = '222222222222';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const TABLES = 'listbackup-infrastructure-dynamodb-fleet';
const QUEUES = 'listbackup-infrastructure-sqs-fleet';
const CORE = 'listbackup-core-fleet';

const fleet = (stackSets: StageEnvironment['stackSets'] = {}): StageEnvironment => ({ accounts: [A, B], regions: REGIONS, stackSets });
const fleetAssembly = (env: StageEnvironment, options: { bootstrapVersion?: number } = {}) =>
  writeStageAssembly([tableStack('fleet'), queueStack('fleet'), coreStack('fleet')], 'fleet', env, options);

function bootstrapped(regions = REGIONS): FakeSsm {
  const ssm = new FakeSsm();
  ssm.bootstrap(regions);
  return ssm;
}

describe('a stage of several accounts and regions deploys through StackSets', () => {
  test('each stack is one StackSet, the engine fans out with the stage\'s preferences, in dependency order', async () => {
    const fake = new FakeCloudFormation();
    const env = fleet({ maxConcurrent: { count: 2 }, failureTolerance: { count: 1 }, regionConcurrency: 'SEQUENTIAL' });
    const run = await runAgainstFake(fake, ['deploy', '--assembly', fleetAssembly(env)], { ssm: bootstrapped(), repository: new Repository().dir });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);

    const creates = fake.calls.filter((c) => c.command === 'CreateStackInstances');
    expect(creates.map((c) => c.input.StackSetName).slice(2)).toEqual([CORE]);
    for (const c of creates) {
      expect(c.input).toMatchObject({ Accounts: [A, B], Regions: REGIONS });
      expect(c.input.OperationPreferences).toEqual({
        RegionOrder: REGIONS, RegionConcurrencyType: 'SEQUENTIAL', ConcurrencyMode: 'STRICT_FAILURE_TOLERANCE', MaxConcurrentCount: 2, FailureToleranceCount: 1,
      });
    }
    expect(fake.calls.find((c) => c.command === 'CreateStackSet')!.input).toMatchObject({
      PermissionModel: 'SELF_MANAGED', ExecutionRoleName: 'AWSCloudFormationStackSetExecutionRole', Capabilities: expect.arrayContaining(['CAPABILITY_NAMED_IAM']),
    });
    // No stack is created by the tool itself in any account: the engine does it.
    expect(fake.calls.some((c) => ['CreateChangeSet', 'CreateStack', 'ExecuteChangeSet'].includes(c.command))).toBe(false);
    for (const name of [TABLES, QUEUES, CORE]) {
      expect(fake.stackSets.stackSet(name)!.instances.map((i) => `${i.account}/${i.region}:${i.status}`).sort())
        .toEqual([A, B].flatMap((a) => REGIONS.map((r) => `${a}/${r}:CURRENT`)).sort());
    }
    expect(run.out).toMatch(new RegExp(`${A}\\s+ap-southeast-2\\s+SUCCEEDED`));
  });

  test('a second deploy of unchanged StackSets makes no mutating call', async () => {
    const fake = new FakeCloudFormation();
    const ssm = bootstrapped();
    const assembly = fleetAssembly(fleet());
    const repo = new Repository();
    expect((await runAgainstFake(fake, ['deploy', '--assembly', assembly], { ssm, repository: repo.dir })).code).toBe(0);
    const before = fake.mutations().length;
    const run = await runAgainstFake(fake, ['deploy', '--assembly', assembly], { ssm, repository: repo.dir });
    expect(run.code).toBe(0);
    expect(fake.mutations().slice(before)).toEqual([]);
    expect(run.out).toMatch(/listbackup-core-fleet\s+no changes/);
  });

  test('one instance failing out of 6, within the tolerance: the others go on, each is reported, the next run retries it', async () => {
    const fake = new FakeCloudFormation();
    const ssm = bootstrapped();
    const repo = new Repository();
    const env = fleet({ maxConcurrent: { count: 2 }, failureTolerance: { count: 1 } });
    const assembly = writeStageAssembly([tableStack('fleet')], 'fleet', env);
    fake.stackSets.failInstance(TABLES, B, 'eu-west-1', 'Resource handler returned message: "Table already exists"');

    const run = await runAgainstFake(fake, ['deploy', '--assembly', assembly], { ssm, repository: repo.dir });
    expect(run.code).toBe(1);
    expect(run.out).toMatch(new RegExp(`${B}\\s+eu-west-1\\s+FAILED\\s+Resource handler returned message: "Table already exists"`));
    expect(run.out.match(/\bSUCCEEDED\b/g)).toHaveLength(5);
    expect(run.out).toMatch(/1 instance failed, within the failure tolerance \(1 account per region\): the others went on/);
    expect(run.err).toMatch(/\[StackSetInstancesFailed\]: the StackSets went on within their failure tolerance, but these instances failed:\n {2}listbackup-infrastructure-dynamodb-fleet 222222222222\/eu-west-1: Resource handler/);
    const entry = JSON.parse(ssm.value('us-east-1', ledgerParameterName('fleet', TABLES))!);
    expect(entry).toMatchObject({ lastOutcome: 'partial', failedInstances: [expect.stringMatching(/^222222222222\/eu-west-1: /)] });

    const before = fake.calls.length;
    const retry = await runAgainstFake(fake, ['affected', '--stage', 'fleet', '--assembly', assembly], { ssm, repository: repo.dir });
    expect(retry.code).toBe(0);
    expect(retry.out).toMatch(new RegExp(`${TABLES}\\s+yes\\s+its last deploy left failed instances: 222222222222/eu-west-1`));
    const update = fake.calls.slice(before).filter((c) => c.command === 'UpdateStackSet');
    expect(update.map((c) => [c.input.Accounts, c.input.Regions])).toEqual([[[B], ['eu-west-1']]]);
    expect(fake.stackSets.stackSet(TABLES)!.instances.every((i) => i.status === 'CURRENT')).toBe(true);
  });

  test('failures beyond the tolerance stop the operation: later regions are not attempted, dependents not started', async () => {
    const fake = new FakeCloudFormation();
    const env = fleet({ failureTolerance: { count: 0 } });
    fake.stackSets.failInstance(TABLES, A, 'eu-west-1', 'Resource handler returned message: "Limit exceeded"');
    const run = await runAgainstFake(fake, ['deploy', '--assembly', fleetAssembly(env)], { ssm: bootstrapped(), repository: new Repository().dir });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/\[WorkFailed\]: deploy failed:\nfailed: listbackup-infrastructure-dynamodb-fleet\n {2}listbackup-infrastructure-dynamodb-fleet: creating 6 instances in us-east-1, eu-west-1, ap-southeast-2 ended FAILED/);
    expect(run.err).toMatch(/1 instance failed, more than the failure tolerance \(0 accounts per region\) allows:\n {4}111111111111\/eu-west-1: Resource handler returned message: "Limit exceeded"/);
    expect(run.err).toMatch(/3 instances were not attempted \(CANCELLED\): 222222222222\/eu-west-1, 111111111111\/ap-southeast-2, 222222222222\/ap-southeast-2/);
    expect(run.err).toMatch(/not started: listbackup-core-fleet/);
    expect(fake.calls.some((c) => c.input.StackSetName === CORE)).toBe(false);
  });

  test('an account the administration role cannot reach fails there, with the engine\'s reason', async () => {
    const fake = new FakeCloudFormation();
    fake.stackSets.unreachableAccount(B);
    const env = fleet({ maxConcurrent: { percentage: 100 }, failureTolerance: { percentage: 50 }, concurrencyMode: 'SOFT_FAILURE_TOLERANCE' });
    const run = await runAgainstFake(fake, ['deploy', '--assembly', writeStageAssembly([queueStack('fleet')], 'fleet', env)], { ssm: bootstrapped(), repository: new Repository().dir });
    expect(run.code).toBe(1);
    for (const region of REGIONS) {
      expect(run.out).toMatch(new RegExp(`${B}\\s+${region}\\s+FAILED\\s+Account ${B} should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship`));
    }
  });

  test('a region without the CDK bootstrap stack is refused before anything changes', async () => {
    const fake = new FakeCloudFormation();
    const ssm = bootstrapped(['us-east-1', 'ap-southeast-2']);
    const run = await runAgainstFake(fake, ['deploy', '--assembly', fleetAssembly(fleet(), { bootstrapVersion: 6 })], { ssm });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/\[BootstrapMissing\]: stage 'fleet' deploys to regions without the CDK bootstrap stack \(version 6 or later\): eu-west-1 \(no \/cdk-bootstrap\/hnb659fds\/version\)\. Nothing was changed: run 'npx cdk bootstrap aws:\/\/<account>\/eu-west-1'/);
    expect(fake.mutations()).toEqual([]);
    expect(ssm.mutations()).toEqual([]);
  });

  test('stacks with file assets are refused: a StackSet does not publish them to each target', async () => {
    const fake = new FakeCloudFormation();
    const dir = fleetAssembly(fleet());
    // Give the core stack a Lambda code asset, as core-service has.
    const fs = require('node:fs') as typeof import('node:fs');
    const manifestFile = `${dir}/${CORE}.assets.json`;
    const assets = JSON.parse(fs.readFileSync(manifestFile, 'utf-8'));
    fs.mkdirSync(`${dir}/asset.code`);
    assets.files.code = { source: { path: 'asset.code', packaging: 'zip' }, destinations: { d: { bucketName: 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}', objectKey: 'code.zip' } } };
    fs.writeFileSync(manifestFile, JSON.stringify(assets));
    const run = await runAgainstFake(fake, ['deploy', '--assembly', dir], { ssm: bootstrapped() });
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/listbackup-core-fleet \(1 file asset\): stage 'fleet' deploys through StackSets to 2 account\(s\) × 3 region\(s\), and a StackSet does not publish file assets/);
    expect(fake.mutations()).toEqual([]);
  });
});

describe('a single-target stage', () => {
  const dev: StageEnvironment = { accounts: ['111122223333'], regions: ['us-east-1'] };

  test('credentials of another account are refused with the environment\'s account, nothing changed', async () => {
    const fake = new FakeCloudFormation();
    const ssm = new FakeSsm();
    const sts = new FakeSts('arn:aws:iam::999999999999:user/deployer');
    const run = await runAgainstFake(fake, ['deploy', '--assembly', writeStageAssembly([tableStack('dev')], 'dev', dev)], { ssm, sts });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/\[WrongEnvironment\]: listbackup-infrastructure-dynamodb-dev \(account 111122223333\): the credentials are of account 999999999999\. Nothing was changed/);
    expect(fake.mutations()).toEqual([]);
    expect(ssm.mutations()).toEqual([]);
  });

  test('its region without bootstrap is refused, naming the cdk bootstrap to run', async () => {
    const fake = new FakeCloudFormation();
    const ssm = new FakeSsm();
    const sts = new FakeSts('arn:aws:iam::111122223333:user/deployer');
    const run = await runAgainstFake(fake, ['deploy', '--assembly', writeStageAssembly([tableStack('dev')], 'dev', dev, { bootstrapVersion: 6 })], { ssm, sts });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/\[BootstrapMissing\]: .* \/cdk-bootstrap\/hnb659fds\/version does not exist\. Nothing was changed: run 'npx cdk bootstrap aws:\/\/<account>\/us-east-1'/);
    expect(fake.mutations()).toEqual([]);
  });
});

describe('a protected stage', () => {
  const prod: StageEnvironment = { accounts: ['123456789012'], regions: ['us-east-1'], protected: true };
  const assembly = () => writeStageAssembly([queueStack('prod')], 'prod', prod);

  test.each(['deploy', 'destroy'])('%s --force is refused and nothing is called', async (command) => {
    const fake = new FakeCloudFormation();
    const ssm = new FakeSsm();
    const run = await runAgainstFake(fake, [command, '--force', '--yes', '--assembly', assembly()], { ssm });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/\[ProtectedStage\]: stage 'prod' is protected: --force is refused\. Nothing was changed/);
    expect(fake.calls).toEqual([]);
    expect(ssm.calls).toEqual([]);
  });

  test('--require-approval never is refused', async () => {
    const fake = new FakeCloudFormation();
    const run = await runAgainstFake(fake, ['deploy', '--require-approval', 'never', '--assembly', assembly()]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/\[ProtectedStage\]: stage 'prod' is protected: every change needs approval, so --require-approval never is refused/);
    expect(fake.mutations()).toEqual([]);
  });

  const STACK = 'listbackup-core-prod';
  const policyStack = (...actions: string[]) => ({
    name: STACK, tags: { Service: 'listbackup-core', Stage: 'prod', ManagedBy: 'projen-cdk' },
    template: { Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
      Policy: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'fn', Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: actions.map((Action) => ({ Effect: 'Allow', Action, Resource: 'arn:aws:s3:::data/*' })) } } },
    } },
  });

  test('a narrowing IAM change, which another stage deploys unasked, needs approval; approved, the stack gets termination protection', async () => {
    const fake = new FakeCloudFormation();
    const ssm = new FakeSsm();
    const unprotected = { ...prod, protected: false };
    expect((await runAgainstFake(fake, ['deploy', '--require-approval', 'never', '--assembly', writeStageAssembly([policyStack('s3:GetObject', 's3:PutObject')], 'prod', unprotected)], { ssm })).code).toBe(0);
    const narrowed = (env: StageEnvironment) => writeStageAssembly([policyStack('s3:GetObject')], 'prod', env);

    const refused = await runAgainstFake(fake, ['deploy', '--assembly', narrowed(prod)], { ssm });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/listbackup-core-prod: the deploy changes IAM permissions or resource policies and there is no terminal to approve it/);
    expect(fake.stack(STACK)!.terminationProtection).not.toBe(true);

    const questions: string[] = [];
    const out: string[] = [];
    const code = await runCli(['deploy', '--assembly', narrowed(prod), '--poll-interval', '0'], {
      out: { line: (l) => out.push(l) }, err: { line: (l) => out.push(l) },
      ask: async (q) => { questions.push(q); return 'y'; },
      aws: { region: 'us-east-1', clientConfig: { credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } }, onClient: (c) => { fake.attach(c); ssm.attach(c); new FakeSts().attach(c); } },
    });
    expect(code).toBe(0);
    expect(questions).toEqual([`deploy these changes to ${STACK}? (y/n) `]);
    expect(out.join('\n')).toMatch(/listbackup-core-prod: termination protection turned on \(protected stage\)/);
    expect(fake.stack(STACK)!.terminationProtection).toBe(true);
  });
});
