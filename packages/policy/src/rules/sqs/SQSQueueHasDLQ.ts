import { CfnResource } from 'aws-cdk-lib/core';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isDeadLetterQueue } from '../../private/dead-letter-queues';
import { compliantWhen } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** Every SQS queue redrives to a dead-letter queue, unless it is itself a DLQ (of a queue, a function or a rule target). */
export const SQSQueueHasDLQ: PolicyRule = {
  id: 'SQSQueueHasDLQ',
  level: NagMessageLevel.ERROR,
  info: 'The SQS queue has no dead-letter queue and is not the dead-letter queue of another queue, a function or a rule target.',
  explanation: 'Without a DLQ a poison message is retried until it expires and the job it carries is lost silently. ' +
    'Set deadLetterQueue: { queue, maxReceiveCount }.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnQueue)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(Boolean(resolved(node, node.redrivePolicy)?.deadLetterTargetArn) || isDeadLetterQueue(node));
  },
};
