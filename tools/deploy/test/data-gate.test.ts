import { FakeCloudFormation } from '../src/testing';
import { coreStack, queueStack, TABLES, tableStack, writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';

/*
 * The gate on data loss, against the CloudFormation fake (whose change sets report Replacement as
 * CloudFormation's do for the properties the resource reference marks "Update requires: Replacement").
 */
const table = (properties: Record<string, unknown>, policies: Record<string, string> = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }) =>
  writeAssembly([tableStack('test', {
    Resources: { UsersTable: { Type: 'AWS::DynamoDB::Table', ...policies, Properties: { BillingMode: 'PAY_PER_REQUEST', ...properties } } },
  })]);
const PROTECTED = { KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }], DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } };

let fake: FakeCloudFormation;
beforeEach(async () => {
  fake = new FakeCloudFormation();
  const first = await runAgainstFake(fake, ['deploy', '--assembly', table(PROTECTED)]);
  expect(first.code).toBe(0);
});

const executed = () => fake.mutations().filter((m) => m.startsWith('ExecuteChangeSet') || m.startsWith('UpdateStack'));

test('a change set that replaces a table is refused, names the property and leaves the change set for review', async () => {
  const run = await runAgainstFake(fake, ['deploy', '--assembly', table({ ...PROTECTED, KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }] })]);
  expect(run.code).toBe(1);
  expect(run.err).toMatch(/the deploy would lose data, so nothing was executed/);
  expect(run.err).toMatch(/UsersTable\s+AWS::DynamoDB::Table\s+replace\s+replaced by a new, empty resource \(Replacement: True; KeySchema\)/);
  expect(run.err).toMatch(/is left for review/);
  expect(run.err).toContain(`--allow-data-loss ${TABLES}/UsersTable`);
  expect(executed()).toEqual([`ExecuteChangeSet ${TABLES}`]);
  expect(fake.mutations().filter((m) => m.startsWith('DeleteChangeSet'))).toEqual([]);
});

test('the same replacement goes ahead with --allow-data-loss for that resource', async () => {
  const run = await runAgainstFake(fake, ['deploy', '--allow-data-loss', `${TABLES}/UsersTable`, '--assembly', table({ ...PROTECTED, KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }] })]);
  expect(run.code).toBe(0);
  expect(executed()).toEqual([`ExecuteChangeSet ${TABLES}`, `ExecuteChangeSet ${TABLES}`]);
});

test('removing the table from the template is refused', async () => {
  const run = await runAgainstFake(fake, ['deploy', '--assembly', writeAssembly([tableStack('test', {
    Resources: { Other: { Type: 'AWS::SNS::Topic', Properties: {} } }, Outputs: {},
  })])]);
  expect(run.code).toBe(1);
  expect(run.err).toMatch(/UsersTable\s+AWS::DynamoDB::Table\s+remove\s+removed from the stack \(DeletionPolicy keeps it, orphaned\)/);
  expect(executed()).toEqual([`ExecuteChangeSet ${TABLES}`]);
});

test('a weakened DeletionPolicy and lost deletion protection and PITR are refused, each named', async () => {
  const run = await runAgainstFake(fake, ['deploy', '--assembly', table({ KeySchema: PROTECTED.KeySchema }, {})]);
  expect(run.code).toBe(1);
  expect(run.err).toMatch(/weakened-policy\s+DeletionPolicy Retain → Delete \(absent\)/);
  expect(run.err).toMatch(/weakened-policy\s+UpdateReplacePolicy Retain → Delete \(absent\)/);
  expect(run.err).toMatch(/lost-protection\s+DeletionProtectionEnabled turned off/);
  expect(run.err).toMatch(/lost-protection\s+PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled turned off/);
  expect(executed()).toEqual([`ExecuteChangeSet ${TABLES}`]);
});

test('a direct update is gated on the templates: a weakened policy is refused before UpdateStack', async () => {
  const run = await runAgainstFake(fake, ['deploy', '--method', 'direct', '--assembly', table(PROTECTED, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Retain' })]);
  expect(run.code).toBe(1);
  expect(run.err).toMatch(/weakened-policy\s+DeletionPolicy Retain → Delete/);
  expect(fake.mutations().filter((m) => m.startsWith('UpdateStack'))).toEqual([]);
});

test('a change that keeps the data (billing mode) deploys without a word', async () => {
  const run = await runAgainstFake(fake, ['deploy', '--assembly', table({ ...PROTECTED, BillingMode: 'PROVISIONED' })]);
  expect(run.code).toBe(0);
  expect(run.err).toBe('');
  expect(executed()).toEqual([`ExecuteChangeSet ${TABLES}`, `ExecuteChangeSet ${TABLES}`]);
});

test('a stack holding data gets termination protection on its first deploy, once', async () => {
  expect(fake.stack(TABLES)?.terminationProtection).toBe(true);
  expect(fake.mutations().filter((m) => m.startsWith('UpdateTerminationProtection'))).toEqual([`UpdateTerminationProtection ${TABLES}`]);
  const again = await runAgainstFake(fake, ['deploy', '--assembly', table(PROTECTED)]);
  expect(again.out).toContain(`${TABLES}: no changes`);
  expect(fake.mutations().filter((m) => m.startsWith('UpdateTerminationProtection'))).toHaveLength(1);
});

describe('an export that a deployed stack imports', () => {
  const withOutput = (value: unknown) => writeAssembly([tableStack('test', {
    Resources: { UsersTable: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { BillingMode: 'PAY_PER_REQUEST', ...PROTECTED } },
      OtherTable: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { BillingMode: 'PAY_PER_REQUEST', ...PROTECTED } } },
    Outputs: { UsersTableName: { Value: value, Export: { Name: 'listbackup-infrastructure-dynamodb-test-UsersTableName' } } },
  })]);

  beforeEach(async () => {
    expect((await runAgainstFake(fake, ['deploy', '--assembly', withOutput({ Ref: 'UsersTable' })])).code).toBe(0);
    expect((await runAgainstFake(fake, ['deploy', '--require-approval', 'never', '--assembly', writeAssembly([queueStack(), coreStack()])])).code).toBe(0);
  });

  test('keeps its value: a change of how it is computed is refused before any change, naming the importer', async () => {
    const before = fake.mutations().length;
    const run = await runAgainstFake(fake, ['deploy', '--assembly', withOutput({ Ref: 'OtherTable' })]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/\[ExportInUse\]|changes the value of exports that deployed stacks import/);
    expect(run.err).toMatch(/listbackup-infrastructure-dynamodb-test-UsersTableName \(imported by listbackup-core-test\)\. Nothing was changed/);
    expect(fake.mutations().slice(before)).toEqual([]);
  });

  test('the fake, like CloudFormation, fails an update that changes it anyway', async () => {
    const stack = fake.stack(TABLES)!;
    expect(stack.outputs.find((o) => o.key === 'UsersTableName')?.value).toBe(stack.physical.UsersTable.ref);
    // A direct update skips the deployer's check only if the deployed template is unreadable (YAML).
    stack.templateBody = 'Resources: {}';
    const run = await runAgainstFake(fake, ['deploy', '--method', 'direct', '--allow-data-loss', 'OtherTable', '--assembly', withOutput({ Ref: 'OtherTable' })]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/Export listbackup-infrastructure-dynamodb-test-UsersTableName cannot be updated as it is in use by listbackup-core-test/);
  });
});
