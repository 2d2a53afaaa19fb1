import { CfnResource } from 'aws-cdk-lib/core';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { findingsOrCompliant } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

const BLOCKS = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'] as const;

/** An S3 bucket turns on all four public-access blocks; each missing block is a finding (`Block::blockPublicAcls`). */
export const S3BucketPublicAccessBlock: PolicyRule = {
  id: 'S3BucketPublicAccessBlock',
  level: NagMessageLevel.ERROR,
  info: 'The S3 bucket does not turn on all four public-access blocks.',
  explanation: 'Customer backups must never become public through an ACL or a policy. ' +
    'Set blockPublicAccess: BlockPublicAccess.BLOCK_ALL.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    const config = resolved(node, node.publicAccessBlockConfiguration) ?? {};
    return findingsOrCompliant(BLOCKS.filter((b) => config[b] !== true).map((b) => `Block::${b}`));
  },
};
