import { App, Stack } from 'aws-cdk-lib/core';
import { Template } from 'aws-cdk-lib/assertions';
// ListBackupApp writes to cdk.out unless told otherwise: keep this library's folder clean.
process.env.CDK_OUTDIR = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'conventions-'));

import { applyStandardTags, ListBackupApp, resolveStage, ServiceContract, validateStage } from '../src';

describe('stage', () => {
  test.each(['main', 'dev', 'pr-42', 'a1', 'abcdefghijklmnopqrstu'])('accepts %s', (stage) => {
    expect(validateStage(stage)).toBe(stage);
  });

  test.each(['Bad!', 'Main', '1dev', 'a', '-dev', 'abcdefghijklmnopqrstuv', 'dev_1', ''])('refuses %j with the rule', (stage) => {
    expect(() => validateStage(stage, 'environment variable STAGE'))
      .toThrow(/stage '.*' \(from environment variable STAGE\) is invalid: use a lower-case letter/);
  });

  test('context wins over STAGE, which wins over the default', () => {
    expect(resolveStage(new App(), {})).toBe('main');
    expect(resolveStage(new App(), { STAGE: 'dev' })).toBe('dev');
    expect(resolveStage(new App({ context: { stage: 'prod' } }), { STAGE: 'dev' })).toBe('prod');
    expect(() => resolveStage(new App({ context: { stage: 7 } }), {})).toThrow(/context key 'stage' must be a string/);
  });
});

describe('ListBackupApp', () => {
  const env = process.env.STAGE;
  afterEach(() => { process.env.STAGE = env; });

  test('a bad STAGE is refused before anything is synthesized', () => {
    process.env.STAGE = 'Bad!';
    expect(() => new ListBackupApp({ outdir: '/nonexistent/never-written' }))
      .toThrow(/stage 'Bad!' \(from environment variable STAGE\) is invalid/);
  });

  test('an unknown context key is refused with a suggestion and the known keys', () => {
    expect(() => new ListBackupApp({ context: { stgae: 'dev', '@aws-cdk/core:newStyleStackSynthesis': true } }))
      .toThrow(/unknown CDK context key:\n {2}- 'stgae' \(did you mean 'stage'\?\)\n.*this app knows:\n {2}stage:/s);
  });

  test('keys declared by the app are accepted', () => {
    const app = new ListBackupApp({ context: { stage: 'dev', callbackUrls: 'x' }, contextKeys: { callbackUrls: 'OAuth callbacks' } });
    expect(app.stage).toBe('dev');
  });

  test('malformed extra tags are refused', () => {
    expect(() => new ListBackupApp({ context: { tags: '{oops' } })).toThrow(/context key 'tags' is not valid JSON/);
    expect(() => new ListBackupApp({ context: { tags: { n: 1 } } })).toThrow(/must be an object of string values/);
    expect(new ListBackupApp({ context: { tags: '{"CostCenter":"backup"}' } }).extraTags).toEqual({ CostCenter: 'backup' });
  });
});

describe('ServiceContract', () => {
  const contract = new ServiceContract('listbackup-infrastructure-sqs', ['SyncQueueUrl', 'SyncQueueArn'] as const);

  test('writes exports and imports the very same names', () => {
    const producer = new Stack(new App(), 'Producer');
    new (require('aws-cdk-lib/aws-sqs').Queue)(producer, 'Queue');
    contract.export(producer, 'dev', 'SyncQueueUrl', 'https://example/queue');
    Template.fromStack(producer).hasOutput('SyncQueueUrl', {
      Value: 'https://example/queue',
      Export: { Name: 'listbackup-infrastructure-sqs-dev-SyncQueueUrl' },
    });
    const consumer = new Stack(new App(), 'Consumer');
    expect(consumer.resolve(contract.importValue('dev', 'SyncQueueUrl')))
      .toEqual({ 'Fn::ImportValue': 'listbackup-infrastructure-sqs-dev-SyncQueueUrl' });
    expect(contract.exportNames('dev')).toEqual([
      'listbackup-infrastructure-sqs-dev-SyncQueueUrl',
      'listbackup-infrastructure-sqs-dev-SyncQueueArn',
    ]);
  });

  test('refuses names off the convention, all at once', () => {
    expect(() => new ServiceContract('svc', ['ok', 'Dup', 'Dup']))
      .toThrow(/contract of svc is invalid: names not in PascalCase: ok; names listed twice: Dup/);
  });

  test('standard tags reach every taggable resource', () => {
    const stack = new Stack(new App(), 'Tagged');
    new (require('aws-cdk-lib/aws-sqs').Queue)(stack, 'Q');
    applyStandardTags(stack, 'listbackup-core', 'dev');
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', {
      Tags: [
        { Key: 'ManagedBy', Value: 'projen-cdk' },
        { Key: 'Service', Value: 'listbackup-core' },
        { Key: 'Stage', Value: 'dev' },
      ],
    });
  });
});

describe('CloudFormation quotas', () => {
  test('a stack with more than 200 outputs is refused at synth with what to do', () => {
    const app = new ListBackupApp({ outdir: require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'limits-')) });
    const stack = new Stack(app, 'big');
    new (require('aws-cdk-lib/aws-sqs').Queue)(stack, 'Queue');
    const contract = new ServiceContract('listbackup-core', Array.from({ length: 201 }, (_, i) => `Value${i}`));
    for (const name of contract.names) contract.export(stack, 'dev', name, 'x');
    expect(() => app.synth()).toThrow(/stack big has 201 outputs; CloudFormation allows 200 per stack: split its catalog/);
  });

  test('a stack within the quotas synthesizes', () => {
    const app = new ListBackupApp({ outdir: require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'limits-')) });
    const stack = new Stack(app, 'small');
    new (require('aws-cdk-lib/aws-sqs').Queue)(stack, 'Queue');
    expect(() => app.synth()).not.toThrow();
  });
});

describe('errors carry a code', () => {
  const { ConfigurationError, runApp, validateStage } = require('../src');

  test.each([
    ['InvalidStage', () => validateStage('Bad!')],
    ['InvalidContext', () => new (require('../src').ListBackupApp)({ context: { stgae: 'x' } })],
    ['InvalidTags', () => new (require('../src').ListBackupApp)({ context: { tags: '{oops' } })],
    ['InvalidName', () => require('../src').exportName('listbackup-core', 'main', 'users-table')],
  ])('%s', (code, fail) => {
    let error: unknown;
    try {
      fail();
    } catch (e) {
      error = e;
    }
    expect(ConfigurationError.isConfigurationError(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
  });

  test('runApp writes a refused configuration as one line and returns 1, leaving the process to its caller', () => {
    const written: string[] = [];
    const exit = jest.spyOn(process, 'exit');
    const status = runApp(() => { validateStage('Bad!'); throw new Error('unreachable'); }, { stderr: { write: (t: string) => written.push(t) } });
    expect(status).toBe(1);
    expect(written).toEqual([expect.stringMatching(/^error: stage 'Bad!' \(from stage\) is invalid/)]);
    expect(exit).not.toHaveBeenCalled();
    exit.mockRestore();
  });

  test('runApp lets an unexpected error through', () => {
    expect(() => runApp(() => { throw new TypeError('bug'); }, { stderr: { write: () => true } })).toThrow(TypeError);
  });
});
