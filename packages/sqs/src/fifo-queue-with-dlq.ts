import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PRIORITY_SETTINGS, QueuePriority } from './priority';
import { CONSUME_ACTIONS, KEY_RECEIVE_ACTIONS, KEY_SEND_ACTIONS, REDRIVE_DLQ_ACTIONS, SEND_ACTIONS } from './private/queue-actions';
import { DEAD_LETTER_RETENTION, validateAllProps } from '@listbackup/conventions';
import { FIFO_QUEUE_RULES } from './private/validate-fifo-queue-props';

export interface FifoQueueWithDlqProps {
  /** The queue's name; it must end with `.fifo`. */
  readonly queueName: string;
  /**
   * The dead-letter queue's name; it must end with `.fifo`.
   * @default - the queue's name with `-dlq` before `.fifo`
   */
  readonly deadLetterQueueName?: string;
  /**
   * Selects the defaults of `maxReceiveCount` and `visibilityTimeout` (see `PRIORITY_SETTINGS`).
   * @default QueuePriority.MEDIUM
   */
  readonly priority?: QueuePriority;
  /**
   * Receives of one message before it moves to the dead-letter queue, 1 to 1000.
   * @default - the priority's value
   */
  readonly maxReceiveCount?: number;
  /**
   * How long a received message is hidden from other consumers, at most 12 hours.
   * @default - the priority's value
   */
  readonly visibilityTimeout?: Duration;
  /**
   * How long the queue keeps a message; shorter than the dead-letter queue's 14 days.
   * @default - SQS's default, 4 days
   */
  readonly retentionPeriod?: Duration;
  /**
   * A KMS key that encrypts both queues. Producers and consumers then also need key permissions,
   * which the grant methods of this construct add.
   * @default - SQS-managed server-side encryption (SSE-SQS)
   */
  readonly encryptionMasterKey?: kms.IKey;
  /**
   * What happens to both queues when they leave the stack. Messages are data: keep them.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}


/**
 * A FIFO queue with its own FIFO dead-letter queue: both encrypted at rest, both accepting only
 * TLS requests, content-based deduplication, and a redrive that parks a message after
 * `maxReceiveCount` failed receives. The dead-letter queue keeps messages 14 days and accepts
 * redrive only from its own source queue.
 */
export class FifoQueueWithDlq extends Construct {
  /** The queue producers send to. */
  public readonly queue: sqs.Queue;
  /** Where messages go after `maxReceiveCount` receives. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The effective receive count before redrive. */
  public readonly maxReceiveCount: number;
  /** The customer key of both queues, when one was given. */
  public readonly encryptionMasterKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: FifoQueueWithDlqProps) {
    const defaults = PRIORITY_SETTINGS[props.priority ?? QueuePriority.MEDIUM];
    const deadLetterQueueName = props.deadLetterQueueName ?? props.queueName.replace(/\.fifo$/, '') + '-dlq.fifo';
    const settings = {
      queueName: props.queueName,
      deadLetterQueueName,
      maxReceiveCount: props.maxReceiveCount ?? defaults.maxReceiveCount,
      visibilityTimeout: props.visibilityTimeout ?? defaults.visibilityTimeout,
      retentionPeriod: props.retentionPeriod,
    };
    // Checked before super(): an invalid FifoQueueWithDlq never joins the tree.
    validateAllProps(scope, id, settings, FIFO_QUEUE_RULES, { construct: 'FifoQueueWithDlq', subject: 'FIFO queue settings' });
    super(scope, id);
    this.maxReceiveCount = settings.maxReceiveCount;
    this.encryptionMasterKey = props.encryptionMasterKey;

    const encryption = props.encryptionMasterKey
      ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.encryptionMasterKey }
      : { encryption: sqs.QueueEncryption.SQS_MANAGED };
    const common = {
      fifo: true,
      contentBasedDeduplication: true,
      enforceSSL: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...encryption,
    };

    // The source queue's ARN is built from its name: referencing the queue itself would make the
    // two queues depend on each other (redrive policy one way, redrive-allow policy the other).
    const sourceQueueArn = Stack.of(this).formatArn({
      service: 'sqs', resource: props.queueName, arnFormat: ArnFormat.NO_RESOURCE_NAME,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      ...common,
      queueName: deadLetterQueueName,
      retentionPeriod: DEAD_LETTER_RETENTION,
      redriveAllowPolicy: {
        redrivePermission: sqs.RedrivePermission.BY_QUEUE,
        sourceQueues: [sqs.Queue.fromQueueAttributes(this, 'SourceQueueReference', { queueArn: sourceQueueArn, fifo: true })],
      },
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...common,
      queueName: props.queueName,
      visibilityTimeout: settings.visibilityTimeout,
      retentionPeriod: props.retentionPeriod,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });
  }

  /**
   * Lets a producer send to the queue: `sqs:SendMessage`, `sqs:GetQueueAttributes`,
   * `sqs:GetQueueUrl` on the queue, and `kms:GenerateDataKey`, `kms:Decrypt` on the customer key
   * when there is one.
   */
  public grantSendMessages(grantee: iam.IGrantable): iam.Grant {
    this.grantKey(grantee, ...KEY_SEND_ACTIONS);
    return this.grantOn(grantee, this.queue, SEND_ACTIONS);
  }

  /**
   * Lets a consumer work off the queue: `sqs:ReceiveMessage`, `sqs:ChangeMessageVisibility`,
   * `sqs:DeleteMessage`, `sqs:GetQueueAttributes`, `sqs:GetQueueUrl` on the queue, and
   * `kms:Decrypt` on the customer key when there is one.
   */
  public grantConsumeMessages(grantee: iam.IGrantable): iam.Grant {
    this.grantKey(grantee, ...KEY_RECEIVE_ACTIONS);
    return this.grantOn(grantee, this.queue, CONSUME_ACTIONS);
  }

  /**
   * Lets an operator inspect parked messages: the consume actions above on the dead-letter queue
   * (`sqs:ReceiveMessage`, `sqs:ChangeMessageVisibility`, `sqs:DeleteMessage`,
   * `sqs:GetQueueAttributes`, `sqs:GetQueueUrl`), and `kms:Decrypt` on the customer key.
   */
  public grantConsumeDeadLetters(grantee: iam.IGrantable): iam.Grant {
    this.grantKey(grantee, ...KEY_RECEIVE_ACTIONS);
    return this.grantOn(grantee, this.deadLetterQueue, CONSUME_ACTIONS);
  }

  /**
   * Lets an operator move parked messages back to the queue with a message move task:
   * `sqs:StartMessageMoveTask`, `sqs:ListMessageMoveTasks`, `sqs:CancelMessageMoveTask`,
   * `sqs:ReceiveMessage`, `sqs:DeleteMessage`, `sqs:GetQueueAttributes` on the dead-letter queue,
   * `sqs:SendMessage` on the queue, and `kms:GenerateDataKey`, `kms:Decrypt` on the customer key.
   */
  public grantRedriveFromDlq(grantee: iam.IGrantable): iam.Grant {
    this.grantKey(grantee, ...KEY_SEND_ACTIONS);
    this.grantOn(grantee, this.queue, ['sqs:SendMessage']);
    return this.grantOn(grantee, this.deadLetterQueue, REDRIVE_DLQ_ACTIONS);
  }

  private grantOn(grantee: iam.IGrantable, queue: sqs.Queue, actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipalOrResource({ grantee, actions, resourceArns: [queue.queueArn], resource: queue });
  }

  private grantKey(grantee: iam.IGrantable, ...actions: string[]): void {
    this.encryptionMasterKey?.grant(grantee, ...actions);
  }
}
