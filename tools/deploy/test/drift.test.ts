import { FakeCloudFormation } from '../src/testing';
import { QUEUES, queueStack, TABLES, tableStack, writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';

let fake: FakeCloudFormation;
let assembly: string;
beforeEach(async () => {
  fake = new FakeCloudFormation();
  assembly = writeAssembly([tableStack(), queueStack()]);
  expect((await runAgainstFake(fake, ['deploy', '--assembly', assembly])).code).toBe(0);
});

test('drift prints every drifted resource with its property differences, and in-sync stacks as such', async () => {
  fake.driftResource(TABLES, 'UsersTable', [{ PropertyPath: '/BillingMode', ExpectedValue: 'PAY_PER_REQUEST', ActualValue: 'PROVISIONED' }]);
  const run = await runAgainstFake(fake, ['drift', '--assembly', assembly]);
  expect(run.code).toBe(0);
  expect(run.out).toMatch(new RegExp(`${TABLES}\\s+DRIFTED\\s+UsersTable \\(AWS::DynamoDB::Table\\)\\s+MODIFIED\\s+/BillingMode\\s+PAY_PER_REQUEST\\s+PROVISIONED`));
  expect(run.out).toMatch(new RegExp(`${QUEUES}\\s+IN_SYNC`));
  expect(fake.calls.filter((c) => c.command === 'DetectStackDrift').map((c) => c.input.StackName).sort()).toEqual([TABLES, QUEUES].sort());
});

test('drift --fail exits 1 naming the drifted stack; without drift it passes', async () => {
  const clean = await runAgainstFake(fake, ['drift', '--fail', '--assembly', assembly]);
  expect(clean.code).toBe(0);
  fake.driftResource(QUEUES, 'SyncQueue', [], { deleted: true });
  const run = await runAgainstFake(fake, ['drift', '--fail', '--assembly', assembly]);
  expect(run.code).toBe(1);
  expect(run.out).toMatch(/SyncQueue \(AWS::SQS::Queue\)\s+DELETED/);
  expect(run.err).toMatch(/\[DriftDetected\]: listbackup-infrastructure-sqs-test has drifted from its template/);
});

test('drift of one named stack looks at that stack only', async () => {
  const run = await runAgainstFake(fake, ['drift', TABLES, '--assembly', assembly]);
  expect(run.code).toBe(0);
  expect(fake.calls.filter((c) => c.command === 'DetectStackDrift').map((c) => c.input.StackName)).toEqual([TABLES]);
});
