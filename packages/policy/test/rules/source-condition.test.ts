import { Stack } from 'aws-cdk-lib/core';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ServicePrincipalSourceCondition } from '../../src/rules/resource-policy/ServicePrincipalSourceCondition';
import { bucket, lambdaOfThisAccount, queue, rotatingKey } from '../support/compliant-resources';
import { findingsOf } from '../support/rule-harness';

/** A role of a CloudTrail trail (or any service) with the trust conditions given. */
function serviceRole(stack: Stack, id: string, service: string, conditions?: Record<string, unknown>): iam.Role {
  return new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal(service, { conditions }) });
}

function inlineFunction(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;'),
    role: new iam.Role(stack, `${id}Role`, { assumedBy: lambdaOfThisAccount(stack) }),
  });
}

describe('ServicePrincipalSourceCondition', () => {
  test('Compliance: source ARN, source account, KMS encryption context, Cognito audience, Lambda permission with SourceArn', () => {
    expect(findingsOf(ServicePrincipalSourceCondition, (s) => {
      const trailArn = s.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: 'audit' });
      const b = bucket(s);
      b.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')], actions: ['s3:PutObject'], resources: [b.arnForObjects('*')],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      }));
      serviceRole(s, 'TrailRole', 'cloudtrail.amazonaws.com', { StringEquals: { 'aws:SourceAccount': s.account } });
      rotatingKey(s).addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${s.region}.amazonaws.com`)], actions: ['kms:Decrypt'], resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': s.formatArn({ service: 'logs', resource: 'log-group', resourceName: 'x' }) } },
      }));
      new iam.Role(s, 'Authenticated', { assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:pool' },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      }, 'sts:AssumeRoleWithWebIdentity') });
      inlineFunction(s, 'Fn').addPermission('FromRule', { principal: new iam.ServicePrincipal('events.amazonaws.com'), sourceArn: trailArn });
      // A Deny and an account principal are not service grants.
      queue(s);
    })).toEqual([]);
  });

  test('Noncompliance: bucket policy, trust policy, joined key-policy principal, log group resource policy, Lambda permission', () => {
    expect(findingsOf(ServicePrincipalSourceCondition, (s) => {
      const b = bucket(s);
      b.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'TrailWrites', principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')], actions: ['s3:PutObject'],
        resources: [b.arnForObjects('*')], conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }));
      serviceRole(s, 'TrailRole', 'cloudtrail.amazonaws.com');
      // IfExists does not pin the source: a request without it passes.
      serviceRole(s, 'IfExistsRole', 'cloudtrail.amazonaws.com', { StringEqualsIfExists: { 'aws:SourceAccount': s.account } });
      rotatingKey(s).addToResourcePolicy(new iam.PolicyStatement({
        sid: 'LogsAnywhere', principals: [new iam.ServicePrincipal(`logs.${s.region}.amazonaws.com`)], actions: ['kms:Decrypt'], resources: ['*'],
      }));
      new logs.ResourcePolicy(s, 'Delivery', { policyStatements: [new iam.PolicyStatement({
        sid: 'EventsDeliver', principals: [new iam.ServicePrincipal('events.amazonaws.com')], actions: ['logs:PutLogEvents'],
        resources: ['arn:aws:logs:eu-west-1:111111111111:log-group:x:*'],
      })] });
      new lambda.CfnPermission(s, 'OpenInvoke', { action: 'lambda:InvokeFunction', functionName: inlineFunction(s, 'Fn').functionArn, principal: 'sns.amazonaws.com' });
    })).toEqual([
      'ListBackup-ServicePrincipalSourceCondition Fixture/OpenInvoke',
      'ListBackup-ServicePrincipalSourceCondition[Statement::0] Fixture/IfExistsRole/Resource',
      'ListBackup-ServicePrincipalSourceCondition[Statement::0] Fixture/TrailRole/Resource',
      'ListBackup-ServicePrincipalSourceCondition[Statement::EventsDeliver] Fixture/Delivery/ResourcePolicy',
      'ListBackup-ServicePrincipalSourceCondition[Statement::LogsAnywhere] Fixture/Key/Resource',
      'ListBackup-ServicePrincipalSourceCondition[Statement::TrailWrites] Fixture/Bucket/Policy/Resource',
    ]);
  });
});
