import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FakeCloudFormation } from '../src/testing';
import { QUEUES, queueStack, TABLES, tableStack, writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';

let fake: FakeCloudFormation;
const withParameter = () => writeAssembly([tableStack('test', { Parameters: { Capacity: { Type: 'String', Default: 'on-demand' } } }), queueStack()]);
beforeEach(() => { fake = new FakeCloudFormation(); });
const input = (command: string, stackName: string) => fake.calls.find((c) => c.command === command && c.input.StackName === stackName)?.input;

test('--parameters, --tags, --notification-arns and --no-rollback reach CloudFormation', async () => {
  const run = await runAgainstFake(fake, ['deploy', '--assembly', withParameter(),
    '--parameters', `${TABLES}:Capacity=provisioned`, '--tags', 'CostCenter=backup', '--notification-arns', 'arn:aws:sns:us-east-1:123456789012:deploys', '--no-rollback']);
  expect(run.code).toBe(0);
  const create = input('CreateChangeSet', TABLES)!;
  expect(create.Parameters).toEqual(expect.arrayContaining([{ ParameterKey: 'Capacity', ParameterValue: 'provisioned' }]));
  expect(create.Tags).toEqual(expect.arrayContaining([{ Key: 'CostCenter', Value: 'backup' }, { Key: 'Service', Value: 'listbackup-infrastructure-dynamodb' }]));
  expect(create.NotificationARNs).toEqual(['arn:aws:sns:us-east-1:123456789012:deploys']);
  expect(input('ExecuteChangeSet', TABLES)!.DisableRollback).toBe(true);
  // The queue stack declares no parameter: it gets none.
  expect(input('CreateChangeSet', QUEUES)!.Parameters ?? []).toEqual([]);
});

test('a parameter no selected stack declares, or a malformed one, is refused before any call', async () => {
  for (const [args, message] of [
    [['--parameters', 'Nope=1'], /declares? no parameter Nope: nothing was done/],
    [['--parameters', 'no-such-stack:Capacity=1'], /no stack no-such-stack is being deployed/],
    [['--parameters', 'Capacity'], /--parameters 'Capacity' is invalid: use Key=Value or <stack>:Key=Value/],
    [['--tags', '=x'], /--tags '=x' is invalid: use Key=Value/],
  ] as const) {
    const run = await runAgainstFake(fake, ['deploy', '--assembly', withParameter(), ...args]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
  }
  expect(fake.mutations()).toEqual([]);
});

test('--outputs-file writes each deployed stack\'s outputs as JSON', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'outputs-')), 'outputs.json');
  const run = await runAgainstFake(fake, ['deploy', '--assembly', withParameter(), '--outputs-file', file]);
  expect(run.code).toBe(0);
  const outputs = JSON.parse(readFileSync(file, 'utf-8'));
  expect(Object.keys(outputs).sort()).toEqual([QUEUES, TABLES].sort());
  expect(Object.keys(outputs[TABLES])).toEqual(['UsersTableName']);
});

test('a second deploy of a stack while the first is executing is refused as busy; one change set is executed', async () => {
  const assembly = writeAssembly([tableStack()]);
  await runAgainstFake(fake, ['deploy', '--assembly', assembly]);
  const changed = writeAssembly([tableStack('test', { Resources: { UsersTable: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PROVISIONED' } } } })]);
  fake.operationLatencyMs[TABLES] = 200;
  const [a, b] = await Promise.all([runAgainstFake(fake, ['deploy', '--assembly', changed]), runAgainstFake(fake, ['deploy', '--assembly', changed])]);
  const codes = [a.code, b.code].sort();
  expect(codes).toEqual([0, 1]);
  expect([a.err, b.err].join('\n')).toMatch(/is UPDATE_IN_PROGRESS since \S+: another operation holds it .*can not be updated.*Deploy again with --wait/);
  // The first deploy, then both attempts: CloudFormation refused the second, as the fake does.
  expect(fake.mutations().filter((m) => m === `ExecuteChangeSet ${TABLES}`)).toHaveLength(3);
  expect(fake.stack(TABLES)?.status).toBe('UPDATE_COMPLETE');
});

test('a deploy ends with a table: stack, outcome, changes, duration', async () => {
  const assembly = writeAssembly([tableStack(), queueStack()]);
  const first = await runAgainstFake(fake, ['deploy', '--assembly', assembly]);
  expect(first.out).toMatch(/STACK\s+OUTCOME\s+CHANGES\s+DURATION/);
  expect(first.out).toMatch(new RegExp(`${TABLES}\\s+deployed\\s+1\\s+\\d+\\.\\d s`));
  const again = await runAgainstFake(fake, ['deploy', '--assembly', assembly]);
  expect(again.out).toMatch(new RegExp(`${QUEUES}\\s+no changes\\s+0\\s+\\d+\\.\\d s`));
});
