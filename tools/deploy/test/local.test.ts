import { runCli } from '../src/cli-main';
import { readStacks } from '../src/deploy';
import { unheldResources } from '../src/local';
import { FakeCloudFormation, FakeSsm } from '../src/testing';
import { queueStack, tableStack, writeAssembly } from './fixtures/assemblies';
import { createServer, Server } from 'node:http';

// The deploy ledger and bootstrap versions live in SSM.
const ssm = new FakeSsm();

const userPoolStack = () => ({
  name: 'listbackup-infrastructure-cognito-test',
  template: {
    Resources: { UserPool: { Type: 'AWS::Cognito::UserPool', Properties: {} } },
    Outputs: { CognitoUserPoolId: { Value: { Ref: 'UserPool' }, Export: { Name: 'listbackup-infrastructure-cognito-test-CognitoUserPoolId' } } },
  },
});

test('every resource whose type the emulator does not create is named, with its logical id and stack', () => {
  const stacks = readStacks([writeAssembly([tableStack(), queueStack(), userPoolStack()])]);
  const held = new Set(['AWS::DynamoDB::Table', 'AWS::SQS::Queue']);
  expect(unheldResources(stacks, held)).toEqual([
    { stackName: 'listbackup-infrastructure-cognito-test', logicalId: 'UserPool', type: 'AWS::Cognito::UserPool' },
  ]);
  expect(unheldResources(stacks, new Set([...held, 'AWS::Cognito::UserPool']))).toEqual([]);
});

/**
 * Stands in for the launcher's `/moto-api/listbackup/resource-types` (beside the CloudFormation fake),
 * or for a plain moto server, which has no such endpoint (404).
 */
async function typesEndpoint(types: string[] | undefined): Promise<{ endpoint: string; server: Server }> {
  const server = createServer((req, res) => {
    if (types && req.url === '/moto-api/listbackup/resource-types') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ resourceTypes: types }));
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { endpoint: `http://127.0.0.1:${address.port}`, server };
}

async function local(assembly: string, endpoint: string, fake: FakeCloudFormation): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runCli(['local', '--assembly', assembly, '--poll-interval', '0'], {
    out: { line: (l) => lines.push(l) },
    err: { line: (l) => lines.push(l) },
    startEmulator: async () => ({ endpoint, env: {}, alreadyRunning: true }),
    aws: { region: 'us-east-1', clientConfig: { credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } }, onClient: (c) => { fake.attach(c); ssm.attach(c); } },
  });
  return { code, out: lines.join('\n') };
}

test('local deploys every stack through change sets and says what to do next', async () => {
  const { endpoint, server } = await typesEndpoint(['AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::Cognito::UserPool']);
  try {
    const fake = new FakeCloudFormation();
    const { code, out } = await local(writeAssembly([tableStack(), userPoolStack()]), endpoint, fake);
    expect(code).toBe(0);
    expect(fake.mutations().filter((m) => m.startsWith('ExecuteChangeSet')).sort()).toEqual([
      'ExecuteChangeSet listbackup-infrastructure-cognito-test', 'ExecuteChangeSet listbackup-infrastructure-dynamodb-test',
    ]);
    expect(fake.mutations().filter((m) => /^(CreateStack|UpdateStack)/.test(m))).toEqual([]);
    expect(out).toContain(`2 stacks on the local emulator at ${endpoint}`);
    expect(out).toContain('npx listbackup-local-aws start');
  } finally {
    server.close();
  }
});

// A type the emulator does not create, against the launcher itself: test/moto.integration.test.ts.

test('an emulator without the launcher (a plain moto server) is refused with the command to start the right one', async () => {
  const { endpoint, server } = await typesEndpoint(undefined);
  try {
    const fake = new FakeCloudFormation();
    const { code, out } = await local(writeAssembly([tableStack()]), endpoint, fake);
    expect(code).toBe(1);
    expect(out).toMatch(/NotHeldLocally.*is not the project's launcher.*npx listbackup-local-aws start/s);
    expect(fake.mutations()).toEqual([]);
  } finally {
    server.close();
  }
});
