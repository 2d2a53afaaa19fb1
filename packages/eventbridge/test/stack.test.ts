import { App, Stack } from 'aws-cdk-lib/core';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { applyPolicy, synthPolicyResult } from '@listbackup/policy/synth';
import { expectPolicyPasses } from '@listbackup/policy/testing';
import { EVENTBRIDGE_CONTRACT, EventBridgeContract, InfrastructureEventBridgeStack, RULE_CATALOG } from '../src';

const stack = new InfrastructureEventBridgeStack(new App(), { stage: 'main' });
const template = Template.fromStack(stack);

describe('InfrastructureEventBridgeStack', () => {
  test('is named on the convention and holds the bus listbackup-<stage>', () => {
    expect(stack.stackName).toBe('listbackup-infrastructure-eventbridge-main');
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'listbackup-main' });
    template.resourceCountIs('AWS::Events::Rule', 6);
    template.resourceCountIs('AWS::Logs::LogGroup', 6);
    template.resourceCountIs('AWS::Events::Archive', 1);
    template.resourceCountIs('AWS::KMS::Key', 2);
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(18);
  });

  test.each(RULE_CATALOG.map((r) => [r.id, r]))('%s matches its listbackup.<domain> prefix', (_id, rule) => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: rule.sourcePrefixes.map((prefix) => ({ prefix })) },
      Description: rule.description,
      Targets: [Match.objectLike({ Arn: Match.anyValue() })],
    });
    expect(rule.sourcePrefixes.every((p) => /^listbackup\.[a-z]+$/.test(p))).toBe(true);
  });

  test('exports the bus, its key and every rule under the convention', () => {
    const outputs = template.findOutputs('*');
    expect(Object.values(outputs).map((o) => o.Export.Name).sort()).toEqual(EVENTBRIDGE_CONTRACT.exportNames('main').sort());
    expect(Object.keys(outputs)).toHaveLength(9);
    template.hasOutput('EventBusName', { Value: { Ref: Match.stringLikeRegexp('^DomainEventsEventBus') }, Export: { Name: 'listbackup-infrastructure-eventbridge-main-EventBusName' } });
    template.hasOutput('EventBusArn', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DomainEventsEventBus'), 'Arn'] } });
    template.hasOutput('EventBusKeyArn', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DomainEventsEventBusKey'), 'Arn'] } });
    for (const rule of RULE_CATALOG) {
      template.hasOutput(`${rule.id}Arn`, {
        Value: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^DomainEvents${rule.id}`), 'Arn'] },
        Export: { Name: `listbackup-infrastructure-eventbridge-main-${rule.id}Arn` },
      });
    }
  });

  test('every taggable resource carries Service and Stage', () => {
    const tagged = Object.values(template.toJSON().Resources as Record<string, { Type: string; Properties: { Tags?: unknown } }>)
      .filter((r) => ['AWS::Events::Rule', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::Events::EventBus'].includes(r.Type));
    expect(tagged).toHaveLength(15);
    for (const resource of tagged) {
      expect(resource.Properties.Tags).toEqual(expect.arrayContaining([
        { Key: 'Service', Value: 'listbackup-infrastructure-eventbridge' }, { Key: 'Stage', Value: 'main' },
      ]));
    }
  });

  test('passes every policy pack with no error and no warning', () => {
    const app = new App();
    new InfrastructureEventBridgeStack(app, { stage: 'main' });
    expectPolicyPasses(app);
  });
});

describe('EventBridgeContract', () => {
  test('the importer reads exactly the bus names the stack exports', () => {
    const consumer = new Stack(new App(), 'Consumer');
    const { eventBus, eventBusKey } = EventBridgeContract.import(consumer, 'main');
    const producer = new iam.Role(consumer, 'Producer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    eventBus.grantPutEventsTo(producer);
    eventBusKey?.grantDecrypt(producer);
    new iam.Role(consumer, 'Named', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), roleName: eventBus.eventBusName });
    const json = JSON.stringify(Template.fromStack(consumer).toJSON());
    const imported = [...new Set([...json.matchAll(/"Fn::ImportValue":"([^"]+)"/g)].map((m) => m[1]))].sort();
    const exported = Object.values(template.findOutputs('*')).map((o) => o.Export.Name as string);
    expect(imported).toEqual(['EventBusArn', 'EventBusKeyArn', 'EventBusName'].map((n) => `listbackup-infrastructure-eventbridge-main-${n}`));
    expect(exported).toEqual(expect.arrayContaining(imported));
  });

  test('importing twice in one scope returns the same bus', () => {
    const consumer = new Stack(new App(), 'Consumer');
    expect(EventBridgeContract.import(consumer, 'main').eventBus).toBe(EventBridgeContract.import(consumer, 'main').eventBus);
  });

  test('two stages imported into one scope are two buses, each read from its own stage', () => {
    const scope = new Stack(new App(), 'TwoStages');
    const main = EventBridgeContract.import(scope, 'main').eventBus;
    const dev = EventBridgeContract.import(scope, 'dev').eventBus;
    expect(main).not.toBe(dev);
    expect(scope.resolve(dev.eventBusArn)).toEqual({ 'Fn::ImportValue': 'listbackup-infrastructure-eventbridge-dev-EventBusArn' });
    expect(scope.resolve(main.eventBusArn)).toEqual({ 'Fn::ImportValue': 'listbackup-infrastructure-eventbridge-main-EventBusArn' });
  });

  test('a bad stage is refused', () => {
    expect(() => EventBridgeContract.import(new Stack(new App(), 'Consumer'), 'Main')).toThrow(/stage 'Main' .* is invalid/);
  });
});

describe('sources and grants', () => {
  test('only these rules of this account may deliver to the rule log groups', () => {
    const [policy] = Object.values(template.findResources('AWS::Logs::ResourcePolicy'));
    const text = JSON.stringify(stack.resolve(policy.Properties.PolicyDocument));
    expect(text).toContain('\\"aws:SourceAccount\\":\\"');
    for (const spec of RULE_CATALOG) {
      expect(text).toContain(`:rule/listbackup-main/listbackup-main-${spec.id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`);
    }
  });

  test('both keys deny CreateGrant unless the grant is for an AWS resource', () => {
    const keys = Object.values(template.findResources('AWS::KMS::Key'));
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key.Properties.KeyPolicy.Statement).toContainEqual({
        Sid: 'GrantsForAwsServicesOnly', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:CreateGrant', Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      });
    }
  });

  test('without its source conditions the delivery policy fails the packs (the weakness, put back)', () => {
    const app = new App();
    const weak = new InfrastructureEventBridgeStack(app, { stage: 'main' });
    const cfn = weak.domainEventBus.node.findChild('LogDeliveryPolicy').node.defaultChild as import('aws-cdk-lib/aws-logs').CfnResourcePolicy;
    const document = JSON.parse(JSON.stringify(weak.resolve(cfn.policyDocument)));
    const text = (document['Fn::Join'][1] as unknown[]).map((p) => typeof p === 'string' ? p : JSON.stringify(p)).join('');
    expect(text).toContain('"Condition"');
    cfn.policyDocument = JSON.stringify({ Statement: [{ Sid: 'Open', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' },
      Action: 'logs:PutLogEvents', Resource: '*' }] });
    applyPolicy(app);
    expect(synthPolicyResult(app).errors.map((f) => `${f.ruleId} ${f.constructPath}`)).toContain(
      'ListBackup-ServicePrincipalSourceCondition[Statement::Open] listbackup-infrastructure-eventbridge-main/DomainEvents/LogDeliveryPolicy/ResourcePolicy');
  });
});
