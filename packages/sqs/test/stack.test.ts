import { App, CfnOutput, Stack } from 'aws-cdk-lib/core';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DEAD_LETTER_RETENTION } from '@listbackup/conventions';
import { expectPolicyPasses } from '@listbackup/policy/testing';
import {
  InfrastructureSqsStack, PRIORITY_SETTINGS, QUEUE_CATALOG, QUEUE_NAMES, SQS_CONTRACT, SqsContract,
} from '../src';

const stack = new InfrastructureSqsStack(new App(), { stage: 'main', tags: { CostCenter: 'backup' } });
const template = Template.fromStack(stack);

describe('InfrastructureSqsStack', () => {
  test('is named on the convention', () => {
    expect(stack.stackName).toBe('listbackup-infrastructure-sqs-main');
  });

  test('holds six queues, six dead-letter queues and a TLS-only policy for each', () => {
    template.resourceCountIs('AWS::SQS::Queue', 12);
    template.resourceCountIs('AWS::SQS::QueuePolicy', 12);
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(24);
  });

  test.each(QUEUE_CATALOG.map((q) => [q.name, q]))('%s: FIFO, encrypted, redriven, retained, named', (_name, spec) => {
    const kebab = spec.name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
    const settings = PRIORITY_SETTINGS[spec.priority];
    const dlqs = template.findResources('AWS::SQS::Queue', { Properties: { QueueName: `listbackup-main-${kebab}-dlq.fifo` } });
    const dlqId = Object.keys(dlqs)[0];
    expect(Object.keys(dlqs)).toHaveLength(1);
    template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        QueueName: `listbackup-main-${kebab}-dlq.fifo`, FifoQueue: true, ContentBasedDeduplication: true,
        SqsManagedSseEnabled: true, MessageRetentionPeriod: DEAD_LETTER_RETENTION.toSeconds(),
        RedriveAllowPolicy: { redrivePermission: 'byQueue', sourceQueueArns: [Match.anyValue()] },
      },
    });
    template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        QueueName: `listbackup-main-${kebab}.fifo`, FifoQueue: true, ContentBasedDeduplication: true,
        SqsManagedSseEnabled: true, VisibilityTimeout: settings.visibilityTimeout.toSeconds(),
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: settings.maxReceiveCount },
      },
    });
  });

  test('every resource carries the standard and extra tags', () => {
    for (const resource of Object.values(template.findResources('AWS::SQS::Queue'))) {
      expect(resource.Properties.Tags).toEqual(expect.arrayContaining([
        { Key: 'Service', Value: 'listbackup-infrastructure-sqs' },
        { Key: 'Stage', Value: 'main' },
        { Key: 'ManagedBy', Value: 'projen-cdk' },
        { Key: 'CostCenter', Value: 'backup' },
      ]));
    }
  });

  test('exports URL and ARN of every queue and dead-letter queue under the convention (24)', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs)).toHaveLength(24);
    expect(Object.values(outputs).map((o) => o.Export.Name).sort()).toEqual(SQS_CONTRACT.exportNames('main').sort());
    for (const name of QUEUE_NAMES) {
      const id = Object.keys(template.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue(), QueueName: Match.stringLikeRegexp(`-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}\\.fifo$`) } }))[0];
      template.hasOutput(`${name}Url`, { Value: { Ref: id }, Export: { Name: `listbackup-infrastructure-sqs-main-${name}Url` } });
      template.hasOutput(`${name}Arn`, { Value: { 'Fn::GetAtt': [id, 'Arn'] }, Export: { Name: `listbackup-infrastructure-sqs-main-${name}Arn` } });
      template.hasOutput(`${name}DlqUrl`, { Export: { Name: `listbackup-infrastructure-sqs-main-${name}DlqUrl` } });
      template.hasOutput(`${name}DlqArn`, { Export: { Name: `listbackup-infrastructure-sqs-main-${name}DlqArn` } });
    }
  });

  test('two stages imported into one scope are two queues, each read from its own stage', () => {
    const scope = new Stack(new App(), 'TwoStages');
    const main = SqsContract.import(scope, 'main').queue('SyncQueue');
    const dev = SqsContract.import(scope, 'dev').queue('SyncQueue');
    expect(main).not.toBe(dev);
    expect(scope.resolve(dev.queueArn)).toEqual({ 'Fn::ImportValue': 'listbackup-infrastructure-sqs-dev-SyncQueueArn' });
    expect(scope.resolve(main.queueArn)).toEqual({ 'Fn::ImportValue': 'listbackup-infrastructure-sqs-main-SyncQueueArn' });
  });

  test('a bad stage is refused before anything is built', () => {
    expect(() => new InfrastructureSqsStack(new App(), { stage: 'Prod!' })).toThrow(/stage 'Prod!' .* is invalid/);
  });

  test('passes every policy pack with no error and no warning', () => {
    const app = new App();
    new InfrastructureSqsStack(app, { stage: 'main' });
    expectPolicyPasses(app);
  });
});

describe('SqsContract', () => {
  function importedNames(use: (stack: Stack) => void): string[] {
    const consumer = new Stack(new App(), 'Consumer');
    use(consumer);
    const json = JSON.stringify(Template.fromStack(consumer).toJSON());
    return [...json.matchAll(/"Fn::ImportValue":"([^"]+)"/g)].map((m) => m[1]);
  }

  test('the importer reads exactly the names the stack exports', () => {
    const names = importedNames((consumer) => {
      const queues = SqsContract.import(consumer, 'main');
      const worker = new iam.Role(consumer, 'Worker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      for (const name of QUEUE_NAMES) {
        for (const [kind, queue] of [['Q', queues.queue(name)], ['D', queues.deadLetterQueue(name)]] as const) {
          queue.grantSendMessages(worker);
          new CfnOutput(consumer, `${name}${kind}Url`, { value: queue.queueUrl });
        }
      }
    });
    const exported = Object.values(template.findOutputs('*')).map((o) => o.Export.Name);
    expect([...new Set(names)].sort()).toEqual(exported.sort());
  });

  test('imported queues are FIFO, and importing twice returns the same queues', () => {
    const consumer = new Stack(new App(), 'Consumer');
    const first = SqsContract.import(consumer, 'main');
    const second = SqsContract.import(consumer, 'main');
    expect(second.queue('SyncQueue')).toBe(first.queue('SyncQueue'));
    expect(first.queue('SyncQueue').fifo).toBe(true);
    expect(first.deadLetterQueue('SyncQueue')).not.toBe(first.queue('SyncQueue'));
  });

  test('a customer key ARN makes grants cover the key', () => {
    const keyArn = 'arn:aws:kms:eu-west-1:111111111111:key/abc';
    const consumer = new Stack(new App(), 'Consumer');
    const queue = SqsContract.import(consumer, 'main', { keyArn }).queue('AlertQueue');
    const sender = new iam.Role(consumer, 'Sender', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    queue.grantSendMessages(sender);
    const policies = Object.values(Template.fromStack(consumer).findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: expect.arrayContaining(['kms:Encrypt', 'kms:GenerateDataKey*']), Resource: keyArn }),
    ]));
  });

  test('without a key ARN a grant names no key', () => {
    const consumer = new Stack(new App(), 'Consumer');
    const queue = SqsContract.import(consumer, 'main').queue('AlertQueue');
    const sender = new iam.Role(consumer, 'Sender', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    queue.grantSendMessages(sender);
    expect(JSON.stringify(Template.fromStack(consumer).toJSON())).not.toContain('kms:');
  });

  test('the importer grants a producer and an event source exactly their calls, and the key when there is one', () => {
    const consumer = new Stack(new App(), 'Consumer');
    const keyArn = 'arn:aws:kms:eu-west-1:111111111111:key/abc';
    const queues = SqsContract.import(consumer, 'main', { keyArn });
    const producer = new iam.Role(consumer, 'Producer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const poller = new iam.Role(consumer, 'Poller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    queues.grantSendMessage(producer, 'SyncQueue', 'BackupQueue');
    queues.grantEventSourcePolling(poller, 'SyncQueue');
    const policies = Template.fromStack(consumer).findResources('AWS::IAM::Policy');
    const statementsOf = (role: string) => Object.values(policies)
      .find((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith(role)))!.Properties.PolicyDocument.Statement;
    const arn = (name: string) => ({ 'Fn::ImportValue': `listbackup-infrastructure-sqs-main-${name}Arn` });
    expect(statementsOf('Producer')).toEqual([
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: [arn('SyncQueue'), arn('BackupQueue')] },
      { Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Effect: 'Allow', Resource: keyArn },
    ]);
    expect(statementsOf('Poller')).toEqual([
      { Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Effect: 'Allow', Resource: arn('SyncQueue') },
      { Action: 'kms:Decrypt', Effect: 'Allow', Resource: keyArn },
    ]);
  });

  test('a bad stage is refused', () => {
    expect(() => SqsContract.import(new Stack(new App(), 'Consumer'), 'Main')).toThrow(/stage 'Main' .* is invalid/);
  });
});
