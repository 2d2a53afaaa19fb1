import { Interrupt } from '../src/interrupt';
import { FakeCloudFormation } from '../src/testing';
import { CORE, coreStack, QUEUES, queueStack, TABLES, tableStack, writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';


let fake: FakeCloudFormation;
let all: string;
beforeEach(() => {
  fake = new FakeCloudFormation();
  all = writeAssembly([tableStack(), queueStack(), coreStack()]);
});

test('a failed create names the resource, skips dependents, lets siblings finish and exits non-zero', async () => {
  fake.failResource(TABLES, 'UsersTable', 'Resource handler returned message: "Table already exists"');
  const run = await runAgainstFake(fake, ['deploy', '--assembly', all]);

  expect(run.code).toBe(1);
  expect(run.err).toMatch(/failed: listbackup-infrastructure-dynamodb-test[\s\S]*UsersTable \(AWS::DynamoDB::Table\): Resource handler returned message: "Table already exists"/);
  expect(run.err).toMatch(/not started: listbackup-core-test/);
  expect(fake.stack(TABLES)?.status).toBe('ROLLBACK_COMPLETE');
  expect(fake.stack(QUEUES)?.status).toBe('CREATE_COMPLETE');
  expect(fake.mutations().filter((m) => m.endsWith(CORE))).toEqual([]);
  expect(run.out).toMatch(/listbackup-infrastructure-dynamodb-test \| .* ROLLBACK_IN_PROGRESS/);
});

test('a ROLLBACK_COMPLETE stack is deleted and created again on the next deploy', async () => {
  fake.failResource(TABLES, 'UsersTable', 'Table already exists');
  await runAgainstFake(fake, ['deploy', '--assembly', all]);
  const before = fake.calls.length;

  const run = await runAgainstFake(fake, ['deploy', '--assembly', all]);

  expect(run.code).toBe(0);
  expect(run.out).toMatch(/in ROLLBACK_COMPLETE from a failed create; deleting it/);
  const mutations = fake.calls.slice(before).filter((c) => !c.throttled && /Create|Execute|Delete|Update/.test(c.command)).map((c) => `${c.command} ${c.input.StackName}`);
  expect(mutations.slice(0, 3)).toEqual([`DeleteStack ${TABLES}`, `CreateChangeSet ${TABLES}`, `ExecuteChangeSet ${TABLES}`]);
  expect(mutations.filter((m) => m.endsWith(QUEUES))).toEqual([]); // unchanged: not even a change set
  expect([TABLES, QUEUES, CORE].map((s) => fake.stack(s)?.status)).toEqual(['CREATE_COMPLETE', 'CREATE_COMPLETE', 'CREATE_COMPLETE']);
});

test('UPDATE_ROLLBACK_FAILED says how to continue the rollback and changes nothing', async () => {
  expect((await runAgainstFake(fake, ['deploy', '--assembly', all])).code).toBe(0);
  const changed = writeAssembly([tableStack('test', {
    Resources: { UsersTable: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PROVISIONED' } } },
  })]);
  fake.failResource(TABLES, 'UsersTable', 'Invalid billing mode change', { rollbackFails: true });
  const failed = await runAgainstFake(fake, ['deploy', '--assembly', changed]);
  expect(failed.code).toBe(1);
  expect(fake.stack(TABLES)?.status).toBe('UPDATE_ROLLBACK_FAILED');
  const before = fake.mutations().length;

  const again = await runAgainstFake(fake, ['deploy', '--assembly', changed]);

  expect(again.code).toBe(1);
  expect(again.err).toMatch(/UPDATE_ROLLBACK_FAILED/);
  expect(again.err).toMatch(/aws cloudformation continue-update-rollback --stack-name listbackup-infrastructure-dynamodb-test \[--resources-to-skip UsersTable\]/);
  expect(fake.mutations().length).toBe(before);
});

test('a second deploy with nothing changed makes no mutating call and says "no changes"', async () => {
  expect((await runAgainstFake(fake, ['deploy', '--assembly', all])).code).toBe(0);
  const before = fake.mutations().length;

  const run = await runAgainstFake(fake, ['deploy', '--assembly', all]);

  expect(run.code).toBe(0);
  expect(run.out.match(/: no changes/g)).toHaveLength(3);
  expect(fake.mutations().length).toBe(before);
});

test('a change set CloudFormation finds empty is deleted, not executed', async () => {
  const tables = writeAssembly([tableStack()]);
  expect((await runAgainstFake(fake, ['deploy', '--assembly', tables])).code).toBe(0);
  // The deployed template comes back as YAML, so only CloudFormation can tell it is the same.
  fake.stack(TABLES)!.templateBody = 'Resources:\n  UsersTable: ...';
  const before = fake.mutations().length;

  const run = await runAgainstFake(fake, ['deploy', '--assembly', tables]);

  expect(run.code).toBe(0);
  expect(run.out).toMatch(/listbackup-infrastructure-dynamodb-test: no changes/);
  expect(fake.mutations().slice(before)).toEqual([`CreateChangeSet ${TABLES}`, `DeleteChangeSet ${TABLES}`]);
});

test('an export that the new template drops while another stack imports it is refused before any change', async () => {
  expect((await runAgainstFake(fake, ['deploy', '--assembly', all])).code).toBe(0);
  const withoutExport = writeAssembly([tableStack('test', { Outputs: {} })]);
  const before = fake.mutations().length;

  const run = await runAgainstFake(fake, ['deploy', '--assembly', withoutExport]);

  expect(run.code).toBe(1);
  expect(run.err).toMatch(/listbackup-infrastructure-dynamodb-test-UsersTableName \(imported by listbackup-core-test\)/);
  expect(run.err).toMatch(/first deploy the importing stack without the import, then deploy this stack without the export/);
  expect(fake.mutations().length).toBe(before);
});

test('an import with no export anywhere is refused before any change', async () => {
  const run = await runAgainstFake(fake, ['deploy', '--assembly', writeAssembly([coreStack()])]);

  expect(run.code).toBe(1);
  expect(run.err).toMatch(/\[ContractViolation\]/);
  expect(run.err).toMatch(/listbackup-core-test: imports 'listbackup-infrastructure-dynamodb-test-UsersTableName', which no stack of this deploy exports and which is not deployed/);
  expect(fake.mutations()).toEqual([]);
});

test('throttling is retried by the SDK standard retry strategy', async () => {
  fake.throttle(2, 'DescribeStacks');
  const run = await runAgainstFake(fake, ['deploy', '--assembly', writeAssembly([tableStack()])]);

  expect(run.code).toBe(0);
  const describeCalls = fake.calls.filter((c) => c.command === 'DescribeStacks');
  expect(describeCalls.slice(0, 3).map((c) => Boolean(c.throttled))).toEqual([true, true, false]);
  expect(fake.stack(TABLES)?.status).toBe('CREATE_COMPLETE');
});

test('throttling beyond the retry budget fails with the reason', async () => {
  fake.throttle(10, 'ListExports');
  const run = await runAgainstFake(fake, ['deploy', '--assembly', writeAssembly([tableStack()])], { maxAttempts: 2 });

  expect(run.code).toBe(1);
  expect(run.err).toMatch(/listing exports \(ListExports\) failed: Throttling: Rate exceeded/);
  expect(fake.calls.filter((c) => c.command === 'ListExports')).toHaveLength(2);
  expect(fake.mutations()).toEqual([]);
});

test('SIGINT starts nothing new, leaves the running operation running and says how to resume', async () => {
  const interrupt = new Interrupt();
  fake.afterCall = (command, input) => {
    if (command === 'ExecuteChangeSet' && input.StackName === TABLES) interrupt.request();
  };
  const run = await runAgainstFake(fake, ['deploy', '--assembly', all, '--concurrency', '1'], { interrupt });

  expect(run.code).toBe(130);
  expect(fake.mutations()).toEqual([`CreateChangeSet ${TABLES}`, `ExecuteChangeSet ${TABLES}`]);
  expect(fake.stack(TABLES)?.status).toMatch(/_IN_PROGRESS$/);
  expect(run.err).toMatch(/left running: listbackup-infrastructure-dynamodb-test: stopped watching while CREATE_IN_PROGRESS/);
  expect(run.err).toMatch(/not started: .*listbackup-infrastructure-sqs-test/);
  expect(run.err).toMatch(/run the same command again/);
});
