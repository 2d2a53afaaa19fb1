import { CfnResource } from 'aws-cdk-lib/core';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { DEAD_LETTER_RETENTION } from '@listbackup/conventions';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isDeadLetterQueue } from '../../private/dead-letter-queues';
import { compliantWhen } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** The conventions' dead-letter retention (the SQS maximum, 14 days), in seconds. */
export const DLQ_MIN_RETENTION_SECONDS = DEAD_LETTER_RETENTION.toSeconds();
const DAYS = DEAD_LETTER_RETENTION.toDays();

/** A dead-letter queue keeps its messages for 14 days, the SQS maximum. */
export const SQSDLQRetention: PolicyRule = {
  id: 'SQSDLQRetention',
  level: NagMessageLevel.ERROR,
  info: `The dead-letter queue keeps messages for less than ${DAYS} days (MessageRetentionPeriod < ${DLQ_MIN_RETENTION_SECONDS}).`,
  explanation: 'A failed job must survive a long weekend and an investigation; the default 4 days does not. ' +
    'Set retentionPeriod: DEAD_LETTER_RETENTION (from @listbackup/conventions) on the dead-letter queue.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnQueue) || !isDeadLetterQueue(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const retention = Number(resolved(node, node.messageRetentionPeriod));
    return compliantWhen(retention >= DLQ_MIN_RETENTION_SECONDS);
  },
};
