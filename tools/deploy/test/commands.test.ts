import { FakeCloudFormation } from '../src/testing';
import { CORE, coreStack, QUEUES, queueStack, TABLES, tableStack, writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';


let fake: FakeCloudFormation;
let all: string;
beforeEach(() => {
  fake = new FakeCloudFormation();
  all = writeAssembly([tableStack(), queueStack(), coreStack()]);
});

test('plan shows the changes, executes nothing and leaves no stack behind', async () => {
  const infra = writeAssembly([tableStack(), queueStack()]);
  const run = await runAgainstFake(fake, ['plan', '--assembly', infra]);

  expect(run.code).toBe(0);
  expect(run.out).toMatch(/listbackup-infrastructure-dynamodb-test: 1 change\n\s+Add\s+UsersTable AWS::DynamoDB::Table/);
  expect(fake.mutations().filter((m) => m.startsWith('Execute'))).toEqual([]);
  expect(fake.mutations().filter((m) => m.endsWith(TABLES))).toEqual([`CreateChangeSet ${TABLES}`, `DeleteChangeSet ${TABLES}`, `DeleteStack ${TABLES}`]);
  await runAgainstFake(fake, ['status', '--assembly', infra]); // lets the fake finish the deletes
  expect(fake.stack(TABLES)).toBeUndefined();
});

test('plan of a deployed stack shows a modification and keeps the stack', async () => {
  await runAgainstFake(fake, ['deploy', '--assembly', all]);
  const changed = writeAssembly([tableStack('test', { Resources: { UsersTable: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PROVISIONED' } } } })]);
  const before = fake.mutations().length;

  const run = await runAgainstFake(fake, ['plan', '--assembly', changed]);

  expect(run.out).toMatch(/Modify\s+UsersTable AWS::DynamoDB::Table replacement=False/);
  expect(fake.mutations().slice(before)).toEqual([`CreateChangeSet ${TABLES}`, `DeleteChangeSet ${TABLES}`]);
  expect(fake.stack(TABLES)?.status).toBe('CREATE_COMPLETE');
});

test('status and outputs print a table per stack', async () => {
  await runAgainstFake(fake, ['deploy', '--assembly', writeAssembly([tableStack()])]);
  const status = await runAgainstFake(fake, ['status', '--assembly', all]);
  expect(status.out).toMatch(/^STACK\s+STATUS\s+LAST UPDATE/);
  expect(status.out).toMatch(/listbackup-infrastructure-dynamodb-test\s+CREATE_COMPLETE\s+\d{4}-/);
  expect(status.out).toMatch(/listbackup-core-test\s+NOT_DEPLOYED\s+-/);

  const outputs = await runAgainstFake(fake, ['outputs', '--assembly', all]);
  expect(outputs.out).toMatch(/listbackup-infrastructure-dynamodb-test\s+UsersTableName\s+listbackup-infrastructure-dynamodb-test-UsersTableName\s+listbackup-infrastructure-dynamodb-test-UsersTable/);
});

test('destroy refuses stacks holding data without --force and deletes nothing', async () => {
  await runAgainstFake(fake, ['deploy', '--assembly', all]);
  const before = fake.mutations().length;

  const run = await runAgainstFake(fake, ['destroy', '--yes', '--assembly', all]);

  expect(run.code).toBe(1);
  expect(run.err).toMatch(/\[DataStackProtected\]: destroy refused, nothing was deleted:\n\s+- listbackup-infrastructure-dynamodb-test holds data \(UsersTable AWS::DynamoDB::Table\): pass --force/);
  expect(fake.mutations().length).toBe(before);
});

test('destroy refuses a stack whose export another stack imports, naming the importer', async () => {
  await runAgainstFake(fake, ['deploy', '--assembly', all]);
  const before = fake.mutations().length;

  const run = await runAgainstFake(fake, ['destroy', '--yes', '--force', '--assembly', writeAssembly([queueStack()])]);

  expect(run.code).toBe(1);
  expect(run.err).toMatch(/listbackup-infrastructure-sqs-test: export listbackup-infrastructure-sqs-test-SyncQueueUrl is in use by listbackup-core-test/);
  expect(fake.mutations().length).toBe(before);
});

test('destroy --force deletes in reverse dependency order', async () => {
  await runAgainstFake(fake, ['deploy', '--assembly', all]);
  const before = fake.mutations().length;

  const run = await runAgainstFake(fake, ['destroy', '--yes', '--force', '--assembly', all, '--concurrency', '1']);

  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  const deletes = fake.mutations().slice(before).filter((m) => m.startsWith('DeleteStack'));
  // The table stack had termination protection on (it holds data): the force turns it off first.
  expect(fake.mutations().slice(before)).toContain(`UpdateTerminationProtection ${TABLES}`);
  expect(deletes[0]).toBe(`DeleteStack ${CORE}`);
  expect(deletes.slice(1).sort()).toEqual([`DeleteStack ${TABLES}`, `DeleteStack ${QUEUES}`]);
  expect([CORE, TABLES, QUEUES].map((s) => fake.stack(s))).toEqual([undefined, undefined, undefined]);
});

test('check proves the contract against deployed exports', async () => {
  const coreOnly = writeAssembly([coreStack()]);
  expect((await runAgainstFake(fake, ['check', '--assembly', coreOnly])).code).toBe(1);
  await runAgainstFake(fake, ['deploy', '--assembly', writeAssembly([tableStack(), queueStack()])]);
  const run = await runAgainstFake(fake, ['check', '--assembly', coreOnly]);
  expect(run.out).toMatch(/contracts hold for 1 stack \(assemblies and deployed exports\)/);
  expect(run.code).toBe(0);
});

test('--method direct treats "No updates are to be performed." as no changes', async () => {
  const tables = writeAssembly([tableStack()]);
  expect((await runAgainstFake(fake, ['deploy', '--method', 'direct', '--assembly', tables])).code).toBe(0);
  expect(fake.mutations()).toEqual([`CreateStack ${TABLES}`, `UpdateTerminationProtection ${TABLES}`]);
  fake.stack(TABLES)!.templateBody = 'Resources:\n  UsersTable: ...'; // only CloudFormation can tell it is the same

  const run = await runAgainstFake(fake, ['deploy', '--method', 'direct', '--assembly', tables]);

  expect(run.code).toBe(0);
  expect(run.out).toMatch(/listbackup-infrastructure-dynamodb-test: no changes/);
  expect(fake.mutations()).toEqual([`CreateStack ${TABLES}`, `UpdateTerminationProtection ${TABLES}`, `UpdateStack ${TABLES}`]);
  expect(fake.stack(TABLES)?.status).toBe('CREATE_COMPLETE');
});

test('with an operation latency, a stack stays in progress until that time has passed', async () => {
  fake.operationLatencyMs[TABLES] = 300;
  const infra = writeAssembly([tableStack()]);
  const started = Date.now();
  const run = await runAgainstFake(fake, ['deploy', '--assembly', infra]);
  expect(run.code).toBe(0);
  expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  expect(fake.stack(TABLES)?.status).toBe('CREATE_COMPLETE');
});
