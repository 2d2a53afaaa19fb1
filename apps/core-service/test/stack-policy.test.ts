import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { applyPolicy, describeFindings, synthPolicyResult } from '@listbackup/policy/synth';
import { expectPolicyPasses } from '@listbackup/policy/testing';
import { S3_CONTRACT } from '@listbackup/s3';
import { CoreServiceStack } from '../src';
import { tempApp } from './support/template';

test('the stack passes every policy pack with zero errors and zero warnings', () => {
  const app = tempApp();
  new CoreServiceStack(app, { stage: 'main' });
  const result = expectPolicyPasses(app);
  // Each acknowledgement names its rule (and finding) on the narrowest construct, nothing app-wide.
  const functions = ['Jobs', 'JobWorker', 'Activity'];
  expect(result.acknowledgements.map((a) => `${a.ruleId} ${a.constructPath}`).sort()).toEqual([
    ...functions.map((fn) => `NIST.800.53.R5-LambdaInsideVPC listbackup-core-main/${fn}/Function/Resource`),
    // The activity function is invoked asynchronously and has its own dead-letter queue: no acknowledgement.
    ...['Jobs', 'JobWorker'].map((fn) => `NIST.800.53.R5-LambdaDLQ listbackup-core-main/${fn}/Function/Resource`),
    `AwsSolutions-IAM5[Resource::${S3_CONTRACT.exportName('main', 'DataBucketArn')}/accounts/*/jobs/*] listbackup-core-main/JobWorker/Policy/Resource`,
  ].sort());
  expect(result.acknowledgements.every((a) => a.reason.length > 80)).toBe(true);
});

test('in another stage the bucket acknowledgement names that stage\'s export, and synth still passes', () => {
  const app = tempApp();
  new CoreServiceStack(app, { stage: 'pr-1' });
  applyPolicy(app);
  const result = synthPolicyResult(app);
  expect(result.acknowledgements.map((a) => a.ruleId)).toContain(
    `AwsSolutions-IAM5[Resource::${S3_CONTRACT.exportName('pr-1', 'DataBucketArn')}/accounts/*/jobs/*]`);
  expect(describeFindings(result.errors)).toBe('');
});

test('the packs are live on this stack: a wildcard grant added to a function fails it', () => {
  const app = tempApp();
  const stack = new CoreServiceStack(app, { stage: 'main' });
  new iam.ManagedPolicy(stack.jobWorker, 'TooBroad', {
    roles: [stack.jobWorker.role],
    statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })],
  });
  applyPolicy(app);
  const rules = synthPolicyResult(app).errors.map((f) => `${f.ruleId} ${f.constructPath}`);
  expect(rules).toEqual(expect.arrayContaining([
    'ListBackup-IAMNoWildcardAction[Action::s3:*] listbackup-core-main/JobWorker/TooBroad/Resource',
    'ListBackup-IAMNoWildcardResource[Resource::*] listbackup-core-main/JobWorker/TooBroad/Resource',
  ]));
});

test('the activity function without its dead-letter queue fails the packs (the weakness, put back)', () => {
  const app = tempApp();
  const stack = new CoreServiceStack(app, { stage: 'main' });
  (stack.activity.function.node.defaultChild as lambda.CfnFunction).deadLetterConfig = undefined;
  applyPolicy(app);
  const errors = synthPolicyResult(app).errors.map((f) => `${f.ruleId} ${f.constructPath}`);
  expect(errors).toEqual(expect.arrayContaining([
    'ListBackup-LambdaAsyncFailureDestination listbackup-core-main/Activity/Function/Resource',
    'NIST.800.53.R5-LambdaDLQ listbackup-core-main/Activity/Function/Resource',
  ]));
});
