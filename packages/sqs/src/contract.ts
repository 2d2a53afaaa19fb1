import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { serviceName, ServiceContract, validateStage } from '@listbackup/conventions';
import { QUEUE_NAMES, QueueName } from './catalog';

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

/** The ListBackup queues of one stage, as seen from another stack. */
export interface ImportedQueues {
  /** A catalog queue, read from the SQS stack's exports. */
  queue(name: QueueName): sqs.IQueue;
  /** The dead-letter queue of a catalog queue, read from the SQS stack's exports. */
  deadLetterQueue(name: QueueName): sqs.IQueue;
}

export interface SqsImportOptions {
  /**
   * The customer key of the queues, when the stack encrypts them with one; grants then cover it.
   * @default - none: the stack uses SQS-managed encryption, which needs no key permission
   */
  readonly keyArn?: string;
}

class QueueImports extends Construct implements ImportedQueues {
  constructor(scope: Construct, id: string, private readonly stage: string, private readonly keyArn?: string) {
    super(scope, id);
  }

  public queue(name: QueueName): sqs.IQueue {
    const names = queueExportNames(name);
    return this.importOnce(name, names.url, names.arn);
  }

  public deadLetterQueue(name: QueueName): sqs.IQueue {
    const names = queueExportNames(name);
    return this.importOnce(`${name}Dlq`, names.dlqUrl, names.dlqArn);
  }

  private importOnce(id: string, url: SqsExportName, arn: SqsExportName): sqs.IQueue {
    const existing = this.node.tryFindChild(id) as sqs.IQueue | undefined;
    return existing ?? sqs.Queue.fromQueueAttributes(this, id, {
      queueArn: SQS_CONTRACT.importValue(this.stage, arn),
      queueUrl: SQS_CONTRACT.importValue(this.stage, url),
      fifo: true,
      keyArn: this.keyArn,
    });
  }
}

/** The consumer side of the SQS stack's contract. */
export class SqsContract {
  /**
   * The queues of `stage`, imported with `Fn::ImportValue` of the names the SQS stack exports.
   * Calling it again in the same scope and stage returns the same queues.
   */
  public static import(scope: Construct, stage: string, options: SqsImportOptions = {}): ImportedQueues {
    const id = `SqsQueues-${validateStage(stage)}`;
    const existing = scope.node.tryFindChild(id);
    return existing instanceof QueueImports ? existing : new QueueImports(scope, id, stage, options.keyArn);
  }

  private constructor() {}
}
