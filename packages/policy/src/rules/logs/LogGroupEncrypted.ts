import { CfnResource } from 'aws-cdk-lib/core';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantWhen } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** A CloudWatch log group encrypts its data with a KMS key. */
export const LogGroupEncrypted: PolicyRule = {
  id: 'LogGroupEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The CloudWatch log group is not encrypted with a KMS key (KmsKeyId).',
  explanation: 'Logs hold event payloads and identifiers of customers. Set encryptionKey on the LogGroup ' +
    '(the key policy must allow the logs service principal of the region).',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnLogGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(Boolean(resolved(node, node.kmsKeyId)));
  },
};
