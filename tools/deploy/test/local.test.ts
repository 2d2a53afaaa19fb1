import { planLocal } from '../src';
import { runCli } from '../src/cli-main';
import { coreStack, queueStack, tableStack, writeAssembly } from './fixtures/assemblies';
import { readStacks } from '../src/deploy';
import { FakeCloudFormation } from '../src/testing';

const userPoolStack = () => ({
  name: 'listbackup-infrastructure-cognito-test',
  template: {
    Resources: { UserPool: { Type: 'AWS::Cognito::UserPool', Properties: {} } },
    Outputs: { CognitoUserPoolId: { Value: { Ref: 'UserPool' }, Export: { Name: 'listbackup-infrastructure-cognito-test-CognitoUserPoolId' } } },
  },
});

test('a stack with Cognito, and every stack importing from it, is named as not held, with the reason', () => {
  const core = coreStack();
  core.template.Resources!.Api = { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: { 'Fn::ImportValue': 'listbackup-infrastructure-cognito-test-CognitoUserPoolId' } } };
  const stacks = readStacks([writeAssembly([tableStack(), queueStack(), userPoolStack(), core])]);
  const plan = planLocal(stacks);
  expect(plan.held.map((s) => s.stackName)).toEqual(['listbackup-infrastructure-dynamodb-test', 'listbackup-infrastructure-sqs-test']);
  expect(plan.notHeld).toEqual([
    { stackName: 'listbackup-infrastructure-cognito-test', reason: 'moto creates no Cognito resources through CloudFormation (AWS::Cognito::UserPool)' },
    { stackName: 'listbackup-core-test', reason: 'imports exports of listbackup-infrastructure-cognito-test, which the emulator cannot hold' },
  ]);
});

test('local deploys the held stacks with CreateStack and reports the others before any change', async () => {
  const fake = new FakeCloudFormation();
  const assembly = writeAssembly([tableStack(), userPoolStack()]);
  const emulator = { endpoint: 'http://127.0.0.1:1', env: {}, alreadyRunning: true };
  const out: string[] = [];
  const code = await runCli(['local', '--assembly', assembly, '--poll-interval', '0'], {
    out: { line: (l) => out.push(l) },
    err: { line: (l) => out.push(l) },
    startEmulator: async () => emulator,
    aws: { region: 'us-east-1', clientConfig: { credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } }, onClient: (c) => fake.attach(c) },
  });
  expect(code).toBe(0);
  expect(out.join('\n')).toMatch(/not deployed locally: listbackup-infrastructure-cognito-test: moto creates no Cognito/);
  expect(fake.mutations()).toEqual(['CreateStack listbackup-infrastructure-dynamodb-test']);
});

test('a tagged KMS key is named as something moto cannot hold; an untagged one is not', () => {
  const template = (tags?: object[]) => ({ Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: {}, ...(tags ? { Tags: tags } : {}) } } } });
  const tagged = readStacks([writeAssembly([{ name: 'listbackup-infrastructure-s3-test', template: template([{ Key: 'Stage', Value: 'test' }]) }])]);
  expect(planLocal(tagged).notHeld).toEqual([{
    stackName: 'listbackup-infrastructure-s3-test',
    reason: 'moto cannot create a tagged KMS key through CloudFormation (AWS::KMS::Key)',
  }]);
  const untagged = readStacks([writeAssembly([{ name: 'listbackup-infrastructure-s3-test', template: template() }])]);
  expect(planLocal(untagged).notHeld).toEqual([]);
});
