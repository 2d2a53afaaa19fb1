import { App, Duration, Stack } from 'aws-cdk-lib/core';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { DomainEventBus, DomainEventBusProps } from '../src';

const RULES = [
  { id: 'OrderEventsRule', sourcePrefixes: ['shop.orders'] },
  { id: 'AuditEventsRule', sourcePrefixes: ['shop.audit', 'shop.security'] },
];

function build(props: Partial<DomainEventBusProps> = {}): { stack: Stack; bus: DomainEventBus } {
  const stack = new Stack(new App(), 'Fixture');
  const bus = new DomainEventBus(stack, 'Bus', { eventBusName: 'shop-dev', rules: RULES, ...props });
  return { stack, bus };
}

describe('DomainEventBus', () => {
  const { stack, bus } = build();
  const template = Template.fromStack(stack);

  test('makes one bus, two keys, an archive, a rule and a log group per rule, one delivery policy', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.resourceCountIs('AWS::Events::EventBusPolicy', 1);
    template.resourceCountIs('AWS::KMS::Key', 2);
    template.resourceCountIs('AWS::Events::Archive', 1);
    template.resourceCountIs('AWS::Events::Rule', 2);
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
  });

  test('the bus is encrypted with a rotating, retained customer key', () => {
    const keyId = stack.getLogicalId(bus.eventBusKey.node.defaultChild as never);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'shop-dev', KmsKeyIdentifier: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true, Description: Match.stringLikeRegexp('events, rules and archive') } });
  });

  test('the bus policy admits only the owning account', () => {
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: {
        Effect: 'Allow', Action: 'events:PutEvents',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
      },
    });
    expect(JSON.stringify(template.findResources('AWS::Events::EventBusPolicy'))).not.toMatch(/"AWS":"\*"|"Principal":"\*"/);
  });

  test('the archive keeps every domain source for a year, encrypted with the bus key, retained', () => {
    const keyId = stack.getLogicalId(bus.eventBusKey.node.defaultChild as never);
    template.hasResource('AWS::Events::Archive', {
      DeletionPolicy: 'Retain',
      Properties: {
        RetentionDays: 365,
        KmsKeyIdentifier: { 'Fn::GetAtt': [keyId, 'Arn'] },
        EventPattern: { source: [{ prefix: 'shop.orders' }, { prefix: 'shop.audit' }, { prefix: 'shop.security' }] },
      },
    });
  });

  test('the bus key lets EventBridge use it for the archive, tied to this bus', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Sid: 'EventBridgeArchiveUse',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { StringEquals: { 'kms:EncryptionContext:aws:events:event-bus:arn': Match.anyValue() } },
      })]) },
    });
  });

  test('each rule matches its source prefixes and delivers to its own log group', () => {
    for (const [id, name, source] of [
      ['OrderEventsRule', 'order-events-rule', [{ prefix: 'shop.orders' }]],
      ['AuditEventsRule', 'audit-events-rule', [{ prefix: 'shop.audit' }, { prefix: 'shop.security' }]],
    ] as const) {
      const logGroupId = stack.getLogicalId(bus.logGroups[id].node.defaultChild as never);
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: `shop-dev-${name}`,
        EventBusName: { Ref: Match.stringLikeRegexp('^BusEventBus') },
        EventPattern: { source },
        Targets: [Match.objectLike({ Arn: { 'Fn::Join': ['', Match.arrayWith([':log-group:', { Ref: logGroupId }])] } })],
      });
      template.hasResource('AWS::Logs::LogGroup', {
        DeletionPolicy: 'Retain',
        Properties: { LogGroupName: `/aws/events/shop-dev/${name}`, RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BusLogKey'), 'Arn'] } },
      });
    }
  });

  test('the log key lets CloudWatch Logs use it only for this bus\'s log groups', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', Match.arrayWith([':log-group:/aws/events/shop-dev/*'])] } } },
      })]) },
    });
  });

  test('the delivery policy lets EventBridge write only to these log groups', () => {
    const policy = Object.values(template.findResources('AWS::Logs::ResourcePolicy'))[0];
    const document = JSON.stringify(policy.Properties.PolicyDocument);
    expect(policy.Properties.PolicyName).toBe('shop-dev-rule-logs');
    expect(document).toContain('events.amazonaws.com');
    expect(document).toContain('logs:PutLogEvents');
    expect(document.match(/:log-group:/g)).toHaveLength(2);
  });

  test('options: archive and log retention', () => {
    const { stack: custom } = build({ archiveRetention: Duration.days(30), logRetention: logs.RetentionDays.TWO_YEARS });
    const t = Template.fromStack(custom);
    t.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 30 });
    t.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
  });

  test('grantPutEvents allows exactly events:PutEvents on the bus', () => {
    const { stack: s, bus: b } = build();
    const role = new iam.Role(s, 'Producer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    b.grantPutEvents(role);
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BusEventBus'), 'Arn'] } }] },
    });
  });
});

describe('DomainEventBus validation', () => {
  test.each([
    [{ eventBusName: 'shop dev' }, /eventBusName 'shop dev' must be 1 to 256 letters/],
    [{ eventBusName: 'default' }, /eventBusName must not be 'default'/],
    [{ archiveRetention: Duration.hours(36) }, /archiveRetention must be a whole number of days, at least 1, got 1\.5 days/],
    [{ rules: [] }, /rules must list at least one rule/],
    [{ rules: [RULES[0], RULES[0]] }, /rule ids must be unique, repeated: OrderEventsRule/],
    [{ rules: [{ id: 'orders', sourcePrefixes: ['shop.orders'] }] }, /rule id 'orders' must be PascalCase/],
    [{ eventBusName: 'x'.repeat(60) }, /rule OrderEventsRule: its name '.*' must be 1 to 64/],
    [{ rules: [{ id: 'OrderEventsRule', sourcePrefixes: [] }] }, /rule OrderEventsRule: sourcePrefixes must list at least one prefix/],
    [{ rules: [{ id: 'OrderEventsRule', sourcePrefixes: [' '] }] }, /rule OrderEventsRule: an empty source prefix would match every event/],
  ] as Array<[Partial<DomainEventBusProps>, RegExp]>)('validation case %#: %s', (props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('one error lists every failure with the construct path, and nothing is added', () => {
    const stack = new Stack(new App(), 'Fixture');
    expect(() => new DomainEventBus(stack, 'Bus', { eventBusName: 'default', rules: [], archiveRetention: Duration.hours(1) }))
      .toThrow(/^Fixture\/Bus: invalid event bus settings:\n {2}- eventBusName must not be 'default'.*\n {2}- archiveRetention.*\n {2}- rules must list/);
    expect(stack.node.tryFindChild('Bus')).toBeUndefined();
  });
});
