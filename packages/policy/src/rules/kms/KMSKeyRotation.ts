import { CfnResource } from 'aws-cdk-lib/core';
import { CfnKey } from 'aws-cdk-lib/aws-kms';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantWhen } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** A symmetric KMS key rotates its material yearly. Asymmetric and HMAC keys cannot rotate. */
export const KMSKeyRotation: PolicyRule = {
  id: 'KMSKeyRotation',
  level: NagMessageLevel.ERROR,
  info: 'The symmetric KMS key does not have automatic key rotation enabled.',
  explanation: 'Rotation limits how much data one key version protects. Set enableKeyRotation: true.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnKey)) return NagRuleCompliance.NOT_APPLICABLE;
    const spec = resolved(node, node.keySpec) ?? 'SYMMETRIC_DEFAULT';
    if (spec !== 'SYMMETRIC_DEFAULT') return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(resolved(node, node.enableKeyRotation) === true);
  },
};
