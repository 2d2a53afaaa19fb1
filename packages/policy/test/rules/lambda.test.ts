import { Stack } from 'aws-cdk-lib/core';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { LambdaAsyncFailureDestination } from '../../src/rules/lambda/LambdaAsyncFailureDestination';
import { deadLetterQueue, lambdaOfThisAccount } from '../support/compliant-resources';
import { findingsOf } from '../support/rule-harness';

function fn(stack: Stack, id: string, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;'),
    role: new iam.Role(stack, `${id}Role`, { assumedBy: lambdaOfThisAccount(stack) }),
    ...props,
  });
}

describe('LambdaAsyncFailureDestination', () => {
  test('Compliance: a rule target with a DLQ, an S3-invoked function with an on-failure destination, a synchronously invoked function', () => {
    expect(findingsOf(LambdaAsyncFailureDestination, (s) => {
      const withDlq = fn(s, 'WithDlq', { deadLetterQueue: deadLetterQueue(s, 'FnDlq') });
      new events.Rule(s, 'Rule', { eventPattern: { source: ['x'] }, targets: [new targets.LambdaFunction(withDlq)] });
      const withDestination = fn(s, 'WithDestination', { onFailure: new destinations.SqsDestination(deadLetterQueue(s, 'Failures')) });
      withDestination.addPermission('FromS3', { principal: new iam.ServicePrincipal('s3.amazonaws.com'), sourceAccount: s.account });
      fn(s, 'Api').addPermission('FromApi', { principal: new iam.ServicePrincipal('apigateway.amazonaws.com'), sourceAccount: s.account });
    })).toEqual([]);
  });

  test('Noncompliance: an EventBridge rule target and an SNS-invoked function, neither with a DLQ nor a destination', () => {
    expect(findingsOf(LambdaAsyncFailureDestination, (s) => {
      new events.Rule(s, 'Rule', { eventPattern: { source: ['x'] }, targets: [new targets.LambdaFunction(fn(s, 'RuleTarget'))] });
      new lambda.CfnPermission(s, 'FromSns', {
        action: 'lambda:InvokeFunction', functionName: fn(s, 'Subscriber').functionArn, principal: 'sns.amazonaws.com', sourceAccount: s.account,
      });
    })).toEqual([
      'ListBackup-LambdaAsyncFailureDestination Fixture/RuleTarget/Resource',
      'ListBackup-LambdaAsyncFailureDestination Fixture/Subscriber/Resource',
    ]);
  });
});
