import { CfnResource } from 'aws-cdk-lib/core';
import { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantWhen } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** A DynamoDB table has point-in-time recovery enabled. */
export const DynamoDBTablePointInTimeRecovery: PolicyRule = {
  id: 'DynamoDBTablePointInTimeRecovery',
  level: NagMessageLevel.ERROR,
  info: 'The DynamoDB table does not have point-in-time recovery enabled.',
  explanation: 'Backup data is the product: PITR restores a table to any second of the last 35 days after a bad write. ' +
    'Set pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled (SecureTable does by default).',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnTable)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(resolved(node, node.pointInTimeRecoverySpecification)?.pointInTimeRecoveryEnabled === true);
  },
};
