import { Stack, Validations } from 'aws-cdk-lib/core';
import { policyFindingName } from './private/policy-finding-name';
import { UserAuth } from './user-auth';

/**
 * The policy findings this stack accepts, each on the narrowest construct with its reason.
 * Kept in one place so a reviewer sees every exception of the stack at once.
 */
export function acknowledgeCognitoPolicyFindings(auth: UserAuth): void {
  Validations.of(auth.userPool).acknowledge({
    id: 'AwsSolutions-COG2',
    reason: 'MFA is optional by product decision: users may enrol a TOTP app, and threat protection ' +
      '(feature plan PLUS, enforced) blocks or challenges risky sign-ins.',
  });
  for (const objects of [auth.ownObjectsArn, auth.ownUploadsArn]) {
    Validations.of(auth.ownPrefixPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${policyFindingName(Stack.of(auth).resolve(objects))}]`,
      reason: 'The trailing * is inside the caller\'s own account prefix, accounts/${aws:PrincipalTag/accountId}/: ' +
        'the identity pool sets that tag from the account claim only the back end writes, so each user reaches their ' +
        'own account\'s objects and no other; S3 has no narrower form for objects created later.',
    });
  }
}
