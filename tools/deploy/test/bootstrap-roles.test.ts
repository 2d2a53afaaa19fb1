import { FakeCloudFormation, FakeSts, MUTATING_COMMANDS } from '../src/testing';
import { bootstrapRole, queueStack, QUEUES, tableStack, TABLES, writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';

let fake: FakeCloudFormation;
let sts: FakeSts;
beforeEach(() => {
  fake = new FakeCloudFormation();
  sts = new FakeSts();
});
const withRoles = (extra: { assumeRoleExternalId?: string } = {}) =>
  writeAssembly([{ ...tableStack(), roles: extra }, { ...queueStack(), roles: extra }]);
const mutatingCalls = () => fake.calls.filter((c) => MUTATING_COMMANDS.has(c.command) && !c.throttled);

test('every CloudFormation change goes through the deploy role, with the execution role as RoleARN', async () => {
  sts.addRole(bootstrapRole('deploy'));
  const run = await runAgainstFake(fake, ['deploy', '--assembly', withRoles()], { sts });

  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  // One AssumeRole for the two stacks that share the role, the placeholders resolved.
  expect(sts.calls.filter((c) => c.command === 'AssumeRole').map((c) => c.input.RoleArn)).toEqual([bootstrapRole('deploy')]);
  expect(mutatingCalls().length).toBeGreaterThan(0);
  for (const call of mutatingCalls()) expect(sts.roleOf(call.accessKeyId)).toBe(bootstrapRole('deploy'));
  const creates = fake.calls.filter((c) => c.command === 'CreateChangeSet');
  expect(creates.map((c) => c.input.RoleARN)).toEqual([bootstrapRole('cfn-exec'), bootstrapRole('cfn-exec')]);
  expect(fake.stack(TABLES)?.roleArn).toBe(bootstrapRole('cfn-exec'));
  expect(fake.stack(QUEUES)?.roleArn).toBe(bootstrapRole('cfn-exec'));
});

test('a stack without bootstrap roles in its manifest deploys with the caller\'s own credentials and no RoleARN', async () => {
  const run = await runAgainstFake(fake, ['deploy', '--assembly', writeAssembly([tableStack()])], { sts });
  expect(run.code).toBe(0);
  expect(sts.calls.filter((c) => c.command === 'AssumeRole')).toEqual([]);
  for (const call of mutatingCalls()) expect(sts.roleOf(call.accessKeyId)).toBeUndefined();
  expect(fake.calls.find((c) => c.command === 'CreateChangeSet')?.input.RoleARN).toBeUndefined();
});

test('the manifest\'s external id is passed to AssumeRole', async () => {
  sts.addRole(bootstrapRole('deploy'), { externalId: 'pipeline-7' });
  const run = await runAgainstFake(fake, ['deploy', '--assembly', withRoles({ assumeRoleExternalId: 'pipeline-7' })], { sts });
  expect(run.code).toBe(0);
  expect(sts.calls.find((c) => c.command === 'AssumeRole')?.input.ExternalId).toBe('pipeline-7');
});

test('a stack bound to an account resolves the roles in that account', async () => {
  const other = new FakeSts('arn:aws:iam::111111111111:role/ci');
  other.addRole(bootstrapRole('deploy', '111111111111'));
  const assembly = writeAssembly([{ ...tableStack(), roles: true, environment: 'aws://111111111111/us-east-1' }]);
  const run = await runAgainstFake(fake, ['deploy', '--assembly', assembly], { sts: other });
  expect(run.code).toBe(0);
  expect(fake.stack(TABLES)?.roleArn).toBe(bootstrapRole('cfn-exec', '111111111111'));
});

describe('a deploy role that cannot be assumed is refused before any change', () => {
  test.each([
    ['the account is not bootstrapped (no such role)', () => undefined],
    ['the role does not trust the caller', () => sts.addRole(bootstrapRole('deploy'), { trusts: ['arn:aws:iam::123456789012:role/pipeline'] })],
    ['the external id is wrong', () => sts.addRole(bootstrapRole('deploy'), { externalId: 'other' })],
  ])('%s', async (_case, arrange) => {
    arrange();
    const run = await runAgainstFake(fake, ['deploy', '--assembly', withRoles({ assumeRoleExternalId: 'pipeline-7' })], { sts });

    expect(run.code).toBe(1);
    expect(run.err).toContain(`[RoleNotAssumable]: ${TABLES}, ${QUEUES}: cannot assume the deploy role ${bootstrapRole('deploy')}`);
    expect(run.err).toContain('with the credentials of arn:aws:iam::123456789012:user/deployer: AccessDenied');
    expect(run.err).toContain("Nothing was changed. Either the account is not bootstrapped (run 'npx cdk bootstrap aws://123456789012/us-east-1')");
    expect(run.err).toContain("bootstrap with '--trust 123456789012', or use credentials the role trusts");
    expect(fake.mutations()).toEqual([]);
  });
});

test('plan and destroy go through the deploy role too, with the execution role', async () => {
  sts.addRole(bootstrapRole('deploy'));
  const assembly = writeAssembly([{ ...queueStack(), roles: true }]);
  const plan = await runAgainstFake(fake, ['plan', '--assembly', assembly], { sts });
  expect(plan.code).toBe(0);
  expect(fake.calls.filter((c) => c.command === 'CreateChangeSet').map((c) => c.input.RoleARN)).toEqual([bootstrapRole('cfn-exec')]);
  // The plan's empty REVIEW_IN_PROGRESS stack may still be being deleted: --wait lets that settle.
  const deploy = await runAgainstFake(fake, ['deploy', '--wait', '--assembly', assembly], { sts });
  expect(deploy.err).toBe('');
  expect(deploy.code).toBe(0);

  const destroy = await runAgainstFake(fake, ['destroy', '--yes', '--assembly', assembly], { sts });
  expect(destroy.err).toBe('');
  expect(destroy.code).toBe(0);
  const deletes = fake.calls.filter((c) => c.command === 'DeleteStack');
  expect(deletes.at(-1)?.input.RoleARN).toBe(bootstrapRole('cfn-exec'));
  for (const call of mutatingCalls()) expect(sts.roleOf(call.accessKeyId)).toBe(bootstrapRole('deploy'));
  expect(fake.stack(QUEUES)).toBeUndefined();
});
