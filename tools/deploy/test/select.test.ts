import { runCli } from '../src/cli-main';
import { FakeCloudFormation } from '../src/testing';
import { CORE, coreStack, QUEUES, queueStack, TABLES, tableStack, writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';

let fake: FakeCloudFormation;
let all: string;
beforeEach(() => {
  fake = new FakeCloudFormation();
  all = writeAssembly([tableStack(), queueStack(), coreStack()]);
});

test('a stack name that matches nothing is an error for every command, and nothing is called', async () => {
  for (const command of ['deploy', 'plan', 'destroy', 'status', 'outputs', 'check']) {
    const run = await runAgainstFake(fake, [command, 'typo-stack', '--yes', '--force', '--assembly', all]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/\[UsageError\]: 'typo-stack' matches no stack of the assemblies \(listbackup-infrastructure-dynamodb-test, .*\): nothing was done/);
  }
  expect(fake.mutations()).toEqual([]);
});

test('deploy of a named stack or pattern deploys exactly those stacks', async () => {
  const run = await runAgainstFake(fake, ['deploy', 'listbackup-*-sqs-*', '--assembly', all]);
  expect(run.code).toBe(0);
  expect(fake.mutations().filter((m) => m.startsWith('ExecuteChangeSet'))).toEqual([`ExecuteChangeSet ${QUEUES}`]);
});

test('destroy of a named stack deletes that stack only', async () => {
  await runAgainstFake(fake, ['deploy', '--assembly', all]);
  const before = fake.mutations().length;
  const run = await runAgainstFake(fake, ['destroy', CORE, '--yes', '--assembly', all]);
  expect(run.code).toBe(0);
  expect(fake.mutations().slice(before)).toEqual([`DeleteStack ${CORE}`]);
  expect(fake.stack(TABLES)?.status).toBe('CREATE_COMPLETE');
});

test('STAGE that differs from the assemblies\' stage is refused before anything is called', async () => {
  const saved = process.env.STAGE;
  process.env.STAGE = 'staging';
  try {
    const run = await runAgainstFake(fake, ['deploy', '--assembly', all]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/STAGE is 'staging' but listbackup-infrastructure-dynamodb-test, .* belong to another stage: nothing was done/);
    expect(fake.mutations()).toEqual([]);
  } finally {
    if (saved === undefined) delete process.env.STAGE; else process.env.STAGE = saved;
  }
});

async function destroyAsking(answer: string | undefined): Promise<{ code: number; err: string; asked: string[] }> {
  await runAgainstFake(fake, ['deploy', '--assembly', all]);
  const err: string[] = [];
  const asked: string[] = [];
  const code = await runCli(['destroy', CORE, '--assembly', all, '--poll-interval', '0'], {
    out: { line: () => undefined },
    err: { line: (l) => err.push(l) },
    ask: answer === undefined ? null : async (q) => { asked.push(q); return answer; },
    aws: { region: 'us-east-1', clientConfig: { credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } }, onClient: (c) => fake.attach(c) },
  });
  return { code, err: err.join('\n'), asked };
}

test('destroy asks for the stack names and deletes only when they are typed back', async () => {
  const run = await destroyAsking(`${CORE}\n`);
  expect(run.asked).toEqual([`destroy ${CORE}? type the stack name to confirm: `]);
  expect(run.code).toBe(0);
  expect(fake.mutations()).toContain(`DeleteStack ${CORE}`);
});

test('destroy with the wrong names typed back deletes nothing', async () => {
  const run = await destroyAsking('listbackup-core');
  expect(run.code).toBe(2);
  expect(run.err).toMatch(/the names typed back \(listbackup-core\) are not listbackup-core-test: nothing was deleted/);
  expect(fake.mutations().filter((m) => m.startsWith('DeleteStack'))).toEqual([]);
});

test('destroy without a terminal and without --yes is refused', async () => {
  const run = await destroyAsking(undefined);
  expect(run.code).toBe(2);
  expect(run.err).toMatch(/needs confirmation and there is no terminal to ask: pass --yes\. Nothing was deleted/);
  expect(fake.mutations().filter((m) => m.startsWith('DeleteStack'))).toEqual([]);
});

test('a stack bound to another region is refused before anything is called', async () => {
  const elsewhere = writeAssembly([{ ...tableStack(), environment: 'aws://unknown-account/eu-west-1' }]);
  const run = await runAgainstFake(fake, ['deploy', '--assembly', elsewhere]);
  expect(run.code).toBe(1);
  expect(run.err).toMatch(/\[WrongEnvironment\]: listbackup-infrastructure-dynamodb-test \(region eu-west-1\): the deploy goes to us-east-1\. Nothing was changed/);
  expect(fake.mutations()).toEqual([]);
});
