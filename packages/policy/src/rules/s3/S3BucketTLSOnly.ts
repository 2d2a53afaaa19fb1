import { CfnResource } from 'aws-cdk-lib/core';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { attachedPolicyStatements } from '../../private/attached-policies';
import { deniesInsecureTransport } from '../../private/policy-document';
import { compliantWhen } from '../../private/rule-result';
import { PolicyRule } from '../rule';

/** An S3 bucket has a bucket policy that denies requests without TLS. */
export const S3BucketTLSOnly: PolicyRule = {
  id: 'S3BucketTLSOnly',
  level: NagMessageLevel.ERROR,
  info: 'The S3 bucket has no bucket policy that denies requests made without TLS (aws:SecureTransport = false).',
  explanation: 'Backups travel over the network: plain HTTP exposes them to interception. Set enforceSSL: true.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(attachedPolicyStatements(node).some(deniesInsecureTransport));
  },
};
