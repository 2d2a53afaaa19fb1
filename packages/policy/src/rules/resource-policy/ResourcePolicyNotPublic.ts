import { CfnResource } from 'aws-cdk-lib/core';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isPublicGrant } from '../../private/policy-document';
import { resourcePolicyStatements } from '../../private/resource-policies';
import { findingsOrCompliant } from '../../private/rule-result';
import { PolicyRule } from '../rule';

/**
 * No bucket, queue, event bus or key policy allows a public principal (`*`, `{ AWS: '*' }`) unless a
 * condition on aws:SourceAccount, aws:PrincipalAccount, aws:SourceArn, aws:PrincipalOrgID or
 * aws:SourceOrgID narrows it. Deny statements are fine. Findings name the statement (`Statement::<Sid or index>`).
 */
export const ResourcePolicyNotPublic: PolicyRule = {
  id: 'ResourcePolicyNotPublic',
  level: NagMessageLevel.ERROR,
  info: 'The resource policy allows a public principal without a condition that restricts the caller.',
  explanation: 'A public Allow opens customer data or the event bus to every AWS account. Name the account or service ' +
    'principal, or add a condition on aws:SourceAccount / aws:PrincipalOrgID / aws:SourceArn.',
  check: (node: CfnResource) => {
    const statements = resourcePolicyStatements(node);
    if (statements === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    return findingsOrCompliant(statements.flatMap((s, index) =>
      isPublicGrant(s) ? [`Statement::${s.sid ?? index}`] : []));
  },
};
