import { CfnResource } from 'aws-cdk-lib/core';
import { CfnIdentityPool } from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { compliantWhen } from '../../private/rule-result';
import { resolved } from '../../private/stack-resources';
import { PolicyRule } from '../rule';

/** A Cognito identity pool hands out no credentials to unauthenticated identities. */
export const CognitoIdentityPoolNoUnauthenticated: PolicyRule = {
  id: 'CognitoIdentityPoolNoUnauthenticated',
  level: NagMessageLevel.ERROR,
  info: 'The Cognito identity pool allows unauthenticated identities.',
  explanation: 'Anyone on the internet could obtain AWS credentials for the unauthenticated role. ' +
    'Set allowUnauthenticatedIdentities: false.',
  check: (node: CfnResource) => {
    if (!(node instanceof CfnIdentityPool)) return NagRuleCompliance.NOT_APPLICABLE;
    return compliantWhen(resolved(node, node.allowUnauthenticatedIdentities) !== true);
  },
};
