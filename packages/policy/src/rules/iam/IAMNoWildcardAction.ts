import { CfnResource } from 'aws-cdk-lib/core';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { iamStatements } from '../../private/iam-documents';
import { findingsOrCompliant } from '../../private/rule-result';
import { PolicyRule } from '../rule';

/**
 * No Allow in an identity policy grants `*` or a whole service (`s3:*`). Findings are
 * `Action::<action>` so an acknowledgement names the one action it accepts.
 */
export const IAMNoWildcardAction: PolicyRule = {
  id: 'IAMNoWildcardAction',
  level: NagMessageLevel.ERROR,
  info: 'The IAM policy allows every action (`*`) or every action of a service (`service:*`).',
  explanation: 'Least privilege: a whole-service grant includes deletes and policy changes nobody meant to give. ' +
    'List the actions the code calls (grant* methods of the resource do).',
  check: (node: CfnResource) => {
    const statements = iamStatements(node);
    if (statements === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    return findingsOrCompliant(statements
      .filter((s) => s.effect === 'Allow')
      .flatMap((s) => s.actions.filter((a) => a === '*' || /^[a-z0-9-]+:\*$/i.test(a)))
      .map((a) => `Action::${a}`));
  },
};
