import { CfnResource } from 'aws-cdk-lib/core';
import { CfnEventBus, CfnEventBusPolicy } from 'aws-cdk-lib/aws-events';
import { CfnKey } from 'aws-cdk-lib/aws-kms';
import { CfnBucketPolicy } from 'aws-cdk-lib/aws-s3';
import { CfnQueuePolicy } from 'aws-cdk-lib/aws-sqs';
import { PolicyStatement, normaliseStatement, statementsOf } from './policy-document';
import { resolved } from './stack-resources';

/**
 * The statements of a resource policy: bucket and queue policies, key policies, an event bus's
 * `Policy` property and `AWS::Events::EventBusPolicy` (its `Statement`, or the legacy
 * Principal/Action/Condition form). `undefined` when the resource carries no resource policy.
 */
export function resourcePolicyStatements(node: CfnResource): PolicyStatement[] | undefined {
  if (node instanceof CfnBucketPolicy || node instanceof CfnQueuePolicy) {
    return statementsOf(resolved(node, node.policyDocument));
  }
  if (node instanceof CfnKey) return statementsOf(resolved(node, node.keyPolicy));
  if (node instanceof CfnEventBus) return statementsOf(resolved(node, node.policy));
  if (node instanceof CfnEventBusPolicy) return eventBusPolicyStatements(node);
  return undefined;
}

function eventBusPolicyStatements(node: CfnEventBusPolicy): PolicyStatement[] {
  const statement = resolved(node, node.statement);
  if (statement) return [normaliseStatement(statement)];
  // Legacy form: one principal (an account id or '*') and an optional single condition.
  const condition = resolved(node, node.condition) as { type?: string; key?: string; value?: string } | undefined;
  return [normaliseStatement({
    Effect: 'Allow',
    Principal: resolved(node, node.principal) === '*' ? '*' : { AWS: resolved(node, node.principal) },
    Action: resolved(node, node.action),
    Condition: condition?.key ? { [condition.type ?? 'StringEquals']: { [condition.key]: condition.value } } : undefined,
  })];
}
