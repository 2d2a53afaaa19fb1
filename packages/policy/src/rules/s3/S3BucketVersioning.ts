import { CfnResource } from 'aws-cdk-lib/core';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantWhen } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** An S3 bucket keeps object versions. */
export const S3BucketVersioning: PolicyRule = {
  id: 'S3BucketVersioning',
  level: NagMessageLevel.ERROR,
  info: 'The S3 bucket does not have versioning enabled.',
  explanation: 'Versioning turns an overwrite or a delete into a recoverable event. Set versioned: true.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(resolved(node, node.versioningConfiguration)?.status === 'Enabled');
  },
};
