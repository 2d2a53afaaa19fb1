import { CfnDeletionPolicy, CfnResource } from 'aws-cdk-lib/core';
import { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantWhen } from '../../private/rule-result';
import { PolicyRule } from '../rule';

/** A DynamoDB table survives stack deletion and replacement (DeletionPolicy and UpdateReplacePolicy Retain). */
export const DynamoDBTableRetain: PolicyRule = {
  id: 'DynamoDBTableRetain',
  level: NagMessageLevel.ERROR,
  info: 'The DynamoDB table does not have DeletionPolicy and UpdateReplacePolicy Retain.',
  explanation: 'Deleting the stack or a replacing update would otherwise delete the table and its data. ' +
    'Set removalPolicy: RemovalPolicy.RETAIN.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnTable)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(node.cfnOptions.deletionPolicy === CfnDeletionPolicy.RETAIN &&
      node.cfnOptions.updateReplacePolicy === CfnDeletionPolicy.RETAIN);
  },
};
