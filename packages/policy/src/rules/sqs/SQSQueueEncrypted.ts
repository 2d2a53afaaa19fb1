import { CfnResource } from 'aws-cdk-lib/core';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantWhen } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** An SQS queue declares encryption at rest: a KMS key, or SQS-managed SSE set explicitly. */
export const SQSQueueEncrypted: PolicyRule = {
  id: 'SQSQueueEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The SQS queue does not declare encryption at rest (KmsMasterKeyId or SqsManagedSseEnabled).',
  explanation: 'Messages carry job details of customers; the template must say they are encrypted. ' +
    'Set encryption: QueueEncryption.KMS (or SQS_MANAGED).',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnQueue)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(Boolean(resolved(node, node.kmsMasterKeyId)) || resolved(node, node.sqsManagedSseEnabled) === true);
  },
};
