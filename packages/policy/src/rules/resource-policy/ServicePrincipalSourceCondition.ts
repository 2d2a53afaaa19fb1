import { CfnResource } from 'aws-cdk-lib/core';
import { CfnRole } from 'aws-cdk-lib/aws-iam';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { CfnResourcePolicy } from 'aws-cdk-lib/aws-logs';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { PolicyStatement, statementsOf } from '../../private/policy-document';
import { parsePolicyText, renderResolved } from '../../private/resolved-text';
import { resourcePolicyStatements } from '../../private/resource-policies';
import { compliantWhen, findingsOrCompliant } from '../../private/rule-result';
import { hasSourceCondition, servicePrincipalsOf } from '../../private/service-principals';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** The statements a resource grants to others: its resource policy, a role's trust policy, a log group resource policy. */
function grantingStatements(node: CfnResource): PolicyStatement[] | undefined {
  if (node instanceof CfnRole) return statementsOf(resolved(node, node.assumeRolePolicyDocument));
  if (node instanceof CfnResourcePolicy) return statementsOf(parsePolicyText(resolved(node, node.policyDocument)));
  return resourcePolicyStatements(node);
}

/**
 * Every Allow to an AWS service principal (in a bucket, queue, key or bus policy, a log group
 * resource policy, a role's trust policy, or a Lambda permission) names the source: `aws:SourceArn`,
 * `aws:SourceAccount`, `aws:SourceOrgID`/`aws:SourceOrgPaths`, the service's KMS encryption context
 * ARN, or the Cognito identity pool audience. Without one, the service acting for a resource in any
 * other account may use this one (the confused deputy). Findings are `Statement::<Sid or index>`.
 */
export const ServicePrincipalSourceCondition: PolicyRule = {
  id: 'ServicePrincipalSourceCondition',
  level: NagMessageLevel.ERROR,
  info: 'A resource or trust policy allows an AWS service principal without a condition on the source (aws:SourceArn, aws:SourceAccount, …).',
  explanation: 'A service principal is every customer\'s copy of that service: without a source condition a trail, rule or ' +
    'log delivery of another account can write here, or assume this role. Add aws:SourceArn (the one resource that may ' +
    'act) and aws:SourceAccount, or the service\'s kms:EncryptionContext ARN in a key policy.',
  check: (node: CfnResource) => {
    if (node instanceof CfnPermission) {
      const principal = renderResolved(resolved(node, node.principal));
      if (!/\.amazonaws\.com$/.test(principal)) return NagRuleCompliance.NOT_APPLICABLE;
      return compliantWhen(Boolean(resolved(node, node.sourceArn)) || Boolean(resolved(node, node.sourceAccount)));
    }
    const statements = grantingStatements(node);
    if (statements === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const toServices = statements
      .map((s, i) => ({ s, name: s.sid ?? String(i) }))
      .filter(({ s }) => s.effect === 'Allow' && servicePrincipalsOf(s.principal).length > 0);
    if (toServices.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    return findingsOrCompliant(toServices.filter(({ s }) => !hasSourceCondition(s.condition)).map(({ name }) => `Statement::${name}`));
  },
};
