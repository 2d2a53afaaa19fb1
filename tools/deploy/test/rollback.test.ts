import { FakeCloudFormation, FakeSts } from '../src/testing';
import { bootstrapRole, TABLES, tableStack, writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';

let fake: FakeCloudFormation;
const billing = (mode: string, roles = false) =>
  writeAssembly([{ ...tableStack('test', { Resources: { UsersTable: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: mode } } } }), roles }]);
const usersTable = () => fake.stack(TABLES)?.template.Resources?.UsersTable.Properties;
const calls = (command: string) => fake.calls.filter((c) => c.command === command && !c.throttled);

beforeEach(async () => {
  fake = new FakeCloudFormation();
  expect((await runAgainstFake(fake, ['deploy', '--assembly', billing('PAY_PER_REQUEST')])).code).toBe(0);
});

async function failedUpdate(args: string[] = ['--no-rollback'], options: { rollbackFails?: boolean } = {}) {
  fake.failResource(TABLES, 'UsersTable', 'Invalid billing mode change', options);
  const run = await runAgainstFake(fake, ['deploy', '--assembly', billing('PROVISIONED'), ...args]);
  expect(run.code).toBe(1);
}

test('an update that failed with --no-rollback is rolled back to its last stable state (RollbackStack), through the deploy and execution roles', async () => {
  await failedUpdate();
  expect(fake.stack(TABLES)?.status).toBe('UPDATE_FAILED');
  const sts = new FakeSts().addRole(bootstrapRole('deploy'));

  const run = await runAgainstFake(fake, ['rollback', TABLES, '--assembly', billing('PROVISIONED', true)], { sts });

  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  expect(run.out).toContain(`${TABLES}: rolling back from UPDATE_FAILED to its last stable state`);
  expect(run.out).toMatch(new RegExp(`${TABLES}\\s+UPDATE_FAILED\\s+UPDATE_ROLLBACK_COMPLETE`));
  expect(calls('RollbackStack').map((c) => [c.input.RoleARN, sts.roleOf(c.accessKeyId)])).toEqual([[bootstrapRole('cfn-exec'), bootstrapRole('deploy')]]);
  expect(fake.stack(TABLES)?.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(usersTable()).toEqual({ BillingMode: 'PAY_PER_REQUEST' });
});

test('an update that failed with --no-rollback can instead be continued: the next deploy updates it from there', async () => {
  await failedUpdate();
  const run = await runAgainstFake(fake, ['deploy', '--assembly', billing('PROVISIONED')]);
  expect(run.code).toBe(0);
  expect(run.out).toContain(`${TABLES}: UPDATE_FAILED from a deploy with --no-rollback; updating it from there`);
  expect(fake.stack(TABLES)?.status).toBe('UPDATE_COMPLETE');
  expect(usersTable()).toEqual({ BillingMode: 'PROVISIONED' });
});

test('a create that failed with --no-rollback is rolled back to nothing (ROLLBACK_COMPLETE), and the next deploy creates it anew', async () => {
  fake = new FakeCloudFormation();
  fake.failResource(TABLES, 'UsersTable', 'Table already exists');
  expect((await runAgainstFake(fake, ['deploy', '--assembly', billing('PAY_PER_REQUEST'), '--no-rollback'])).code).toBe(1);
  expect(fake.stack(TABLES)?.status).toBe('CREATE_FAILED');

  const run = await runAgainstFake(fake, ['rollback', '--assembly', billing('PAY_PER_REQUEST')]);
  expect(run.code).toBe(0);
  expect(fake.stack(TABLES)?.status).toBe('ROLLBACK_COMPLETE');
  expect((await runAgainstFake(fake, ['deploy', '--assembly', billing('PAY_PER_REQUEST')])).code).toBe(0);
  expect(fake.stack(TABLES)?.status).toBe('CREATE_COMPLETE');
});

test('a failed rollback is continued (ContinueUpdateRollback); while it still fails, it says which resource to --orphan', async () => {
  await failedUpdate([], { rollbackFails: true });
  expect(fake.stack(TABLES)?.status).toBe('UPDATE_ROLLBACK_FAILED');

  const again = await runAgainstFake(fake, ['rollback', TABLES, '--assembly', billing('PROVISIONED')]);
  expect(again.code).toBe(1);
  expect(again.err).toContain(`${TABLES}: the rollback ended UPDATE_ROLLBACK_FAILED`);
  expect(again.err).toContain('UsersTable (AWS::DynamoDB::Table): Resource handler returned message: "rollback could not restore the resource"');
  expect(again.err).toContain('--orphan UsersTable');

  const skipped = await runAgainstFake(fake, ['rollback', TABLES, '--orphan', 'UsersTable', '--assembly', billing('PROVISIONED')]);
  expect(skipped.code).toBe(0);
  expect(calls('ContinueUpdateRollback').map((c) => c.input.ResourcesToSkip)).toEqual([undefined, ['UsersTable']]);
  expect(fake.stack(TABLES)?.status).toBe('UPDATE_ROLLBACK_COMPLETE');
});

test('a failed rollback whose cause was fixed is continued without skipping anything', async () => {
  await failedUpdate([], { rollbackFails: true });
  fake.fixRollback(TABLES);
  const run = await runAgainstFake(fake, ['rollback', '--assembly', billing('PROVISIONED')]);
  expect(run.code).toBe(0);
  expect(fake.stack(TABLES)?.status).toBe('UPDATE_ROLLBACK_COMPLETE');
});

describe('refused or nothing to do, with no mutating call', () => {
  test('a settled stack has nothing to roll back', async () => {
    const before = fake.mutations().length;
    const run = await runAgainstFake(fake, ['rollback', TABLES, '--assembly', billing('PAY_PER_REQUEST')]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(new RegExp(`${TABLES}\\s+CREATE_COMPLETE\\s+nothing to roll back`));
    expect(fake.mutations().length).toBe(before);
  });

  test('--orphan without a stack in UPDATE_ROLLBACK_FAILED', async () => {
    await failedUpdate();
    const before = fake.mutations().length;
    const run = await runAgainstFake(fake, ['rollback', '--orphan', 'UsersTable', '--assembly', billing('PROVISIONED')]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('--orphan UsersTable: no selected stack is UPDATE_ROLLBACK_FAILED');
    expect(fake.mutations().length).toBe(before);
  });

  test('a stack another operation holds', async () => {
    fake.operationLatencyMs[TABLES] = 10_000;
    fake.failResource(TABLES, 'UsersTable', 'Invalid billing mode change');
    fake.afterCall = (command) => {
      if (command === 'ExecuteChangeSet') throw Object.assign(new Error('stop watching'), { name: 'TestStop' });
    };
    await runAgainstFake(fake, ['deploy', '--assembly', billing('PROVISIONED'), '--no-rollback']);
    fake.afterCall = undefined;
    expect(fake.stack(TABLES)?.status).toBe('UPDATE_IN_PROGRESS');
    const before = fake.mutations().length;
    const run = await runAgainstFake(fake, ['rollback', '--assembly', billing('PROVISIONED')]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/\[StackBusy\]: .* is UPDATE_IN_PROGRESS since \S+: another operation holds it/);
    expect(fake.mutations().length).toBe(before);
  });

  test('an unknown stack name', async () => {
    const run = await runAgainstFake(fake, ['rollback', 'no-such-stack', '--assembly', billing('PAY_PER_REQUEST')]);
    expect(run.code).not.toBe(0);
    expect(fake.calls.filter((c) => c.command === 'RollbackStack' || c.command === 'ContinueUpdateRollback')).toEqual([]);
  });
});
