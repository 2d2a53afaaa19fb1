import { FakeCloudFormation } from '../src/testing';
import { QUEUES, queueStack, TABLES, tableStack, writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';

let fake: FakeCloudFormation;
let assembly: string;
beforeEach(async () => {
  fake = new FakeCloudFormation({ region: 'eu-west-1', account: '210987654321' });
  assembly = writeAssembly([tableStack(), queueStack()]);
  expect((await runAgainstFake(fake, ['deploy', '--assembly', assembly, '--region', 'eu-west-1'])).code).toBe(0);
});
const verify = () => runAgainstFake(fake, ['verify', 'test', '--assembly', assembly, '--region', 'eu-west-1']);

test('the fake answers with ids, names and URLs in the real formats', () => {
  expect(fake.stack(TABLES)?.stackId).toMatch(new RegExp(`^arn:aws:cloudformation:eu-west-1:210987654321:stack/${TABLES}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
  const output = (stack: string) => fake.stack(stack)!.outputs[0].value;
  expect(output(TABLES)).toMatch(new RegExp(`^${TABLES}-UsersTable-[A-Z0-9]{12}$`));
  expect(output(QUEUES)).toMatch(new RegExp(`^https://sqs\\.eu-west-1\\.amazonaws\\.com/210987654321/${QUEUES}-SyncQueue-[A-Z0-9]{12}\\.fifo$`));
  expect(fake.stack(TABLES)!.physical.UsersTable.attributes.Arn).toBe(`arn:aws:dynamodb:eu-west-1:210987654321:table/${output(TABLES)}`);
});

test('verify probes every exported resource through its service and includes drift', async () => {
  const run = await verify();
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/export\s+listbackup-infrastructure-dynamodb-test-UsersTableName\s+ok\s+AWS::DynamoDB::Table \S+ is live/);
  expect(run.out).toMatch(/export\s+listbackup-infrastructure-sqs-test-SyncQueueUrl\s+ok\s+AWS::SQS::Queue https:\/\/sqs\.eu-west-1\.amazonaws\.com\/\S+ is live/);
  expect(run.out).toMatch(new RegExp(`drift\\s+${TABLES}\\s+ok\\s+IN_SYNC`));
  expect(fake.calls.map((c) => c.command)).toEqual(expect.arrayContaining(['DescribeTable', 'GetQueueAttributes', 'DetectStackDrift']));
  expect(fake.calls.find((c) => c.command === 'DescribeTable')?.input.TableName).toBe(fake.stack(TABLES)!.outputs[0].value);
  expect(run.out).toMatch(/stage test: all \d+ checks passed/);
});

test('verify fails when a resource behind an export is gone', async () => {
  fake.deleteResource(TABLES, 'UsersTable');
  const run = await verify();
  expect(run.code).toBe(1);
  expect(run.err).toMatch(/export listbackup-infrastructure-dynamodb-test-UsersTableName: AWS::DynamoDB::Table \S+ not found: ResourceNotFoundException/);
});

test('verify fails on drift, naming the resource and property', async () => {
  fake.driftResource(QUEUES, 'SyncQueue', [{ PropertyPath: '/VisibilityTimeout', ExpectedValue: '30', ActualValue: '300' }]);
  const run = await verify();
  expect(run.code).toBe(1);
  expect(run.out).toMatch(new RegExp(`drift\\s+${QUEUES}/SyncQueue\\s+DRIFTED\\s+MODIFIED AWS::SQS::Queue: /VisibilityTimeout expected 30, actual 300`));
  expect(run.err).toContain(`drift ${QUEUES}/SyncQueue: MODIFIED AWS::SQS::Queue`);
});

test('on an endpoint without drift detection, verify says drift was not checked: it neither fails nor claims no drift', async () => {
  fake.driftDetectionUnsupported = true;
  const run = await verify();
  expect(run.code).toBe(0);
  expect(run.out).toMatch(new RegExp(`drift\\s+${TABLES}\\s+NOT CHECKED\\s+drift could not be checked: the endpoint has no drift detection \\(DetectStackDrift\\)`));
  expect(run.out).toMatch(/stage test: \d+ checks passed; 2 could not be made here \(drift\)/);
  expect(run.out).not.toMatch(/all \d+ checks passed|IN_SYNC/);
});
