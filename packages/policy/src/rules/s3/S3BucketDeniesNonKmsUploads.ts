import { CfnResource } from 'aws-cdk-lib/core';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { attachedPolicyStatements } from '../../private/attached-policies';
import { asList, PolicyStatement } from '../../private/policy-document';
import { renderResolved } from '../../private/resolved-text';
import { findingsOrCompliant } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

const ENCRYPTION_KEY = 's3:x-amz-server-side-encryption';
const KEY_ID_KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';
const NEGATED = ['StringNotEquals', 'StringNotEqualsIfExists'];

function coversPutObject(action: string): boolean {
  return ['*', 's3:*', 's3:put*', 's3:putobject'].includes(action.toLowerCase());
}

/** The values a Deny statement refuses uploads for unless the header equals them. */
function deniedUnless(statement: PolicyStatement, key: string): string[] {
  if (statement.effect !== 'Deny' || !statement.actions.some(coversPutObject)) return [];
  return NEGATED.flatMap((op) => Object.entries(statement.condition[op] ?? {})
    .filter(([k]) => k.toLowerCase() === key)
    .flatMap(([, v]) => asList(v).map(renderResolved)));
}

/**
 * A bucket whose default encryption is SSE-KMS (it holds data under a key of its own) denies, in
 * its bucket policy, every upload that asks for another algorithm (`s3:x-amz-server-side-encryption`
 * not `aws:kms`) and, when the bucket names its key, every upload that names another key
 * (`s3:x-amz-server-side-encryption-aws-kms-key-id`). Findings are `Condition::<missing key>`.
 */
export const S3BucketDeniesNonKmsUploads: PolicyRule = {
  id: 'S3BucketDeniesNonKmsUploads',
  level: NagMessageLevel.ERROR,
  info: 'The SSE-KMS bucket does not deny uploads that are not encrypted with its own KMS key.',
  explanation: 'Default encryption only applies when an upload asks for nothing: an uploader can send AES256, or another ' +
    'key, and skip the bucket key with its key policy and its CloudTrail record. Deny s3:PutObject when ' +
    's3:x-amz-server-side-encryption is not aws:kms and when s3:x-amz-server-side-encryption-aws-kms-key-id is not the ' +
    'bucket key, each only when its header is present (StringNotEquals with Null false: an ...IfExists condition is true ' +
    'for a missing key, so it would also refuse the uploads that ask for nothing and rely on the default).',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
    const defaults = asList(resolved(node, node.bucketEncryption)?.serverSideEncryptionConfiguration)
      .map((rule) => (rule as { serverSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyId?: unknown } }).serverSideEncryptionByDefault)
      .filter((d) => d !== undefined && /^aws:kms/.test(String(d.sseAlgorithm)));
    if (defaults.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const statements = attachedPolicyStatements(node);
    const findings: string[] = [];
    if (!statements.some((s) => deniedUnless(s, ENCRYPTION_KEY).some((v) => /^aws:kms/.test(v)))) findings.push(`Condition::${ENCRYPTION_KEY}`);
    const keyId = defaults[0]!.kmsMasterKeyId;
    if (keyId !== undefined && !statements.some((s) => deniedUnless(s, KEY_ID_KEY).includes(renderResolved(keyId)))) {
      findings.push(`Condition::${KEY_ID_KEY}`);
    }
    return findingsOrCompliant(findings);
  },
};
