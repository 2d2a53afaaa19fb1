import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ContractImport, importContract, serviceName, ServiceContract } from '@listbackup/conventions';
import { QUEUE_NAMES, QueueName } from './catalog';
import { EVENT_SOURCE_ACTIONS, KEY_RECEIVE_ACTIONS, KEY_SEND_ACTIONS, SEND_MESSAGE_ACTIONS } from './private/queue-actions';

export const SQS_SERVICE = serviceName('sqs');

/** An export of the SQS stack, e.g. `SyncQueueUrl` or `SyncQueueDlqArn`. */
export type SqsExportName = `${QueueName}${'Url' | 'Arn' | 'DlqUrl' | 'DlqArn'}`;

/** The export names of one queue. */
export function queueExportNames(name: QueueName): { url: SqsExportName; arn: SqsExportName; dlqUrl: SqsExportName; dlqArn: SqsExportName } {
  return { url: `${name}Url`, arn: `${name}Arn`, dlqUrl: `${name}DlqUrl`, dlqArn: `${name}DlqArn` };
}

/** Both sides of the SQS stack's exports. */
export const SQS_CONTRACT = new ServiceContract<SqsExportName>(
  SQS_SERVICE,
  QUEUE_NAMES.flatMap((name) => Object.values(queueExportNames(name))),
);

export interface SqsImportOptions {
  /**
   * The customer key of the queues, when the stack encrypts them with one; grants then cover it.
   * @default - none: the stack uses SQS-managed encryption, which needs no key permission
   */
  readonly keyArn?: string;
}

/**
 * The ListBackup queues of one stage, seen from another stack of the same account and region (id
 * `listbackup-infrastructure-sqs-<stage>`). Each queue is imported once, with `Fn::ImportValue` of
 * the names the SQS stack exports.
 */
export class ImportedQueues extends ContractImport<SqsExportName> {
  private readonly keyArn?: string;

  /** Use `SqsContract.import(scope, stage)`, which imports a stage once a scope. */
  constructor(scope: Construct, id: string, stage: string, options: SqsImportOptions = {}) {
    super(scope, id, SQS_CONTRACT, stage);
    this.keyArn = options.keyArn;
  }

  /** A catalog queue. */
  public queue(name: QueueName): sqs.IQueue {
    const names = queueExportNames(name);
    return this.importQueue(name, names.url, names.arn);
  }

  /** The dead-letter queue of a catalog queue. */
  public deadLetterQueue(name: QueueName): sqs.IQueue {
    const names = queueExportNames(name);
    return this.importQueue(`${name}Dlq`, names.dlqUrl, names.dlqArn);
  }

  /**
   * Lets a producer that knows the queues' URLs send to them: `sqs:SendMessage` on each queue, in
   * one statement; with a customer key also `kms:GenerateDataKey`, `kms:Decrypt` on it.
   */
  public grantSendMessage(grantee: iam.IGrantable, ...names: QueueName[]): iam.Grant {
    return this.grantOnQueues(grantee, names, SEND_MESSAGE_ACTIONS, KEY_SEND_ACTIONS);
  }

  /**
   * What a Lambda event source mapping needs on its queues, with the function's role:
   * `sqs:ReceiveMessage`, `sqs:DeleteMessage`, `sqs:GetQueueAttributes` on each queue, in one
   * statement; with a customer key also `kms:Decrypt` on it.
   */
  public grantEventSourcePolling(grantee: iam.IGrantable, ...names: QueueName[]): iam.Grant {
    return this.grantOnQueues(grantee, names, EVENT_SOURCE_ACTIONS, KEY_RECEIVE_ACTIONS);
  }

  private grantOnQueues(grantee: iam.IGrantable, names: QueueName[], actions: string[], keyActions: string[]): iam.Grant {
    const grant = iam.Grant.addToPrincipal({ grantee, actions, resourceArns: names.map((name) => this.queue(name).queueArn) });
    return this.keyArn ? grant.combine(iam.Grant.addToPrincipal({ grantee, actions: keyActions, resourceArns: [this.keyArn] })) : grant;
  }

  private importQueue(id: string, url: SqsExportName, arn: SqsExportName): sqs.IQueue {
    return this.once(id, (scope) => sqs.Queue.fromQueueAttributes(scope, id, {
      queueArn: this.importValue(arn),
      queueUrl: this.importValue(url),
      fifo: true,
      keyArn: this.keyArn,
    }));
  }
}

/** The consumer side of the SQS stack's contract. */
export class SqsContract {
  /**
   * The queues of `stage`; calling it again in the same scope and stage returns the same imports
   * (with the options of the first call).
   */
  public static import(scope: Construct, stage: string, options: SqsImportOptions = {}): ImportedQueues {
    return importContract(scope, SQS_CONTRACT, stage, (s, id) => new ImportedQueues(s, id, stage, options));
  }

  private constructor() {}
}
