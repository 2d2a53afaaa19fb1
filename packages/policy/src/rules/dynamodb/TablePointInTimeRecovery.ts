import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { PolicyRule } from '../rule';

/** A DynamoDB table has point-in-time recovery enabled. */
export const TablePointInTimeRecovery: PolicyRule = {
  id: 'TablePointInTimeRecovery',
  level: NagMessageLevel.ERROR,
  info: 'The DynamoDB table does not have point-in-time recovery enabled.',
  explanation: 'Backup data is the product: PITR restores a table to any second of the last 35 days after a bad write. ' +
    'Set pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled (SecureTable does by default).',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnTable)) return NagRuleCompliance.NOT_APPLICABLE;
    const spec = Stack.of(node).resolve(node.pointInTimeRecoverySpecification);
    return spec?.pointInTimeRecoveryEnabled === true ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
