import { Stack, Validations } from 'aws-cdk-lib';
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
  const ownObjects = policyFindingName(Stack.of(auth).resolve(auth.ownObjectsArn));
  Validations.of(auth.ownPrefixPolicy).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${ownObjects}]`,
    reason: 'The trailing * is the user\'s own prefix, accounts/${cognito-identity.amazonaws.com:sub}/: ' +
      'the identity id in the path confines each user to their own objects; S3 has no narrower form.',
  });
}
