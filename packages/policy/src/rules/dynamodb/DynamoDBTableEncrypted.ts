import { CfnResource } from 'aws-cdk-lib/core';
import { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantWhen } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** A DynamoDB table is encrypted with a KMS key (SSE enabled), not only the AWS-owned default key. */
export const DynamoDBTableEncrypted: PolicyRule = {
  id: 'DynamoDBTableEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The DynamoDB table does not have server-side encryption with a KMS key enabled.',
  explanation: 'With SSE enabled the key is visible in CloudTrail and its use can be audited and revoked. ' +
    'Set encryption to TableEncryption.AWS_MANAGED or CUSTOMER_MANAGED (sseSpecification.sseEnabled).',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnTable)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(resolved(node, node.sseSpecification)?.sseEnabled === true);
  },
};
