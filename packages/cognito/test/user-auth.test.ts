import { App, Stack } from 'aws-cdk-lib/core';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { UserAuth, UserAuthProps } from '../src';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/abc';
const BASE: Omit<UserAuthProps, 'dataBucket'> = {
  domainPrefix: 'shop-dev',
  callbackUrls: ['https://shop.example.com/auth/callback', 'http://localhost:5173/auth/callback'],
};

/** A UserAuth over an imported SSE-KMS bucket `shop-dev-data` (or an SSE-S3 one, `kms: false`). */
function build(props: Partial<UserAuthProps> = {}, kmsBucket = true): { stack: Stack; auth: UserAuth } {
  const stack = new Stack(new App(), 'Fixture');
  const dataBucket = s3.Bucket.fromBucketAttributes(stack, 'Data', {
    bucketName: 'shop-dev-data',
    encryptionKey: kmsBucket ? kms.Key.fromKeyArn(stack, 'DataKey', KEY_ARN) : undefined,
  });
  return { stack, auth: new UserAuth(stack, 'Auth', { ...BASE, dataBucket, ...props }) };
}

describe('UserAuth', () => {
  const { stack, auth } = build();
  const template = Template.fromStack(stack);

  test('makes a pool, a client, a domain, an identity pool with a principal tag, two roles and one managed policy', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.resourceCountIs('AWS::Cognito::IdentityPoolPrincipalTag', 1);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.resourceCountIs('AWS::Cognito::IdentityPool', 1);
    template.resourceCountIs('AWS::Cognito::IdentityPoolRoleAttachment', 1);
    template.resourceCountIs('AWS::IAM::Role', 2);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('the user pool: email sign-in, strong passwords, optional TOTP, threat protection, retained', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        DeletionProtection: 'ACTIVE',
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
        Schema: [
          { Name: 'accountId', AttributeDataType: 'String', Mutable: true },
          { Name: 'role', AttributeDataType: 'String', Mutable: true },
        ],
      },
    });
  });

  test('the web client: no secret, SRP and refresh, code flow to the given URLs, custom attributes read-only', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: BASE.callbackUrls,
      LogoutURLs: BASE.callbackUrls,
      PreventUserExistenceErrors: 'ENABLED',
      ReadAttributes: Match.arrayWith(['custom:accountId', 'custom:role']),
      WriteAttributes: ['email', 'family_name', 'given_name'],
    });
  });

  test('the hosted-UI domain uses the prefix', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'shop-dev', UserPoolId: { Ref: Match.stringLikeRegexp('^AuthUserPool') } });
  });

  test('the identity pool trusts only this pool and client, and refuses unauthenticated identities', () => {
    template.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [Match.objectLike({ ClientId: { Ref: Match.stringLikeRegexp('^AuthUserPoolWebClient') }, ServerSideTokenCheck: true })],
    });
    for (const amr of ['authenticated', 'unauthenticated']) {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Condition: { 'StringEquals': { 'cognito-identity.amazonaws.com:aud': { Ref: Match.stringLikeRegexp('^AuthIdentityPool') } }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr } },
        })]) },
      });
    }
  });

  test('sessions carry the account as a principal tag, and the role trusts the pool to set it', () => {
    template.hasResourceProperties('AWS::Cognito::IdentityPoolPrincipalTag', {
      IdentityPoolId: { Ref: Match.stringLikeRegexp('^AuthIdentityPool') },
      IdentityProviderName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuthUserPool'), 'ProviderName'] },
      PrincipalTags: { accountId: 'custom:accountId' },
      UseDefaults: false,
    });
    const authenticatedId = stack.getLogicalId(auth.identityPool.authenticatedRole.node.defaultChild as never);
    const conditions = {
      'StringEquals': { 'cognito-identity.amazonaws.com:aud': { Ref: Match.stringLikeRegexp('^AuthIdentityPool') } },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
    };
    const trust = template.findResources('AWS::IAM::Role')[authenticatedId].Properties.AssumeRolePolicyDocument.Statement;
    expect(trust.map((st: { Action: string }) => st.Action)).toEqual(['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']);
    template.hasResource('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: Match.arrayWith([
      { Effect: 'Allow', Action: 'sts:TagSession', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Condition: conditions },
    ]) } } });
  });

  test('signed-in users read their account\'s prefix and write its uploads only; the unauthenticated role gets nothing', () => {
    const authenticatedId = stack.getLogicalId(auth.identityPool.authenticatedRole.node.defaultChild as never);
    const bucketArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::shop-dev-data']] };
    const objects = (path: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::shop-dev-data/${path}`]] });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: authenticatedId }],
      PolicyDocument: { Statement: [
        {
          Sid: 'ListOwnAccount', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn,
          Condition: { StringLike: { 's3:prefix': ['accounts/${aws:PrincipalTag/accountId}/*'] } },
        },
        { Sid: 'ReadOwnAccount', Effect: 'Allow', Action: 's3:GetObject', Resource: objects('accounts/${aws:PrincipalTag/accountId}/*') },
        {
          Sid: 'WriteOwnUploads', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'],
          Resource: objects('accounts/${aws:PrincipalTag/accountId}/uploads/*'),
        },
        { Sid: 'UseDataBucketKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: KEY_ARN },
      ] },
    });
    const unauthenticatedId = stack.getLogicalId(auth.identityPool.unauthenticatedRole.node.defaultChild as never);
    const unauthenticated = template.findResources('AWS::IAM::Role')[unauthenticatedId];
    expect(unauthenticated.Properties.Policies).toBeUndefined();
    expect(unauthenticated.Properties.ManagedPolicyArns).toBeUndefined();
    const attached = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => p.Properties.Roles);
    expect(attached).not.toContainEqual({ Ref: unauthenticatedId });
  });

  test('an SSE-S3 bucket needs no key permission', () => {
    const statements = Template.fromStack(build({}, false).stack).findResources('AWS::IAM::ManagedPolicy');
    const sids = Object.values(statements).flatMap((p) => p.Properties.PolicyDocument.Statement.map((st: { Sid: string }) => st.Sid));
    expect(sids).toEqual(['ListOwnAccount', 'ReadOwnAccount', 'WriteOwnUploads']);
  });

  test('options: required MFA, longer passwords, explicit logout URLs, a data bucket key', () => {
    const { stack: s } = build({
      mfa: cognito.Mfa.REQUIRED, passwordMinLength: 16, logoutUrls: ['https://shop.example.com/'],
      selfSignUpEnabled: true, allowUnauthenticatedIdentities: true,
    });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON', Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 16 }) },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
    });
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', { LogoutURLs: ['https://shop.example.com/'] });
    t.hasResourceProperties('AWS::Cognito::IdentityPool', { AllowUnauthenticatedIdentities: true });
  });
});

describe('UserAuth validation', () => {
  test.each([
    [{ domainPrefix: 'Shop_Dev' }, /domainPrefix 'Shop_Dev' must be 1 to 63 lower-case letters/],
    [{ domainPrefix: '-shop' }, /domainPrefix '-shop' must be 1 to 63 lower-case letters, digits and '-', not starting or ending with '-'/],
    [{ domainPrefix: 'my-cognito-app' }, /domainPrefix 'my-cognito-app' must not contain 'aws', 'amazon' or 'cognito'/],
    [{ callbackUrls: [] }, /callbackUrls must list at least one URL/],
    [{ callbackUrls: ['http://shop.example.com/cb'] }, /callbackUrls: 'http:\/\/shop\.example\.com\/cb' must use https \(plain http is allowed only for localhost\)/],
    [{ callbackUrls: ['https://shop.example.com/cb#x'] }, /callbackUrls: '.*' must not contain a fragment/],
    [{ callbackUrls: ['/auth/callback'] }, /callbackUrls: '\/auth\/callback' is not an absolute URL/],
    [{ logoutUrls: ['ftp://shop.example.com/'] }, /logoutUrls: 'ftp:\/\/shop\.example\.com\/' must use https/],
    [{ passwordMinLength: 6 }, /passwordMinLength must be an integer from 8 to 99, got 6/],
  ] as Array<[Partial<UserAuthProps>, RegExp]>)('validation case %#: %s', (props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('one error lists every failure with the construct path, and nothing is added', () => {
    const stack = new Stack(new App(), 'Fixture');
    const dataBucket = s3.Bucket.fromBucketName(stack, 'Data', 'shop-dev-data');
    expect(() => new UserAuth(stack, 'Auth', { ...BASE, dataBucket, domainPrefix: 'aws', callbackUrls: [], passwordMinLength: 100 }))
      .toThrow(/^Fixture\/Auth: invalid user auth settings:\n {2}- domainPrefix 'aws' must not contain.*\n {2}- callbackUrls must list.*\n {2}- passwordMinLength/);
    expect(stack.node.tryFindChild('Auth')).toBeUndefined();
  });
});
