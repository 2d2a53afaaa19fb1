import { USAGE } from '../src/cli-main';
import { FakeCloudFormation } from '../src/testing';
import { tableStack, writeAssembly } from './fixtures/assemblies';
import { runAgainstFake } from './fixtures/run-cli';

function cyclicAssembly(): string {
  const exportOf = (service: string, resource: string) => ({ Value: 'x', Export: { Name: `listbackup-${service}-test-${resource}` } });
  const importing = (service: string, resource: string) => ({ Type: 'AWS::SSM::Parameter', Properties: { Value: { 'Fn::ImportValue': `listbackup-${service}-test-${resource}` } } });
  return writeAssembly([
    { name: 'listbackup-a-test', template: { Resources: { P: importing('b', 'BValue') }, Outputs: { AValue: exportOf('a', 'AValue') } } },
    { name: 'listbackup-b-test', template: { Resources: { P: importing('c', 'CValue') }, Outputs: { BValue: exportOf('b', 'BValue') } } },
    { name: 'listbackup-c-test', template: { Resources: { P: importing('a', 'AValue') }, Outputs: { CValue: exportOf('c', 'CValue') } } },
  ]);
}

test('a dependency cycle is refused with its path and changes nothing', async () => {
  const fake = new FakeCloudFormation();
  const run = await runAgainstFake(fake, ['deploy', '--assembly', cyclicAssembly()]);

  expect(run.code).toBe(1);
  expect(run.err).toMatch(/\[DependencyCycle\]: dependency cycle: listbackup-a-test -> listbackup-b-test -> listbackup-c-test -> listbackup-a-test/);
  expect(fake.mutations()).toEqual([]);
});

test('check --offline finds the same cycle without AWS', async () => {
  const run = await runAgainstFake(undefined, ['check', '--offline', '--assembly', cyclicAssembly()]);
  expect(run.code).toBe(1);
  expect(run.err).toMatch(/dependency cycle: listbackup-a-test -> listbackup-b-test -> listbackup-c-test -> listbackup-a-test/);
});

describe('without credentials or region', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
    process.env.AWS_CONFIG_FILE = '/nonexistent/config';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  test('missing credentials fail before any call with what to set', async () => {
    const fake = new FakeCloudFormation();
    const run = await runAgainstFake(fake, ['deploy', '--assembly', writeAssembly([tableStack()])], { clientConfig: { credentials: undefined } });

    expect(run.code).toBe(1);
    expect(run.err).toMatch(/\[NoCredentials\]: no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY, or run against the local emulator/);
    expect(fake.calls).toEqual([]);
  });

  test('a missing region fails before any call with what to set', async () => {
    const fake = new FakeCloudFormation();
    const run = await runAgainstFake(fake, ['status', '--assembly', writeAssembly([tableStack()])], { clientConfig: { region: undefined } });

    expect(run.code).toBe(1);
    expect(run.err).toMatch(/\[NoRegion\]: no AWS region set: set AWS_REGION/);
    expect(fake.calls).toEqual([]);
  });
});

test('an unreachable endpoint is a clear error', async () => {
  const run = await runAgainstFake(undefined, ['deploy', '--assembly', writeAssembly([tableStack()])], {
    clientConfig: { endpoint: 'http://127.0.0.1:9' }, maxAttempts: 2,
  });

  expect(run.code).toBe(1);
  expect(run.err).toMatch(/\[EndpointUnreachable\]: cannot reach the AWS endpoint while listing exports \(ListExports\) \(ECONNREFUSED\)/);
});

test('an assembly directory without manifest.json says to synthesize first', async () => {
  const run = await runAgainstFake(undefined, ['deploy', '--assembly', '/nonexistent/cdk.out']);
  expect(run.code).toBe(1);
  expect(run.err).toMatch(/no cloud assembly at \/nonexistent\/cdk.out: manifest.json is missing; synthesize first/);
});

test('usage errors exit 2, name what is wrong and print the usage on err', async () => {
  const cases: [string[], RegExp][] = [
    [['launch'], /^error: unknown command 'launch': use one of deploy, plan, status, affected, outputs, destroy, drift, check, verify, rollback, local\n/],
    [[], /^error: no command given: use one of deploy, /],
    [['deploy', '--method', 'yolo'], /^error: --method 'yolo' is invalid: use change-set or direct\n/],
    [['deploy', '--bogus'], /^error: unknown option '--bogus'\n/],
    [['deploy', '--concurrency', '0'], /^error: --concurrency '0' is invalid: use a whole number of at least 1\n/],
    [['deploy', '--assembly'], /^error: --assembly needs a value: --assembly <dir>/],
    [['verify'], /^error: verify needs a stage: listbackup-deploy verify <stage> --assembly <dir>\.\.\.\n/],
  ];
  for (const [argv, message] of cases) {
    const run = await runAgainstFake(undefined, argv);
    expect([argv, run.code]).toEqual([argv, 2]);
    expect(run.err).toMatch(message);
    expect(run.err).toContain('\n\nusage: listbackup-deploy <command> [stack or pattern]... [--assembly <dir>]... [options]\n');
    expect(run.out).toBe('');
  }
});

test('--help prints the usage on out and exits 0', async () => {
  for (const argv of [['--help'], ['-h'], ['deploy', '--help']]) {
    const run = await runAgainstFake(undefined, argv);
    expect(run).toMatchObject({ code: 0, err: '', out: USAGE });
  }
  expect(USAGE).toMatch(/^usage: listbackup-deploy <command> \[stack or pattern\]\.\.\. \[--assembly <dir>\]\.\.\. \[options\]\n/);
  // Every option the parser takes is in the usage, and every command.
  for (const option of ['--assembly <dir>', '--fail', '--orphan <logical id>', '--stage <stage>', '-y, --yes', '-h, --help']) expect(USAGE).toContain(`  ${option}  `);
  const commandRows = USAGE.slice(USAGE.indexOf('\ncommands:\n'), USAGE.indexOf('\noptions:\n')).split('\n');
  for (const command of ['deploy', 'plan', 'status [<stage>]', 'affected', 'outputs', 'destroy', 'drift', 'check', 'verify <stage> [stack]...', 'rollback', 'local']) {
    expect([command, commandRows.some((row) => row.startsWith(`  ${command}  `))]).toEqual([command, true]);
  }
});
