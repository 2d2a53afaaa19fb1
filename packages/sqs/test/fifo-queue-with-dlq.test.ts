import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DEAD_LETTER_RETENTION } from '@listbackup/conventions';
import { FifoQueueWithDlq, FifoQueueWithDlqProps, PRIORITY_SETTINGS, QueuePriority } from '../src';

function build(props: Partial<FifoQueueWithDlqProps> = {}): { stack: Stack; pair: FifoQueueWithDlq } {
  const stack = new Stack(new App(), 'Fixture');
  const pair = new FifoQueueWithDlq(stack, 'Jobs', { queueName: 'jobs.fifo', ...props });
  return { stack, pair };
}

function policyActions(template: Template): string[][] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
    p.Properties.PolicyDocument.Statement.map((s: { Action: string | string[] }) => [s.Action].flat().sort()));
}

describe('FifoQueueWithDlq defaults', () => {
  const { stack } = build();
  const template = Template.fromStack(stack);

  test('makes one FIFO queue and one FIFO dead-letter queue, each with a TLS-only policy', () => {
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.resourceCountIs('AWS::SQS::QueuePolicy', 2);
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  test('the dead-letter queue is named after the queue, keeps messages 14 days and accepts only its source', () => {
    template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      Properties: {
        QueueName: 'jobs-dlq.fifo',
        FifoQueue: true,
        ContentBasedDeduplication: true,
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: DEAD_LETTER_RETENTION.toSeconds(),
        RedriveAllowPolicy: {
          redrivePermission: 'byQueue',
          sourceQueueArns: [{ 'Fn::Join': ['', Match.arrayWith([':jobs.fifo'])] }],
        },
      },
    });
  });

  test('the queue redrives with the medium-priority settings', () => {
    const medium = PRIORITY_SETTINGS[QueuePriority.MEDIUM];
    template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      Properties: {
        QueueName: 'jobs.fifo',
        FifoQueue: true,
        ContentBasedDeduplication: true,
        SqsManagedSseEnabled: true,
        VisibilityTimeout: medium.visibilityTimeout.toSeconds(),
        MessageRetentionPeriod: Match.absent(),
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsDeadLetterQueue'), 'Arn'] },
          maxReceiveCount: medium.maxReceiveCount,
        },
      },
    });
  });

  test('both queue policies deny every request that is not TLS', () => {
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual([expect.objectContaining({
        Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      })]);
    }
  });
});

describe('FifoQueueWithDlq options', () => {
  test('explicit settings win over the priority defaults', () => {
    const { stack, pair } = build({
      priority: QueuePriority.HIGH, maxReceiveCount: 7, visibilityTimeout: Duration.minutes(1),
      retentionPeriod: Duration.days(2), deadLetterQueueName: 'parked.fifo', removalPolicy: RemovalPolicy.DESTROY,
    });
    expect(pair.maxReceiveCount).toBe(7);
    const template = Template.fromStack(stack);
    template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Delete',
      Properties: { QueueName: 'jobs.fifo', VisibilityTimeout: 60, MessageRetentionPeriod: 172800, RedrivePolicy: Match.objectLike({ maxReceiveCount: 7 }) },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'parked.fifo' });
  });

  test.each(Object.values(QueuePriority))('priority %s selects its own redrive settings', (priority) => {
    const { stack } = build({ priority });
    Template.fromStack(stack).hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'jobs.fifo',
      VisibilityTimeout: PRIORITY_SETTINGS[priority].visibilityTimeout.toSeconds(),
      RedrivePolicy: Match.objectLike({ maxReceiveCount: PRIORITY_SETTINGS[priority].maxReceiveCount }),
    });
  });

  test('a customer key encrypts both queues', () => {
    const stack = new Stack(new App(), 'Fixture');
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new FifoQueueWithDlq(stack, 'Jobs', { queueName: 'jobs.fifo', encryptionMasterKey: key });
    const template = Template.fromStack(stack);
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(2);
    for (const queue of queues) {
      expect(queue.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
      expect(queue.Properties.SqsManagedSseEnabled).toBeUndefined();
    }
  });
});

describe('FifoQueueWithDlq grants', () => {
  function granted(withKey: boolean, grant: (pair: FifoQueueWithDlq, role: iam.Role) => void): string[][] {
    const stack = new Stack(new App(), 'Fixture');
    const key = withKey ? new kms.Key(stack, 'Key', { enableKeyRotation: true }) : undefined;
    const pair = new FifoQueueWithDlq(stack, 'Jobs', { queueName: 'jobs.fifo', encryptionMasterKey: key });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    grant(pair, role);
    return policyActions(Template.fromStack(stack));
  }

  test('grantSendMessages allows exactly sending, plus the key actions a producer needs', () => {
    expect(granted(false, (p, r) => p.grantSendMessages(r))).toEqual([
      ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
    ]);
    expect(granted(true, (p, r) => p.grantSendMessages(r))).toEqual([
      ['kms:Decrypt', 'kms:GenerateDataKey'],
      ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
    ]);
  });

  test('grantConsumeMessages allows exactly consuming, plus kms:Decrypt with a customer key', () => {
    expect(granted(true, (p, r) => p.grantConsumeMessages(r))).toEqual([
      ['kms:Decrypt'],
      ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
    ]);
  });

  test('grantConsumeDeadLetters targets the dead-letter queue only', () => {
    const stack = new Stack(new App(), 'Fixture');
    const pair = new FifoQueueWithDlq(stack, 'Jobs', { queueName: 'jobs.fifo' });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    pair.grantConsumeDeadLetters(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobsDeadLetterQueue'), 'Arn'] } })] },
    });
  });

  test('grantRedriveFromDlq allows the move task on the dead-letter queue and sending to the queue', () => {
    expect(granted(false, (p, r) => p.grantRedriveFromDlq(r))).toEqual([
      ['sqs:SendMessage'],
      ['sqs:CancelMessageMoveTask', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ListMessageMoveTasks',
        'sqs:ReceiveMessage', 'sqs:StartMessageMoveTask'],
    ]);
  });
});

describe('FifoQueueWithDlq validation', () => {
  test.each([
    [{ queueName: 'jobs' }, /queueName 'jobs' must end with '\.fifo'/],
    [{ deadLetterQueueName: 'parked' }, /deadLetterQueueName 'parked' must end with '\.fifo'/],
    [{ queueName: `${'a'.repeat(76)}.fifo` }, /is 81 characters long: at most 80/],
    [{ queueName: 'jobs!.fifo' }, /may contain only letters, digits, '-' and '_'/],
    [{ deadLetterQueueName: 'jobs.fifo' }, /deadLetterQueueName must differ from queueName 'jobs\.fifo'/],
    [{ maxReceiveCount: 0 }, /maxReceiveCount must be an integer from 1 to 1000, got 0/],
    [{ maxReceiveCount: 1001 }, /maxReceiveCount must be an integer from 1 to 1000, got 1001/],
    [{ maxReceiveCount: 2.5 }, /maxReceiveCount must be an integer from 1 to 1000, got 2\.5/],
    [{ visibilityTimeout: Duration.hours(13) }, /visibilityTimeout must be from 0 seconds to 12 hours, got 46800 seconds/],
    [{ retentionPeriod: Duration.seconds(30) }, /retentionPeriod must be at least 1 minute, got 30 seconds/],
    [{ retentionPeriod: DEAD_LETTER_RETENTION }, /retentionPeriod must be shorter than the dead-letter queue's 14 days/],
  ] as Array<[Partial<FifoQueueWithDlqProps>, RegExp]>)('validation case %#: %s', (props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('one error lists every failure with the construct path, and nothing is added', () => {
    const stack = new Stack(new App(), 'Fixture');
    let error: Error | undefined;
    try {
      new FifoQueueWithDlq(stack, 'Jobs', { queueName: 'jobs', maxReceiveCount: 0, visibilityTimeout: Duration.hours(13) });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/^Fixture\/Jobs: invalid FIFO queue settings:/);
    expect(error?.message.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(3);
    expect(stack.node.tryFindChild('Jobs')).toBeUndefined();
  });
});
