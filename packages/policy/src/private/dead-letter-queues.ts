import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { logicalIdOf, refersTo, resolved, stackResources } from './stack-resources';

/** Whether another queue of the same stack redrives into this queue, i.e. this queue is a DLQ. */
export function isDeadLetterQueue(node: CfnQueue): boolean {
  const id = logicalIdOf(node);
  return stackResources(node).some((r) =>
    r instanceof CfnQueue && r !== node && refersTo(resolved(r, r.redrivePolicy)?.deadLetterTargetArn, id));
}
