import { CfnResource } from 'aws-cdk-lib/core';
import { CfnGroup, CfnRole, CfnUser } from 'aws-cdk-lib/aws-iam';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { findingsOrCompliant } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

const ADMIN_POLICY = /^(AdministratorAccess|PowerUserAccess|IAMFullAccess|.*FullAccess)$/;

/** The AWS managed policy names in a resolved ARN list (`...:iam::aws:policy/job-function/X` → X). */
function managedPolicyNames(arns: unknown): string[] {
  const text = JSON.stringify(arns ?? []);
  return [...text.matchAll(/:policy\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)/g)].map((m) => m[1]);
}

/** No role, user or group attaches an admin-style managed policy; findings are `Policy::<name>`. */
export const IAMNoAdminManagedPolicy: PolicyRule = {
  id: 'IAMNoAdminManagedPolicy',
  level: NagMessageLevel.ERROR,
  info: 'The IAM principal attaches an admin-style managed policy (AdministratorAccess, PowerUserAccess, IAMFullAccess or *FullAccess).',
  explanation: 'These policies grant whole services or the account. Grant the actions on the resources the code uses.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnRole || node instanceof CfnUser || node instanceof CfnGroup)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return findingsOrCompliant(managedPolicyNames(resolved(node, node.managedPolicyArns))
      .filter((name) => ADMIN_POLICY.test(name))
      .map((name) => `Policy::${name}`));
  },
};
