import { CfnResource } from 'aws-cdk-lib/core';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { attachedPolicyStatements } from '../../private/attached-policies';
import { deniesInsecureTransport } from '../../private/policy-document';
import { compliantWhen } from '../../private/rule-result';
import { PolicyRule } from '../rule';

/** An SQS queue has a queue policy that denies requests without TLS. */
export const SQSQueueTLSOnly: PolicyRule = {
  id: 'SQSQueueTLSOnly',
  level: NagMessageLevel.ERROR,
  info: 'The SQS queue has no queue policy that denies requests made without TLS (aws:SecureTransport = false).',
  explanation: 'Job messages name customer sources and credentials references: refuse plain HTTP. Set enforceSSL: true.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnQueue)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(attachedPolicyStatements(node).some(deniesInsecureTransport));
  },
};
