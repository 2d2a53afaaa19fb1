import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { applyPolicy, describeFindings, synthPolicyResult } from '@listbackup/policy';
import { COGNITO_CONTRACT, CognitoContract, DEFAULT_CALLBACK_URLS, InfrastructureCognitoStack, resolveCallbackUrls } from '../src';

const stack = new InfrastructureCognitoStack(new App(), { stage: 'main', callbackUrls: DEFAULT_CALLBACK_URLS.main });
const template = Template.fromStack(stack);

describe('InfrastructureCognitoStack', () => {
  test('is named on the convention, with the domain listbackup-<stage>', () => {
    expect(stack.stackName).toBe('listbackup-infrastructure-cognito-main');
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'listbackup-main' });
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(8);
  });

  test('the default data bucket is listbackup-<stage>-data-<account>', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
      Sid: 'ListOwnPrefix', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::listbackup-main-data-', { Ref: 'AWS::AccountId' }]] },
    })]) } });
    const named = Template.fromStack(new InfrastructureCognitoStack(new App(), { stage: 'dev', callbackUrls: DEFAULT_CALLBACK_URLS.dev, dataBucketName: 'my-bucket' }));
    named.hasResourceProperties('AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
      Sid: 'ListOwnPrefix', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::my-bucket']] },
    })]) } });
  });

  test('exports the five values under the convention', () => {
    const outputs = template.findOutputs('*');
    expect(Object.values(outputs).map((o) => o.Export.Name).sort()).toEqual(COGNITO_CONTRACT.exportNames('main').sort());
    expect(Object.keys(outputs)).toHaveLength(5);
    template.hasOutput('CognitoUserPoolId', { Value: { Ref: Match.stringLikeRegexp('^UserAuthUserPool') }, Export: { Name: 'listbackup-infrastructure-cognito-main-CognitoUserPoolId' } });
    template.hasOutput('CognitoUserPoolArn', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^UserAuthUserPool'), 'Arn'] } });
    template.hasOutput('CognitoUserPoolClientId', { Value: { Ref: Match.stringLikeRegexp('^UserAuthUserPoolWebClient') } });
    template.hasOutput('CognitoIdentityPoolId', { Value: { Ref: Match.stringLikeRegexp('^UserAuthIdentityPool') } });
    template.hasOutput('CognitoUserPoolDomain', { Value: { Ref: Match.stringLikeRegexp('^UserAuthUserPoolDomain') } });
  });

  test('every taggable resource carries Service and Stage', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTags: { Service: 'listbackup-infrastructure-cognito', Stage: 'main', ManagedBy: 'projen-cdk' } });
    template.hasResourceProperties('AWS::Cognito::IdentityPool', { IdentityPoolTags: Match.arrayWith([{ Key: 'Stage', Value: 'main' }]) });
    template.allResourcesProperties('AWS::IAM::Role', { Tags: Match.arrayWith([{ Key: 'Service', Value: 'listbackup-infrastructure-cognito' }]) });
  });

  test('passes every policy pack with no error and no warning, and reports the two acknowledgements', () => {
    const app = new App();
    new InfrastructureCognitoStack(app, { stage: 'main', callbackUrls: DEFAULT_CALLBACK_URLS.main });
    applyPolicy(app);
    const result = synthPolicyResult(app);
    expect(describeFindings(result.errors)).toBe('');
    expect(describeFindings(result.warnings)).toBe('');
    expect(result.acknowledgements.map((a) => a.ruleId).sort()).toEqual([
      'AwsSolutions-COG2',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::listbackup-main-data-<AWS::AccountId>/accounts/<cognito-identity.amazonaws.com:sub>/*]',
    ]);
  });
});

describe('callback URLs per stage', () => {
  const withContext = (context: Record<string, unknown>): App => new App({ context });

  test('main and dev have defaults', () => {
    expect(resolveCallbackUrls(withContext({}), 'main')).toEqual(DEFAULT_CALLBACK_URLS.main);
    expect(resolveCallbackUrls(withContext({}), 'dev')).toEqual(DEFAULT_CALLBACK_URLS.dev);
  });

  test('context wins, as a JSON array or a comma-separated list', () => {
    expect(resolveCallbackUrls(withContext({ callbackUrls: '["https://a.example.com/cb"]' }), 'qa')).toEqual(['https://a.example.com/cb']);
    expect(resolveCallbackUrls(withContext({ callbackUrls: 'https://a.example.com/cb, https://b.example.com/cb' }), 'main'))
      .toEqual(['https://a.example.com/cb', 'https://b.example.com/cb']);
  });

  test('a stage with neither is a clear error', () => {
    expect(() => resolveCallbackUrls(withContext({}), 'qa')).toThrow(/stage 'qa' has no OAuth callback URLs.*--context callbackUrls=/);
  });

  test('malformed context is a clear error', () => {
    expect(() => resolveCallbackUrls(withContext({ callbackUrls: '["https://a' }), 'qa')).toThrow(/context key 'callbackUrls' is not valid JSON/);
    expect(() => resolveCallbackUrls(withContext({ callbackUrls: [] }), 'qa')).toThrow(/context key 'callbackUrls' must be a non-empty list of URLs/);
  });
});

describe('CognitoContract', () => {
  test('the importer reads only names the stack exports', () => {
    const consumer = new Stack(new App(), 'Consumer');
    const imported = CognitoContract.import(consumer, 'main');
    const api = new iam.Role(consumer, 'Api', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    imported.userPool.grant(api, 'cognito-idp:AdminGetUser');
    new iam.Role(consumer, 'Names', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: [imported.userPoolClient.userPoolClientId, imported.identityPoolId, imported.userPoolDomain].join(' '),
    });
    const json = JSON.stringify(Template.fromStack(consumer).toJSON());
    const names = [...new Set([...json.matchAll(/"Fn::ImportValue":"([^"]+)"/g)].map((m) => m[1]))].sort();
    expect(names).toEqual(['CognitoIdentityPoolId', 'CognitoUserPoolArn', 'CognitoUserPoolClientId', 'CognitoUserPoolDomain']
      .map((n) => `listbackup-infrastructure-cognito-main-${n}`));
    const exported = Object.values(template.findOutputs('*')).map((o) => o.Export.Name as string);
    expect(exported).toEqual(expect.arrayContaining(names));
  });

  test('importing twice in one scope returns the same pool', () => {
    const consumer = new Stack(new App(), 'Consumer');
    expect(CognitoContract.import(consumer, 'main').userPool).toBe(CognitoContract.import(consumer, 'main').userPool);
  });

  test('a bad stage is refused', () => {
    expect(() => CognitoContract.import(new Stack(new App(), 'Consumer'), 'Main')).toThrow(/stage 'Main' .* is invalid/);
  });
});
