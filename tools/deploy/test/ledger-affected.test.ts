import { FakeCloudFormation, FakeSsm } from '../src/testing';
import { ledgerParameterName, LEDGER_SCHEMA_VERSION } from '../src/ledger';
import { CORE, coreStack, QUEUES, queueStack, TABLES, tableStack, writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';
import { Repository } from './fixtures/stages';

const REGION = 'us-east-1';
const ledgerOf = (ssm: FakeSsm, stack: string) => JSON.parse(ssm.value(REGION, ledgerParameterName('test', stack)) ?? 'null');

/** The queue stack with one more property: a change to its template. */
function changedQueueStack() {
  const spec = queueStack();
  return { ...spec, template: { ...spec.template, Resources: { SyncQueue: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true, VisibilityTimeout: 60 } } } } };
}

function changedTableStack() {
  return tableStack('test', { Resources: { UsersTable: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST', TableClass: 'STANDARD_INFREQUENT_ACCESS' } } } });
}

const executed = (fake: FakeCloudFormation, from: number) => fake.calls.slice(from).filter((c) => c.command === 'ExecuteChangeSet').map((c) => c.input.StackName).sort();

test('each deploy writes one ledger parameter per stack: commit, template hash, time, tool version, outcome', async () => {
  const fake = new FakeCloudFormation();
  const ssm = new FakeSsm();
  const repo = new Repository();
  const run = await runAgainstFake(fake, ['deploy', '--assembly', writeAssembly([tableStack(), queueStack(), coreStack()])], { ssm, repository: repo.dir });
  expect(run.code).toBe(0);

  expect(ssm.mutations().sort()).toEqual([CORE, QUEUES, TABLES].map((s) => `PutParameter ${ledgerParameterName('test', s)}`).sort());
  const entry = ledgerOf(ssm, TABLES);
  expect(entry).toMatchObject({ schemaVersion: LEDGER_SCHEMA_VERSION, stage: 'test', stack: TABLES, lastOutcome: 'succeeded' });
  expect(entry.lastAttempt).toEqual(entry.lastSuccess);
  expect(entry.lastSuccess).toMatchObject({ commit: repo.head(), dirty: false, toolVersion: '0.1.0', templateHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
  expect(Date.now() - Date.parse(entry.lastSuccess.time)).toBeLessThan(60_000);
  // The ledger is not a stack tag: no stack's tags carry it.
  expect(JSON.stringify(fake.stack(TABLES)!.tags)).not.toMatch(/ledger|sha256/);
});

test('an unchanged redeploy of the same commit writes no ledger entry and changes no stack (only the empty change set is made and deleted); a new commit is recorded', async () => {
  const fake = new FakeCloudFormation();
  const ssm = new FakeSsm();
  const repo = new Repository();
  const assembly = writeAssembly([tableStack(), queueStack()]);
  expect((await runAgainstFake(fake, ['deploy', '--assembly', assembly], { ssm, repository: repo.dir })).code).toBe(0);
  const [cfnBefore, ssmBefore] = [fake.mutations().length, ssm.mutations().length];

  expect((await runAgainstFake(fake, ['deploy', '--assembly', assembly], { ssm, repository: repo.dir })).code).toBe(0);
  expect(ssm.mutations().slice(ssmBefore)).toEqual([]);
  expect(fake.mutations().slice(cfnBefore).filter((m) => !/ChangeSet/.test(m))).toEqual([]);

  repo.commit('docs only');
  expect((await runAgainstFake(fake, ['deploy', '--assembly', assembly], { ssm, repository: repo.dir })).code).toBe(0);
  expect(ssm.mutations().slice(ssmBefore).sort()).toEqual([QUEUES, TABLES].map((s) => `PutParameter ${ledgerParameterName('test', s)}`).sort());
  expect(ledgerOf(ssm, TABLES).lastSuccess.commit).toBe(repo.head());
});

test('the ledger keeps how long the last deploy that changed a stack took, through deploys that change nothing', async () => {
  const fake = new FakeCloudFormation();
  Object.assign(fake.operationLatencyMs, { [TABLES]: 120, [QUEUES]: 30 });
  const ssm = new FakeSsm();
  const repo = new Repository();
  const assembly = writeAssembly([tableStack(), queueStack()]);
  expect((await runAgainstFake(fake, ['deploy', '--assembly', assembly], { ssm, repository: repo.dir })).code).toBe(0);
  const tables = ledgerOf(ssm, TABLES).lastOperationMs;
  const queues = ledgerOf(ssm, QUEUES).lastOperationMs;
  expect(tables).toBeGreaterThanOrEqual(120);
  expect(queues).toBeGreaterThanOrEqual(30);
  expect(tables).toBeGreaterThan(queues);

  // A new commit with the same templates: the entries are written again, the durations kept.
  repo.commit('docs only');
  expect((await runAgainstFake(fake, ['deploy', '--assembly', assembly], { ssm, repository: repo.dir })).code).toBe(0);
  expect(ledgerOf(ssm, TABLES).lastSuccess.commit).toBe(repo.head());
  expect(ledgerOf(ssm, TABLES).lastOperationMs).toBe(tables);
});

test('a deploy starts the stacks in the order of their durations in the ledger, the longest first', async () => {
  const fake = new FakeCloudFormation();
  const ssm = new FakeSsm();
  const repo = new Repository();
  expect((await runAgainstFake(fake, ['deploy', '--assembly', writeAssembly([tableStack(), queueStack()])], { ssm, repository: repo.dir })).code).toBe(0);
  for (const [stack, ms] of [[TABLES, 1000], [QUEUES, 9000]] as const) {
    ssm.seed(REGION, ledgerParameterName('test', stack), JSON.stringify({ ...ledgerOf(ssm, stack), lastOperationMs: ms }));
  }
  const before = fake.calls.length;
  const run = await runAgainstFake(fake, ['deploy', '--concurrency', '1', '--assembly', writeAssembly([changedTableStack(), changedQueueStack()])], { ssm, repository: repo.dir });
  expect(run.code).toBe(0);
  const order = fake.calls.slice(before).filter((c) => c.command === 'ExecuteChangeSet').map((c) => c.input.StackName);
  expect(order).toEqual([QUEUES, TABLES]);
});

test('status <stage> shows the ledger: deployed commit, commits behind HEAD, last outcome', async () => {
  const fake = new FakeCloudFormation();
  const ssm = new FakeSsm();
  const repo = new Repository();
  const assembly = writeAssembly([tableStack(), queueStack()]);
  expect((await runAgainstFake(fake, ['deploy', '--assembly', assembly], { ssm, repository: repo.dir })).code).toBe(0);
  const deployedAt = repo.head();
  repo.commit('two');
  repo.commit('three');

  const run = await runAgainstFake(fake, ['status', 'test', '--assembly', assembly], { ssm, repository: repo.dir });
  expect(run.code).toBe(0);
  const line = run.out.split('\n').find((l) => l.startsWith(TABLES))!;
  expect(line).toMatch(new RegExp(`^${TABLES}\\s+CREATE_COMPLETE\\s+${deployedAt.slice(0, 12)}\\s+2\\s+succeeded\\s+\\d{4}-`));
  expect(run.out).toMatch(/DEPLOYED COMMIT\s+BEHIND HEAD\s+LAST OUTCOME\s+DEPLOYED AT\s+DRIFT/);
  // status reads: the mutating calls are the deploy's alone.
  expect(fake.mutations().filter((m) => !/ChangeSet|TerminationProtection/.test(m))).toEqual([]);
});

test('a new stage, with no ledger, deploys everything and says so', async () => {
  const fake = new FakeCloudFormation();
  const run = await runAgainstFake(fake, ['affected', '--stage', 'test', '--assembly', writeAssembly([tableStack(), queueStack(), coreStack()])], { repository: new Repository().dir });
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/stage 'test': 3 of 3 stacks affected \(no ledger: a new stage\)/);
  expect(run.out).toMatch(new RegExp(`${TABLES}\\s+yes\\s+stage 'test' has no ledger: a new stage deploys everything`));
  expect(executed(fake, 0)).toEqual([CORE, QUEUES, TABLES].sort());
  // Graph order: core-service after both stacks it imports from.
  const order = fake.calls.filter((c) => c.command === 'ExecuteChangeSet').map((c) => c.input.StackName);
  expect(order.indexOf(CORE)).toBe(2);
});

test('a stage three commits behind deploys exactly the stacks changed since, and their dependents', async () => {
  const fake = new FakeCloudFormation();
  const ssm = new FakeSsm();
  const repo = new Repository();
  expect((await runAgainstFake(fake, ['deploy', '--assembly', writeAssembly([tableStack(), queueStack(), coreStack()])], { ssm, repository: repo.dir })).code).toBe(0);
  const deployedAt = repo.head().slice(0, 12);
  repo.commit('change the queue');
  repo.commit('docs');
  repo.commit('tests');
  const before = fake.calls.length;

  const run = await runAgainstFake(fake, ['affected', '--stage', 'test', '--assembly', writeAssembly([tableStack(), changedQueueStack(), coreStack()])], { ssm, repository: repo.dir });
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/stage 'test': 2 of 3 stacks affected/);
  expect(run.out).toMatch(new RegExp(`${QUEUES}\\s+yes\\s+changed since its last successful deploy \\(${deployedAt}, 3 commits behind HEAD\\)`));
  expect(run.out).toMatch(new RegExp(`${CORE}\\s+yes\\s+imports from ${QUEUES}, which is deployed first`));
  expect(run.out).toMatch(new RegExp(`${TABLES}\\s+no\\s+unchanged since ${deployedAt}, 3 commits behind HEAD`));
  // Only the queue stack changes; core-service is redeployed after it and finds nothing to change.
  expect(executed(fake, before)).toEqual([QUEUES]);
  expect(fake.calls.slice(before).some((c) => c.input.StackName === TABLES && c.command !== 'DescribeStacks')).toBe(false);
  expect(ledgerOf(ssm, QUEUES).lastSuccess.commit).toBe(repo.head());
  expect(ledgerOf(ssm, TABLES).lastSuccess.commit.slice(0, 12)).toBe(deployedAt);
});

test('a failed deploy makes that stack affected on the next run, though nothing changed since', async () => {
  const fake = new FakeCloudFormation();
  const ssm = new FakeSsm();
  const repo = new Repository();
  expect((await runAgainstFake(fake, ['deploy', '--assembly', writeAssembly([tableStack(), queueStack(), coreStack()])], { ssm, repository: repo.dir })).code).toBe(0);
  repo.commit('change the table');
  const assembly = writeAssembly([changedTableStack(), queueStack(), coreStack()]);
  fake.failResource(TABLES, 'UsersTable', 'Resource handler returned message: "Rate exceeded"');
  const failed = await runAgainstFake(fake, ['deploy', '--assembly', assembly], { ssm, repository: repo.dir });
  expect(failed.code).toBe(1);
  expect(ledgerOf(ssm, TABLES)).toMatchObject({ lastOutcome: 'failed', lastAttempt: { commit: repo.head() } });
  expect(ledgerOf(ssm, TABLES).lastSuccess.commit).not.toBe(repo.head());

  // Same commit, same assemblies: git says nothing changed since that deploy.
  const before = fake.calls.length;
  const run = await runAgainstFake(fake, ['affected', '--stage', 'test', '--assembly', assembly], { ssm, repository: repo.dir });
  expect(run.code).toBe(0);
  expect(run.out).toMatch(new RegExp(`${TABLES}\\s+yes\\s+its last deploy failed \\(${repo.head().slice(0, 12)}, 0 commits behind HEAD`));
  expect(run.out).toMatch(new RegExp(`${QUEUES}\\s+no\\s+unchanged since`));
  expect(executed(fake, before)).toEqual([TABLES]);
  expect(ledgerOf(ssm, TABLES).lastOutcome).toBe('succeeded');

  const again = await runAgainstFake(fake, ['affected', '--stage', 'test', '--assembly', assembly], { ssm, repository: repo.dir });
  expect(again.out).toMatch(/nothing to deploy: every stack of 'test' is as its last successful deploy left it/);
});

test('a stack the ledger knows but CloudFormation does not hold is affected as missing', async () => {
  const ssm = new FakeSsm();
  const repo = new Repository();
  const assembly = writeAssembly([tableStack(), queueStack()]);
  expect((await runAgainstFake(new FakeCloudFormation(), ['deploy', '--assembly', assembly], { ssm, repository: repo.dir })).code).toBe(0);
  const fresh = new FakeCloudFormation();
  const run = await runAgainstFake(fresh, ['affected', '--stage', 'test', '--assembly', assembly], { ssm, repository: repo.dir });
  expect(run.out).toMatch(new RegExp(`${TABLES}\\s+yes\\s+missing: CloudFormation holds no such stack`));
  expect(executed(fresh, 0)).toEqual([QUEUES, TABLES].sort());
});

describe('a ledger this tool cannot read stops the run before anything changes', () => {
  test.each([
    ['not JSON', '{oops', /\[LedgerInvalid\]: the ledger parameter \/listbackup\/deploy-ledger\/test\/listbackup-infrastructure-dynamodb-test is not JSON .*nothing was changed; delete it \(aws ssm delete-parameter/],
    ['missing fields', JSON.stringify({ schemaVersion: 1, stage: 'test', stack: TABLES, lastOutcome: 'maybe' }), /\[LedgerInvalid\]: .* is malformed \(lastOutcome, lastAttempt\): nothing was changed/],
    ['a newer format', JSON.stringify({ schemaVersion: 2, lastAttempt: { toolVersion: '3.0.0' } }), /\[LedgerTooNew\]: the ledger parameter .* was written by listbackup-deploy 3.0.0 in ledger format 2; this tool \(0.1.0\) reads format 1: nothing was changed; deploy with the newer tool/],
    ['a newer major tool', JSON.stringify({ schemaVersion: 1, stage: 'test', stack: TABLES, lastOutcome: 'succeeded', lastAttempt: { commit: 'abc1234', dirty: false, templateHash: 'sha256:x', time: '2026-01-01T00:00:00Z', toolVersion: '2.0.0' } }), /\[LedgerTooNew\]: .* was written by listbackup-deploy 2.0.0, a newer major version than this one \(0.1.0\)/],
  ])('%s', async (_what, value, message) => {
    for (const command of ['deploy', 'affected']) {
      const fake = new FakeCloudFormation();
      const ssm = new FakeSsm();
      ssm.seed(REGION, ledgerParameterName('test', TABLES), value);
      const run = await runAgainstFake(fake, [command, '--stage', 'test', '--assembly', writeAssembly([tableStack(), queueStack()])], { ssm, repository: new Repository().dir });
      expect(run.code).toBe(1);
      expect(run.err).toMatch(message);
      expect(fake.mutations()).toEqual([]);
      expect(ssm.mutations()).toEqual([]);
    }
  });
});

test('a ledger that cannot be written is said plainly; the deploy itself stands', async () => {
  const fake = new FakeCloudFormation();
  const ssm = new FakeSsm();
  ssm.denyWrites(ledgerParameterName('test', TABLES));
  const run = await runAgainstFake(fake, ['deploy', '--assembly', writeAssembly([tableStack()])], { ssm, repository: new Repository().dir });
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/warning: listbackup-infrastructure-dynamodb-test was deployed, but its ledger entry was not written: .*AccessDeniedException.*The next deploy:affected deploys it again/);
});

test('affected for another stage than the assemblies hold is refused', async () => {
  const fake = new FakeCloudFormation();
  const run = await runAgainstFake(fake, ['affected', '--stage', 'prod', '--assembly', writeAssembly([tableStack()])]);
  expect(run.code).toBe(2);
  expect(run.err).toMatch(/STAGE is 'prod' but|--stage prod, but the assemblies hold stage 'test'/);
  expect(fake.mutations()).toEqual([]);
});
