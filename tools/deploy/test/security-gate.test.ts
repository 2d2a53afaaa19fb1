import { runCli } from '../src/cli-main';
import { FakeCloudFormation, FakeSsm } from '../src/testing';
import { writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';

// The deploy ledger and bootstrap versions live in SSM.
const ssm = new FakeSsm();

/* Security changes shown and approved, as `cdk deploy --require-approval` does. */
const STACK = 'listbackup-core-test';
const statement = (Action: string, Resource: string) => ({ Effect: 'Allow', Action, Resource });
const withPolicy = (...statements: object[]) => writeAssembly([{
  name: STACK,
  tags: { Service: 'listbackup-core', Stage: 'test', ManagedBy: 'projen-cdk' },
  template: {
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
      Policy: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'fn', Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: statements } } },
    },
  },
}]);
const READ = statement('s3:GetObject', 'arn:aws:s3:::data/accounts/*');
const DELETE_ALL = statement('s3:DeleteObject', '*');

let fake: FakeCloudFormation;
beforeEach(async () => {
  fake = new FakeCloudFormation();
  expect((await runAgainstFake(fake, ['deploy', '--require-approval', 'never', '--assembly', withPolicy(READ)])).code).toBe(0);
});
const executions = () => fake.mutations().filter((m) => m.startsWith('ExecuteChangeSet')).length;

async function deployAnswering(answer: string, assembly: string) {
  const lines: string[] = [];
  const questions: string[] = [];
  const code = await runCli(['deploy', '--assembly', assembly, '--poll-interval', '0'], {
    out: { line: (l) => lines.push(l) },
    err: { line: (l) => lines.push(l) },
    ask: async (q) => { questions.push(q); return answer; },
    aws: { region: 'us-east-1', clientConfig: { credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } }, onClient: (c) => { fake.attach(c); ssm.attach(c); } },
  });
  return { code, out: lines.join('\n'), questions };
}

test('a widened permission without a terminal is refused, shown as a table, and nothing is changed', async () => {
  const run = await runAgainstFake(fake, ['deploy', '--assembly', withPolicy(READ, DELETE_ALL)]);
  expect(run.code).toBe(1);
  expect(run.err).toMatch(/ApprovalRequired|no terminal to approve/);
  expect(run.err).toMatch(/\+ \| \* \| Allow \| s3:DeleteObject/);
  expect(run.err).toMatch(/--require-approval never/);
  expect(executions()).toBe(1);
  expect(fake.mutations().filter((m) => m.startsWith('CreateChangeSet'))).toHaveLength(1);
});

test('approved from the terminal, the widened permission deploys; refused, nothing changes', async () => {
  const no = await deployAnswering('n', withPolicy(READ, DELETE_ALL));
  expect(no.code).toBe(1);
  expect(no.questions).toEqual([`deploy these changes to ${STACK}? (y/n) `]);
  expect(no.out).toMatch(/were not approved: nothing was changed/);
  expect(executions()).toBe(1);
  const yes = await deployAnswering('y', withPolicy(READ, DELETE_ALL));
  expect(yes.code).toBe(0);
  expect(yes.out).toMatch(/widens IAM permissions or resource policies:\n.*s3:DeleteObject/);
  expect(executions()).toBe(2);
});

test('a narrowed permission needs no approval under the default, but does under any-change', async () => {
  const LIST = statement('s3:ListBucket', 'arn:aws:s3:::data');
  expect((await runAgainstFake(fake, ['deploy', '--require-approval', 'never', '--assembly', withPolicy(READ, LIST)])).code).toBe(0);
  // A statement taken away (cloudformation-diff counts a changed resource as one added and one removed).
  const narrowed = withPolicy(READ);
  const strict = await runAgainstFake(fake, ['deploy', '--require-approval', 'any-change', '--assembly', narrowed]);
  expect(strict.code).toBe(1);
  expect(strict.err).toMatch(/changes IAM permissions or resource policies/);
  const normal = await runAgainstFake(fake, ['deploy', '--assembly', narrowed]);
  expect(normal.code).toBe(0);
  expect(executions()).toBe(3);
});

test('an unknown --require-approval is a usage error', async () => {
  const run = await runAgainstFake(fake, ['deploy', '--require-approval', 'sometimes', '--assembly', withPolicy(READ)]);
  expect(run.code).toBe(2);
  expect(run.err).toMatch(/--require-approval 'sometimes' is invalid: use never, broadening or any-change/);
});
