import { CfnResource } from 'aws-cdk-lib/core';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { iamStatements } from '../../private/iam-documents';
import { findingsOrCompliant } from '../../private/rule-result';
import { WILDCARD_RESOURCE_ACTIONS } from '../../private/wildcard-resource-actions';
import { PolicyRule } from '../rule';

/**
 * No Allow in an identity policy uses `Resource: '*'`, except for actions that have no
 * resource-level permissions (WILDCARD_RESOURCE_ACTIONS). KMS key policies say `*` by design (it
 * means "this key") and are not identity policies, so they are not checked here.
 */
export const IAMNoWildcardResource: PolicyRule = {
  id: 'IAMNoWildcardResource',
  level: NagMessageLevel.ERROR,
  info: 'The IAM policy allows actions on every resource (`Resource: *`) for actions that support resource-level permissions.',
  explanation: 'Least privilege: name the table, bucket, queue or key ARNs (grant* methods of the resource do). ' +
    `Only ${Object.keys(WILDCARD_RESOURCE_ACTIONS).join(', ')} may use '*'.`,
  check: (node: CfnResource) => {
    const statements = iamStatements(node);
    if (statements === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    return findingsOrCompliant(statements
      .filter((s) => s.effect === 'Allow' && s.resources.includes('*'))
      .filter((s) => s.actions.length === 0 || s.actions.some((a) => !(a in WILDCARD_RESOURCE_ACTIONS)))
      .map(() => 'Resource::*'));
  },
};
