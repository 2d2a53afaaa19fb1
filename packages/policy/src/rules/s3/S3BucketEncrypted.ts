import { CfnResource } from 'aws-cdk-lib/core';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList } from '../../private/policy-document';
import { compliantWhen } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** An S3 bucket declares default encryption (SSE-KMS, or SSE-S3 where the design allows it). */
export const S3BucketEncrypted: PolicyRule = {
  id: 'S3BucketEncrypted',
  level: NagMessageLevel.ERROR,
  info: 'The S3 bucket does not declare default server-side encryption.',
  explanation: 'The template is the record of how data is protected: declare the encryption instead of relying on ' +
    'the account default. Set encryption: BucketEncryption.KMS (or S3_MANAGED where the design allows).',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    const rules = asList(resolved(node, node.bucketEncryption)?.serverSideEncryptionConfiguration);
    return compliantWhen(rules.some((r) => (r as { serverSideEncryptionByDefault?: { sseAlgorithm?: unknown } } | undefined)?.serverSideEncryptionByDefault?.sseAlgorithm));
  },
};
