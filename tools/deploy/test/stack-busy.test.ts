import { FakeCloudFormation } from '../src/testing';
import { TABLES, tableStack, writeAssembly } from './fixtures/assemblies';
import { CliRun, runAgainstFake } from './fixtures/run-cli';

let fake: FakeCloudFormation;
const billing = (mode: string) => writeAssembly([tableStack('test', { Resources: { UsersTable: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: mode } } } })]);

beforeEach(async () => {
  fake = new FakeCloudFormation();
  expect((await runAgainstFake(fake, ['deploy', '--assembly', billing('PAY_PER_REQUEST')])).code).toBe(0);
  fake.operationLatencyMs[TABLES] = 300;
});

/** Deploys `first`, and `second` (with `args`) as soon as the first one's change set is executing. */
async function overlapping(first: string, second: string, args: string[]): Promise<{ a: CliRun; b: CliRun; bMutations: string[] }> {
  let b: Promise<CliRun> | undefined;
  let bStart = 0;
  fake.afterCall = (command) => {
    if (command === 'ExecuteChangeSet' && !b) {
      bStart = fake.calls.length;
      b = runAgainstFake(fake, ['deploy', '--assembly', second, ...args]);
    }
  };
  const a = await runAgainstFake(fake, ['deploy', '--assembly', first]);
  const bRun = await b!;
  const mutations = fake.calls.slice(bStart).filter((c) => /^(Create|Execute|Delete|Update)/.test(c.command)).map((c) => `${c.command} ${c.input.StackName}`);
  return { a, b: bRun, bMutations: mutations };
}

test('a deploy of a stack another operation holds is refused, naming the operation and --wait, before any change', async () => {
  const { a, b, bMutations } = await overlapping(billing('PROVISIONED'), billing('PAY_PER_REQUEST'), []);
  expect(a.code).toBe(0);
  expect(b.code).toBe(1);
  expect(b.err).toMatch(new RegExp(`failed: ${TABLES}\\n\\s+${TABLES} is UPDATE_IN_PROGRESS since \\S+: another operation holds it`));
  expect(b.err).toContain('Deploy again with --wait');
  // The second deploy read, found the stack busy and changed nothing (the first one's calls go on meanwhile).
  expect(bMutations.filter((m) => m === `CreateChangeSet ${TABLES}`)).toHaveLength(0);
  expect(fake.stack(TABLES)?.template.Resources?.UsersTable.Properties).toEqual({ BillingMode: 'PROVISIONED' });
});

test('--wait waits for the running operation to settle, printing its progress, then deploys', async () => {
  const { a, b } = await overlapping(billing('PROVISIONED'), billing('PAY_PER_REQUEST'), ['--wait']);
  expect(a.code).toBe(0);
  expect(b.err).toBe('');
  expect(b.code).toBe(0);
  expect(b.out).toContain(`${TABLES} is UPDATE_IN_PROGRESS (an operation not started by this deploy); waiting for it to settle (--wait)`);
  expect(b.out).toMatch(new RegExp(`${TABLES} \\| .* UPDATE_COMPLETE AWS::CloudFormation::Stack`));
  expect(b.out).toContain(`${TABLES}: settled at UPDATE_COMPLETE; deploying`);
  // Both updates executed, one after the other; none was refused or lost.
  expect(fake.calls.filter((c) => c.command === 'ExecuteChangeSet' && c.input.StackName === TABLES)).toHaveLength(3);
  expect(fake.stack(TABLES)?.template.Resources?.UsersTable.Properties).toEqual({ BillingMode: 'PAY_PER_REQUEST' });
  expect(fake.stack(TABLES)?.status).toBe('UPDATE_COMPLETE');
});

test('two deploys with --wait that race to execute both land: the one CloudFormation refused deletes its change set, waits and deploys again', async () => {
  const [a, b] = await Promise.all([
    runAgainstFake(fake, ['deploy', '--wait', '--assembly', billing('PROVISIONED')]),
    runAgainstFake(fake, ['deploy', '--wait', '--assembly', billing('PROVISIONED')]),
  ]);
  expect([a.code, b.code]).toEqual([0, 0]);
  const executes = fake.calls.filter((c) => c.command === 'ExecuteChangeSet' && c.input.StackName === TABLES);
  // The first deploy, the winner, the refused attempt; the loser's second look finds nothing to change.
  expect(executes).toHaveLength(3);
  expect(fake.calls.filter((c) => c.command === 'DeleteChangeSet')).toHaveLength(1);
  expect([a.out, b.out].join('\n')).toMatch(/settled at UPDATE_COMPLETE; deploying[\s\S]*: no changes/);
  expect(fake.stack(TABLES)?.status).toBe('UPDATE_COMPLETE');
});
