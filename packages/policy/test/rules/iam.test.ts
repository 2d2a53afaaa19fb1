import * as iam from 'aws-cdk-lib/aws-iam';
import { IAMNoAdminManagedPolicy } from '../../src/rules/iam/IAMNoAdminManagedPolicy';
import { IAMNoWildcardAction } from '../../src/rules/iam/IAMNoWildcardAction';
import { IAMNoWildcardResource } from '../../src/rules/iam/IAMNoWildcardResource';
import { rotatingKey, role } from '../support/compliant-resources';
import { findingsOf } from '../support/rule-harness';

const BUCKET_OBJECTS = 'arn:aws:s3:::listbackup-example/*';

describe('IAMNoWildcardAction', () => {
  test('Compliance: named actions, prefix wildcards, Deny *; key policies are not IAM policies', () => {
    expect(findingsOf(IAMNoWildcardAction, (s) => {
      role(s, 'Named');
      role(s, 'Prefix', new iam.PolicyStatement({ actions: ['s3:Get*'], resources: [BUCKET_OBJECTS] }));
      role(s, 'Deny', new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['*'] }));
      rotatingKey(s);
    })).toEqual([]);
  });
  test('Noncompliance: `*` and `service:*` in a role, a policy and a managed policy, named per action', () => {
    expect(findingsOf(IAMNoWildcardAction, (s) => {
      role(s, 'Star', new iam.PolicyStatement({ actions: ['*'], resources: [BUCKET_OBJECTS] }));
      new iam.Policy(s, 'Policy', { statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: [BUCKET_OBJECTS] })] })
        .attachToRole(role(s, 'Holder'));
      new iam.ManagedPolicy(s, 'Managed', { statements: [new iam.PolicyStatement({ actions: ['sqs:*'], resources: [BUCKET_OBJECTS] })] });
      new iam.CfnRole(s, 'Inline', {
        assumeRolePolicyDocument: { Statement: [] },
        policies: [{ policyName: 'p', policyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: BUCKET_OBJECTS }] } }],
      });
    })).toEqual([
      'ListBackup-IAMNoWildcardAction[Action::*] Fixture/Star/DefaultPolicy/Resource',
      'ListBackup-IAMNoWildcardAction[Action::dynamodb:*] Fixture/Inline',
      'ListBackup-IAMNoWildcardAction[Action::s3:*] Fixture/Policy/Resource',
      'ListBackup-IAMNoWildcardAction[Action::sqs:*] Fixture/Managed/Resource',
    ]);
  });
});

describe('IAMNoWildcardResource', () => {
  test('Compliance: named resources, allowlisted actions on `*`, Deny on `*`, key policies', () => {
    expect(findingsOf(IAMNoWildcardResource, (s) => {
      role(s, 'Named');
      role(s, 'Tracing', new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }));
      role(s, 'Deny', new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['s3:DeleteBucket'], resources: ['*'] }));
      rotatingKey(s);
    })).toEqual([]);
  });
  test('Noncompliance: `*` for an action with resource-level permissions, even beside allowlisted ones', () => {
    expect(findingsOf(IAMNoWildcardResource, (s) => {
      role(s, 'Star', new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
      role(s, 'Mixed', new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData', 'sqs:SendMessage'], resources: ['*'] }));
    })).toEqual([
      'ListBackup-IAMNoWildcardResource[Resource::*] Fixture/Mixed/DefaultPolicy/Resource',
      'ListBackup-IAMNoWildcardResource[Resource::*] Fixture/Star/DefaultPolicy/Resource',
    ]);
  });
});

describe('IAMNoAdminManagedPolicy', () => {
  test('Compliance: a narrow AWS managed policy', () => {
    expect(findingsOf(IAMNoAdminManagedPolicy, (s) => {
      role(s).addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'));
    })).toEqual([]);
  });
  test('Noncompliance: AdministratorAccess, PowerUserAccess and *FullAccess, named per policy', () => {
    expect(findingsOf(IAMNoAdminManagedPolicy, (s) => {
      const r = role(s, 'Admin');
      r.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'));
      r.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('job-function/PowerUserAccess'));
      r.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess'));
    })).toEqual([
      'ListBackup-IAMNoAdminManagedPolicy[Policy::AdministratorAccess] Fixture/Admin/Resource',
      'ListBackup-IAMNoAdminManagedPolicy[Policy::AmazonS3FullAccess] Fixture/Admin/Resource',
      'ListBackup-IAMNoAdminManagedPolicy[Policy::PowerUserAccess] Fixture/Admin/Resource',
    ]);
  });
});
