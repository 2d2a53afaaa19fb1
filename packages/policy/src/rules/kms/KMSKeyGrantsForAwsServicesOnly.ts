import { CfnResource } from 'aws-cdk-lib/core';
import { CfnKey } from 'aws-cdk-lib/aws-kms';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, isPublicPrincipal, PolicyStatement, statementsOf } from '../../private/policy-document';
import { compliantWhen } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** Whether an action pattern (`kms:*`, `kms:Create*`, `*`) covers kms:CreateGrant. */
function coversCreateGrant(action: string): boolean {
  const pattern = new RegExp(`^${action.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return pattern.test('kms:CreateGrant');
}

/** The `Bool`/`BoolIfExists` value of a condition key, case-insensitively. */
function boolCondition(statement: PolicyStatement, key: string, operators: string[]): string[] {
  return operators.flatMap((op) => Object.entries(statement.condition[op] ?? {})
    .filter(([k]) => k.toLowerCase() === key.toLowerCase())
    .flatMap(([, v]) => asList(v).map(String)));
}

/** A Deny of CreateGrant to everyone unless the grant is for an AWS resource (Control Tower CT.KMS.PR.3). */
function deniesGrantsToOthers(s: PolicyStatement): boolean {
  return s.effect === 'Deny' && isPublicPrincipal(s.principal) && s.actions.some(coversCreateGrant) &&
    boolCondition(s, 'kms:GrantIsForAWSResource', ['Bool', 'BoolIfExists']).includes('false');
}

/** An Allow of CreateGrant not limited to grants for AWS resources. */
function allowsGrantsToOthers(s: PolicyStatement): boolean {
  return s.effect === 'Allow' && s.actions.some(coversCreateGrant) &&
    !boolCondition(s, 'kms:GrantIsForAWSResource', ['Bool']).includes('true');
}

/**
 * A KMS key's policy limits `kms:CreateGrant` to grants for AWS resources: either it denies
 * CreateGrant to every principal when `kms:GrantIsForAWSResource` is false, or no statement allows
 * CreateGrant (alone or through `kms:*`) without `kms:GrantIsForAWSResource` true.
 */
export const KMSKeyGrantsForAwsServicesOnly: PolicyRule = {
  id: 'KMSKeyGrantsForAwsServicesOnly',
  level: NagMessageLevel.ERROR,
  info: 'The KMS key policy lets principals create grants that are not for an AWS resource (kms:CreateGrant unlimited).',
  explanation: 'A grant hands the key to another principal outside every key policy and IAM policy review; the default ' +
    'key policy (kms:* for the account root) allows it to any identity with kms:CreateGrant. Deny kms:CreateGrant to ' +
    'every principal when kms:GrantIsForAWSResource and aws:PrincipalIsAWSService are false (limitGrantsToAwsServices ' +
    'from @listbackup/conventions).',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnKey)) return NagRuleCompliance.NOT_APPLICABLE;
    const statements = statementsOf(resolved(node, node.keyPolicy));
    return compliantWhen(statements.some(deniesGrantsToOthers) || !statements.some(allowsGrantsToOthers));
  },
};
