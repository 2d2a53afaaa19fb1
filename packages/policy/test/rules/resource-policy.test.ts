import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ResourcePolicyNotPublic } from '../../src/rules/resource-policy/ResourcePolicyNotPublic';
import { bucket, eventBus, queue, rotatingKey } from '../support/compliant-resources';
import { findingsOf } from '../support/rule-harness';

// The legacy EventBusPolicy form is deprecated; its warnings are expected here.
process.env.JSII_DEPRECATED = 'quiet';

function publicStatement(resource: string, sid: string, condition?: Record<string, Record<string, unknown>>): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, actions: ['s3:GetObject', 'sqs:SendMessage', 'events:PutEvents', 'kms:Decrypt'], resources: [resource], principals: [new iam.AnyPrincipal()], conditions: condition });
}

describe('ResourcePolicyNotPublic', () => {
  test('Compliance: account principals, public principals narrowed by a condition, public Deny', () => {
    expect(findingsOf(ResourcePolicyNotPublic, (s) => {
      const b = bucket(s);
      b.addToResourcePolicy(publicStatement(b.arnForObjects('*'), 'Org', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }));
      const q = queue(s);
      q.addToResourcePolicy(publicStatement(q.queueArn, 'Source', { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111111111111:t' } }));
      const bus = eventBus(s);
      new events.CfnEventBusPolicy(s, 'BusPolicy', { eventBusName: bus.eventBusName, statementId: 'Account', statement: {
        Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'events:PutEvents', Resource: bus.eventBusArn,
      } });
      rotatingKey(s);
    })).toEqual([]);
  });

  test('Noncompliance: public grants in bucket, queue, bus (both forms), bus Policy property and key policies', () => {
    expect(findingsOf(ResourcePolicyNotPublic, (s) => {
      const b = bucket(s);
      b.addToResourcePolicy(publicStatement(b.arnForObjects('*'), 'Anyone'));
      const q = queue(s);
      q.addToResourcePolicy(publicStatement(q.queueArn, 'IfExists', { StringEqualsIfExists: { 'aws:SourceAccount': '111111111111' } }));
      const bus = eventBus(s);
      new events.CfnEventBusPolicy(s, 'BusPolicy', { eventBusName: bus.eventBusName, statementId: 'Everyone', statement: {
        Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: bus.eventBusArn,
      } });
      new events.CfnEventBusPolicy(s, 'LegacyBusPolicy', { eventBusName: bus.eventBusName, statementId: 'Legacy', principal: '*', action: 'events:PutEvents' });
      new events.CfnEventBus(s, 'InlineBus', { name: 'inline', policy: { Statement: [{ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'events:PutEvents', Resource: '*' }] } });
      rotatingKey(s).addToResourcePolicy(publicStatement('*', 'PublicKey'));
    })).toEqual([
      'ListBackup-ResourcePolicyNotPublic[Statement::0] Fixture/InlineBus',
      'ListBackup-ResourcePolicyNotPublic[Statement::0] Fixture/LegacyBusPolicy',
      'ListBackup-ResourcePolicyNotPublic[Statement::Anyone] Fixture/Bucket/Policy/Resource',
      'ListBackup-ResourcePolicyNotPublic[Statement::Everyone] Fixture/BusPolicy',
      'ListBackup-ResourcePolicyNotPublic[Statement::IfExists] Fixture/Queue/Policy/Resource',
      'ListBackup-ResourcePolicyNotPublic[Statement::PublicKey] Fixture/Key/Resource',
    ]);
  });
});
