import { Stack, StackProps } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { applyStandardTags } from '@listbackup/conventions';
import { physicalDeadLetterQueueName, physicalQueueName, QUEUE_CATALOG, QueueName } from './catalog';
import { queueExportNames, SQS_CONTRACT, SQS_SERVICE } from './contract';
import { FifoQueueWithDlq } from './fifo-queue-with-dlq';
import { acknowledgeSqsPolicyFindings } from './policy-acknowledgements';

export interface InfrastructureSqsStackProps extends StackProps {
  /** The stage, e.g. `main`; it is part of the stack, queue and export names. */
  readonly stage: string;
  /**
   * Extra tags for every resource, besides `Service`, `Stage` and `ManagedBy`.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** The ListBackup FIFO queues and their dead-letter queues, exported under the conventional names. */
export class InfrastructureSqsStack extends Stack {
  /** Every catalog queue, by name. */
  public readonly queues: Readonly<Record<QueueName, FifoQueueWithDlq>>;

  constructor(scope: Construct, props: InfrastructureSqsStackProps) {
    super(scope, SQS_CONTRACT.stackName(props.stage), props);
    const queues = {} as Record<QueueName, FifoQueueWithDlq>;
    for (const spec of QUEUE_CATALOG) {
      const pair = new FifoQueueWithDlq(this, spec.name, {
        queueName: physicalQueueName(props.stage, spec.name),
        deadLetterQueueName: physicalDeadLetterQueueName(props.stage, spec.name),
        priority: spec.priority,
      });
      const names = queueExportNames(spec.name);
      SQS_CONTRACT.export(this, props.stage, names.url, pair.queue.queueUrl, `URL of the ${spec.purpose} queue`);
      SQS_CONTRACT.export(this, props.stage, names.arn, pair.queue.queueArn, `ARN of the ${spec.purpose} queue`);
      SQS_CONTRACT.export(this, props.stage, names.dlqUrl, pair.deadLetterQueue.queueUrl, `URL of the ${spec.purpose} dead-letter queue`);
      SQS_CONTRACT.export(this, props.stage, names.dlqArn, pair.deadLetterQueue.queueArn, `ARN of the ${spec.purpose} dead-letter queue`);
      queues[spec.name] = pair;
    }
    this.queues = queues;
    acknowledgeSqsPolicyFindings(this);
    applyStandardTags(this, SQS_SERVICE, props.stage, props.tags);
  }
}
