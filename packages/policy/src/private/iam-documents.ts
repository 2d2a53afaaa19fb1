import { CfnResource } from 'aws-cdk-lib/core';
import { CfnGroup, CfnManagedPolicy, CfnPolicy, CfnRole, CfnUser } from 'aws-cdk-lib/aws-iam';
import { PolicyStatement, asList, statementsOf } from './policy-document';
import { resolved } from './stack-resources';

/**
 * The identity-based policy statements a resource carries: IAM policies, managed policies and the
 * inline policies of roles, users and groups. Resource policies (bucket, queue, key, bus) are not
 * identity policies and are checked by their own rules. `undefined` when the resource is not IAM.
 */
export function iamStatements(node: CfnResource): PolicyStatement[] | undefined {
  if (node instanceof CfnPolicy || node instanceof CfnManagedPolicy) {
    return statementsOf(resolved(node, node.policyDocument));
  }
  if (node instanceof CfnRole || node instanceof CfnUser || node instanceof CfnGroup) {
    return asList(resolved(node, node.policies))
      .flatMap((p) => statementsOf((p as Record<string, unknown> | undefined)?.policyDocument));
  }
  return undefined;
}
