import { CfnResource } from 'aws-cdk-lib/core';
import { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantWhen } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** A DynamoDB table has deletion protection on. */
export const DynamoDBTableDeletionProtection: PolicyRule = {
  id: 'DynamoDBTableDeletionProtection',
  level: NagMessageLevel.ERROR,
  info: 'The DynamoDB table does not have deletion protection enabled.',
  explanation: 'Deletion protection stops a console click or an API call from deleting a table of customer data; ' +
    'RETAIN only covers CloudFormation. Set deletionProtection: true.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnTable)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(resolved(node, node.deletionProtectionEnabled) === true);
  },
};
