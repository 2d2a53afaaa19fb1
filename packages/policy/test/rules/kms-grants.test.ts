import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { KMSKeyGrantsForAwsServicesOnly } from '../../src/rules/kms/KMSKeyGrantsForAwsServicesOnly';
import { rotatingKey } from '../support/compliant-resources';
import { findingsOf } from '../support/rule-harness';

describe('KMSKeyGrantsForAwsServicesOnly', () => {
  test('Compliance: the CreateGrant deny; a policy whose CreateGrant needs kms:GrantIsForAWSResource', () => {
    expect(findingsOf(KMSKeyGrantsForAwsServicesOnly, (s) => {
      rotatingKey(s);
      new kms.CfnKey(s, 'OwnPolicy', { enableKeyRotation: true, keyPolicy: { Statement: [{
        Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/admin' }, Action: ['kms:Describe*', 'kms:CreateGrant'], Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }] } });
    })).toEqual([]);
  });

  test('Noncompliance: the default key policy (kms:* for the root), and CreateGrant by pattern without the condition', () => {
    expect(findingsOf(KMSKeyGrantsForAwsServicesOnly, (s) => {
      new kms.Key(s, 'Default', { enableKeyRotation: true });
      const patterned = new kms.Key(s, 'Patterned', { enableKeyRotation: true, policy: new iam.PolicyDocument() });
      patterned.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.AccountRootPrincipal()], actions: ['kms:Create*'], resources: ['*'],
      }));
      // A deny that still lets non-AWS grants through (only PrincipalIsAWSService) is not the limit.
      const halfDeny = new kms.Key(s, 'HalfDeny', { enableKeyRotation: true });
      halfDeny.addToResourcePolicy(new iam.PolicyStatement({
        effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['kms:CreateGrant'], resources: ['*'],
        conditions: { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
      }));
    })).toEqual([
      'ListBackup-KMSKeyGrantsForAwsServicesOnly Fixture/Default/Resource',
      'ListBackup-KMSKeyGrantsForAwsServicesOnly Fixture/HalfDeny/Resource',
      'ListBackup-KMSKeyGrantsForAwsServicesOnly Fixture/Patterned/Resource',
    ]);
  });
});
