import { CfnDeletionPolicy, CfnResource } from 'aws-cdk-lib/core';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantWhen } from '../../private/rule-result';
import { PolicyRule } from '../rule';

/** An S3 bucket survives stack deletion and replacement (DeletionPolicy and UpdateReplacePolicy Retain). */
export const S3BucketRetain: PolicyRule = {
  id: 'S3BucketRetain',
  level: NagMessageLevel.ERROR,
  info: 'The S3 bucket does not have DeletionPolicy and UpdateReplacePolicy Retain.',
  explanation: 'Deleting the stack or a replacing update would otherwise try to delete the bucket of backups. ' +
    'Set removalPolicy: RemovalPolicy.RETAIN.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(node.cfnOptions.deletionPolicy === CfnDeletionPolicy.RETAIN &&
      node.cfnOptions.updateReplacePolicy === CfnDeletionPolicy.RETAIN);
  },
};
