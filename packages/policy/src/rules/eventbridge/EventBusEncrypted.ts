import { CfnResource } from 'aws-cdk-lib/core';
import { CfnEventBus } from 'aws-cdk-lib/aws-events';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantWhen } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** A custom EventBridge bus encrypts events with a customer KMS key (`KmsKeyIdentifier`). */
export const EventBusEncrypted: PolicyRule = {
  id: 'EventBusEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The EventBridge bus does not encrypt events with a customer managed KMS key (KmsKeyIdentifier).',
  explanation: 'Events describe customer accounts and jobs; a customer key makes their use auditable and revocable. ' +
    'Set kmsKey on the EventBus.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnEventBus)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(Boolean(resolved(node, node.kmsKeyIdentifier)));
  },
};
