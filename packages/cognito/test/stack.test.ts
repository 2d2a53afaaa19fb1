import { App, Stack } from 'aws-cdk-lib/core';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { expectPolicyPasses } from '@listbackup/policy/testing';
import { S3_CONTRACT, S3Contract } from '@listbackup/s3';
import { COGNITO_CONTRACT, CognitoContract, DEFAULT_CALLBACK_URLS, InfrastructureCognitoStack, InfrastructureCognitoStackProps, resolveCallbackUrls } from '../src';

/** The stack as the app entry builds it: the data bucket and its key from the S3 stack's contract. */
function cognitoStack(app: App, stage = 'main', extra: Partial<InfrastructureCognitoStackProps> = {}): InfrastructureCognitoStack {
  return new InfrastructureCognitoStack(app, {
    stage, callbackUrls: DEFAULT_CALLBACK_URLS.main, importDataBucket: (scope) => S3Contract.import(scope, stage).dataBucket, ...extra,
  });
}

const stack = cognitoStack(new App());
const template = Template.fromStack(stack);

describe('InfrastructureCognitoStack', () => {
  test('is named on the convention, with the domain listbackup-<stage>', () => {
    expect(stack.stackName).toBe('listbackup-infrastructure-cognito-main');
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'listbackup-main' });
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(9);
  });

  test('signed-in users reach the data bucket and its key through the S3 stack\'s exports', () => {
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))[0].Properties.PolicyDocument.Statement;
    const resources = Object.fromEntries(statements.map((st: { Sid: string; Resource: unknown }) => [st.Sid, st.Resource]));
    expect(resources.ListOwnAccount).toEqual({ 'Fn::ImportValue': S3_CONTRACT.exportName('main', 'DataBucketArn') });
    expect(resources.ReadOwnAccount).toEqual({ 'Fn::Join': ['', [
      { 'Fn::ImportValue': S3_CONTRACT.exportName('main', 'DataBucketArn') }, '/accounts/${aws:PrincipalTag/accountId}/*',
    ]] });
    expect(resources.UseDataBucketKey).toEqual({ 'Fn::ImportValue': S3_CONTRACT.exportName('main', 'DataBucketKeyArn') });
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

  test('passes every policy pack with no error and no warning, and reports the three acknowledgements', () => {
    const app = new App();
    cognitoStack(app);
    const result = expectPolicyPasses(app);
    expect(result.acknowledgements.map((a) => a.ruleId).sort()).toEqual([
      'AwsSolutions-COG2',
      `AwsSolutions-IAM5[Resource::${S3_CONTRACT.exportName('main', 'DataBucketArn')}/accounts/<aws:PrincipalTag/accountId>/*]`,
      `AwsSolutions-IAM5[Resource::${S3_CONTRACT.exportName('main', 'DataBucketArn')}/accounts/<aws:PrincipalTag/accountId>/uploads/*]`,
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

  test('two stages imported into one scope are two pools, each read from its own stage', () => {
    const scope = new Stack(new App(), 'TwoStages');
    const main = CognitoContract.import(scope, 'main').userPool;
    const dev = CognitoContract.import(scope, 'dev').userPool;
    expect(main).not.toBe(dev);
    expect(JSON.stringify(scope.resolve(dev.userPoolArn))).toContain(COGNITO_CONTRACT.exportName('dev', 'CognitoUserPoolArn'));
    expect(JSON.stringify(scope.resolve(main.userPoolArn))).toContain(COGNITO_CONTRACT.exportName('main', 'CognitoUserPoolArn'));
  });

  test('a bad stage is refused', () => {
    expect(() => CognitoContract.import(new Stack(new App(), 'Consumer'), 'Main')).toThrow(/stage 'Main' .* is invalid/);
  });
});
